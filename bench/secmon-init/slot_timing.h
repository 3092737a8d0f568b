/* slot_timing.h — one app slot verified the two ways the secmon bench
 * (bench/secmon.sh) compares, each timed with CLOCK_MONOTONIC: in the
 * guest, as appmgr did before secmon (pkg_open, the signing key from the
 * root filesystem's /etc/spherule/trusted-keys, pkg_verify with mbedTLS),
 * and through secmon's mailbox (MBOX_VERIFY_IMAGE: secmon reads the slot
 * from the flash file itself and verifies it on the host). */
#ifndef SECMON_BENCH_SLOT_TIMING_H
#define SECMON_BENCH_SLOT_TIMING_H

#include <stdint.h>

#include "mtd_slots.h"
#include "secmon_mailbox.h"
#include "slot_reader.h"
#include "spherule/error_detail.h"

struct timed_slot {
	struct mtd_slot mtd;
	struct slot_reader reader;   /* /dev/mtdN, open for the whole bench */
	uint8_t component_id[16];    /* what secmon is asked to verify it as */
	uint32_t package_size;
};

/* Opens slot s's device under dev_dir into t. 1 when the slot is erased
 * (t closed again), 0 with its package opened once (its component id and
 * size in t), or -errno with why. */
int timed_slot_open(const char *dev_dir, const struct mtd_slot *s, struct timed_slot *t,
		    struct error_detail *why);

void timed_slot_close(struct timed_slot *t);

/* Verifies t in the guest: pkg_open, the trusted key named by the
 * package's thumbprint, pkg_verify. *open_ns is the time pkg_open took (what
 * appmgr still does before it asks secmon), *total_ns all of it. 0, or
 * -errno with why. */
int timed_guest_verify(const struct timed_slot *t, uint64_t *open_ns, uint64_t *total_ns,
		       struct error_detail *why);

/* Has secmon verify t over the open mailbox mb: *ns is the round trip.
 * 0, -EACCES when secmon answers with another status than OK, or the
 * mailbox's -errno, with why. */
int timed_secmon_verify(struct secmon_mailbox *mb, const struct timed_slot *t, uint64_t *ns,
			struct error_detail *why);

#endif
