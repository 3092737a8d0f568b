/*
 * secmon_os_rig.h - a device for the tests of secmon's OS slots
 * (test_secmon_slots.c, test_secmon_os_powercut.c): a store trusting one OS
 * vendor key, a flash file of the board whose OS slots and osstage are
 * erased, and signed OSes of any version written at an OS's offset (slot A,
 * slot B, osstage) as `flash build` and the update agent lay them out.
 */
#ifndef SECMON_OS_RIG_H
#define SECMON_OS_RIG_H

#include <limits.h>
#include <stdint.h>

#include "mbox_server.h"
#include "secure_boot.h"
#include "store.h"

struct os_rig {
	char dir[64];
	char flash[PATH_MAX];
	char store_path[PATH_MAX + 16];
	int fd; /* the flash file, read-write */
	EVP_PKEY *vendor;
	struct secmon_store store; /* opened exclusive */
	struct secure_boot_result booted;
	struct mbox_server srv; /* the mailbox of the OS booted last (rig_power_on) */
};

/* Prints "Bail out!" and exits. */
void rig_bail(const char *what);

/* A new device in /tmp/<name>.XXXXXX. */
void rig_open(struct os_rig *r, const char *name);
void rig_close(struct os_rig *r);

/* The OS of this version (its parts' bytes depend on it) with security
 * version svn, written at base (the rest of its partitions erased). */
void rig_put_os(struct os_rig *r, uint32_t base, uint32_t version, uint32_t svn);
/* The same OS into buf (OS_UPDATE_COPY_SIZE bytes: bank 0's layout up to the
 * end of osdesc) and its description's SHA-256. */
void rig_os_image(struct os_rig *r, uint32_t version, uint32_t svn, uint8_t *buf, uint8_t desc_sha256[32]);
/* Erases len bytes at base. */
void rig_erase(struct os_rig *r, uint32_t base, uint32_t len);

/* The power-on: secure_boot() into r->booted, r->srv set up for it. */
int rig_power_on(struct os_rig *r);
uint32_t rig_counter(struct os_rig *r);
/* The store's os-slots file ("A good empty\n"), or "" when there is none. */
const char *rig_slots(struct os_rig *r);

#endif
