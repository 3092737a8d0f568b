/* app_svc_update_sys.h — the device side of the update agent's ops
 * (app_svc_update.h): the `osstage` MTD partition, found by its name in
 * /proc/mtd, erased and written; requests to secmon over the board's
 * mailbox port. The unit tests fake these. */
#ifndef APPMGR_APP_SVC_UPDATE_SYS_H
#define APPMGR_APP_SVC_UPDATE_SYS_H

#include <stddef.h>
#include <stdint.h>

#include "mbox_proto.h"
#include "mtd_slots.h"
#include "spherule/error_detail.h"

#define OS_STAGE_PARTITION "osstage"

/* The osstage partition: 0 with *p filled (its size and erase block), or
 * -ENODEV (the board has none) / -errno, with why. */
int app_svc_sys_os_stage_find(struct mtd_slot *p, struct error_detail *why);

/* Erases blocks first .. first + count - 1 of p. 0 or -errno with why. */
int app_svc_sys_os_stage_erase(const struct mtd_slot *p, uint32_t first, uint32_t count, struct error_detail *why);

/* Writes len bytes at off of p (on erased flash). 0 or -errno with why. */
int app_svc_sys_os_stage_write(const struct mtd_slot *p, uint32_t off, const void *buf, size_t len,
			       struct error_detail *why);

/* Sends req to secmon over the board's mailbox port (opened for it, closed
 * after) and waits up to timeout_ms for resp. 0 (resp's status may be
 * any), or -errno with why (the port busy, no answer). */
int app_svc_sys_secmon(struct mbox_request *req, struct mbox_response *resp, uint32_t timeout_ms,
		       struct error_detail *why);

#endif
