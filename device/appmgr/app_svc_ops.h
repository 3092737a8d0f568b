/* app_svc_ops.h — the operations of the app service (spherule/app_service.h):
 * each request's framing and fields checked, then the capability of its op
 * against the manifest of the app appmgr launched on the socket (never
 * anything the app says), then the op. What they read and do on the
 * device is app_svc_system.h's; the update events are app_sysevent.h's;
 * the network and time ops are app_svc_net.h's, app_svc_time.h's and
 * app_svc_resolve.h's. */
#ifndef APPMGR_APP_SVC_OPS_H
#define APPMGR_APP_SVC_OPS_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "spherule/app_service.h"
#include "spherule/error_detail.h"
#include "supervisor.h"

/** struct app_svc_answer - an answer being built: its header, its record, and
 * the descriptor it passes (SCM_RIGHTS; appmgr's copy is closed once sent). */
struct app_svc_answer {
	struct app_svc_resp head;
	uint8_t body[APP_SVC_MAX_MSG - sizeof(struct app_svc_resp)];
	size_t len;                /* bytes of body */
	int fd;                    /* or -1 */
};

/* Puts the op's record of len bytes (it fits: app_svc_ops.c checks every
 * record's size) into ans. */
static inline void app_svc_answer_put(struct app_svc_answer *ans, const void *rec, size_t len)
{
	memcpy(ans->body, rec, len);
	ans->len = len;
}

/* 0 when app a's manifest grants grant, else -EACCES with why. */
int app_svc_require(const struct app *a, enum app_svc_grant grant, struct error_detail *why);

/* Carries out the request of len bytes in msg (at least its header) of
 * app a at now_ms into ans (made empty here): 0, or a negative errno with
 * why saying why: -EBADMSG for a length that is not the op's, -EINVAL for
 * an unknown op or a bad field, -EACCES when the app's manifest lacks the
 * op's capability, or the op's own. */
int app_svc_dispatch(struct supervisor *s, struct app *a, const uint8_t *msg, size_t len, uint64_t now_ms,
		     struct app_svc_answer *ans, struct error_detail *why);

/* Whether a failure status of op is an answer rather than a refusal, not
 * worth a line in the app's log: RESOLVE_CHECK's ENOENT (the name is not
 * the app's), which the network manager logs itself, and PROXY's (no proxy
 * is configured). */
bool app_svc_status_is_answer(uint16_t op, int status);

/* "UART_OPEN" and the like; "request" for an unknown op. */
const char *app_svc_op_name(uint16_t op);

#endif
