/*
 * secure_boot.h - what secmon does at the board's power-on, before the
 * application core may start (docs/secmon.md, *Secure boot*): it reads the
 * OS description from partition osdesc of the flash file, checks its
 * signature against the device's OS vendor keys (not revoked) and its
 * security version against the OS counter, checks every OS partition (boot,
 * dtb, kernel, rootfs) against it, part bytes by SHA-256 and the rest of the
 * partition erased, measures what it checked and moves the OS counter
 * forward to the security version it booted.
 */
#ifndef SECMON_SECURE_BOOT_H
#define SECMON_SECURE_BOOT_H

#include "measure.h"
#include "spherule/os_desc.h"
#include "store.h"

struct secure_boot_result {
	const char *partition;   /* on refusal: the partition refused ("osdesc", "kernel", ...) */
	struct error_detail why; /* on refusal: the reason */
	struct os_desc desc;     /* the description booted */
	struct measurement measurement;
};

/*
 * Checks the OS in flash_fd (a flash file of the board) with the store s
 * (opened exclusive: it advances the OS counter). 0 when the OS may boot,
 * r->desc and r->measurement filled; else a negative errno with the
 * partition and the reason in r.
 */
int secure_boot(const struct secmon_store *s, int flash_fd, struct secure_boot_result *r);

#endif
