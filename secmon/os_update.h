/*
 * os_update.h - the mailbox requests of an over-the-air OS update
 * (docs/secmon-protocol.md, types 8, 9 and 10; docs/secmon.md, *OS
 * slots*): install the OS staged in partition osstage into the inactive
 * slot, the boot state of the running OS, and the confirmation of a trial
 * boot's health, which makes its slot the primary and advances the OS
 * counter.
 */
#ifndef SECMON_OS_UPDATE_H
#define SECMON_OS_UPDATE_H

#include "flash_layout.h"
#include "mbox_server.h"

/* The length of an OS in bank 0's layout: from boot to the end of osdesc,
 * what an install copies from osstage into a slot. */
#define OS_UPDATE_COPY_SIZE (FLASH_OSDESC_OFFSET + FLASH_OSDESC_SIZE - FLASH_BANK0_OFFSET)

enum mbox_status os_install(const struct mbox_server *srv, struct mbox_response *resp);
enum mbox_status os_boot_state(const struct mbox_server *srv, struct mbox_response *resp);
enum mbox_status os_confirm(const struct mbox_server *srv, struct mbox_response *resp);

/* CLOCK_MONOTONIC in seconds: the trial deadline's clock. */
uint64_t os_update_now(void);

#endif
