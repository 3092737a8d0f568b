/* app_svc_update.h — the update agent's operations of the app service
 * (spherule/app_service.h, OS_STAGE .. UPDATE_DONE; capability UpdateAgent):
 * the OS written into bank 1's `osstage` partition and installed by secmon
 * into the inactive OS slot, the OS boot state and the trial boot's
 * confirmation (mailbox requests 8, 9, 10, forwarded), app images staged
 * and installed through app_install.h (the path devctl's control requests
 * take), and the update gate's sequence (app_sysevent.h) that the agent
 * runs before it installs. What they do on the device (the partition, the
 * mailbox) is app_svc_update_sys.h's. */
#ifndef APPMGR_APP_SVC_UPDATE_H
#define APPMGR_APP_SVC_UPDATE_H

#include <stdbool.h>

#include "app_svc_ops.h"

/* Carries out the update op of req (its framing and capability checked)
 * with its payload of len bytes for app a into ans: 0 or a negative errno
 * with why (spherule/app_service.h says which, op by op). */
int app_svc_update(struct supervisor *s, struct app *a, const struct app_svc_req *req, const uint8_t *payload,
		   size_t len, uint64_t now_ms, struct app_svc_answer *ans, struct error_detail *why);

/* Which erase blocks an OS_STAGE write of len bytes at off covers from
 * their start (those it erases first): *first and *count (0: none). 0, or
 * -EINVAL when the write does not fit a partition of size bytes. */
int app_svc_os_stage_plan(uint32_t size, uint32_t erase_size, uint32_t off, uint32_t len, uint32_t *first,
			  uint32_t *count);

/* The errno an OS request's secmon status stands for (0 for MBOX_OK). */
int app_svc_os_status_errno(uint16_t status);

#endif
