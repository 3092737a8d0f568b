/*
 * secure_boot.h - what secmon does at the board's power-on, before the
 * application core may start (docs/secmon.md, *Secure boot* and *OS
 * slots*): it selects the OS slot to boot by the slots' states (os_slots.h)
 * and checks that slot's OS: it reads the OS description from partition
 * osdesc, checks its signature against the device's OS vendor keys (not
 * revoked) and its security version against the OS counter, checks every OS
 * partition (boot, dtb, kernel, rootfs) against it, part bytes by SHA-256
 * and the rest of the partition erased, and measures what it checked. A
 * confirmed slot moves the OS counter forward to the security version it
 * booted; a trial does not.
 */
#ifndef SECMON_SECURE_BOOT_H
#define SECMON_SECURE_BOOT_H

#include <stdbool.h>

#include "measure.h"
#include "spherule/os_desc.h"
#include "store.h"

struct secure_boot_result {
	const char *partition;   /* on refusal: the partition refused ("osdesc", "kernel", ...) */
	struct error_detail why; /* on refusal: the reason */
	struct os_desc desc;     /* the description booted */
	struct measurement measurement;
	unsigned slot;           /* the slot booted: 0 (A) or 1 (B) */
	bool trial;              /* its one trial boot, not confirmed yet */
};

/*
 * Checks the OS laid out as bank 0 at offset base of flash_fd (an OS slot,
 * or the staging partition) with the store s: 0, r->desc and
 * r->measurement filled; else a negative errno with the partition and the
 * reason in r (-ENOENT with partition "osdesc": no OS there, the
 * description erased). Changes nothing.
 */
int secure_boot_check(const struct secmon_store *s, int flash_fd, uint32_t base, struct secure_boot_result *r);

/*
 * The power-on: selects and checks the OS slot of flash_fd (a flash file of
 * the board) to boot, with the store s (opened exclusive: the slots' states
 * and the OS counter change). 0 when an OS may boot, r filled; else a
 * negative errno with the partition and the reason of the first refusal in
 * r. The rules, in order: a trial not confirmed is marked bad; a slot
 * pending its trial boots, the trial recorded first; else the primary slot
 * boots, or the other good one when it fails. A slot that fails its check
 * is marked bad (empty when its description is erased), unless it is the
 * device's only OS; a bad slot never boots.
 */
int secure_boot(const struct secmon_store *s, int flash_fd, struct secure_boot_result *r);

#endif
