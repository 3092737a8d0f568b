/* app_svc_reports.h — the app service's ops of the failure reports
 * (spherule/app_service.h; docs/appmgr.md, "Failure reports"): CRASH_INFO,
 * which every app's crash handler sends about its own process, and
 * REPORTS_READ and REPORTS_DROP, the update agent's (capability
 * UpdateAgent), which read the ring after a seq and drop it up to one. */
#ifndef APPMGR_APP_SVC_REPORTS_H
#define APPMGR_APP_SVC_REPORTS_H

#include "app_svc_ops.h"

/* Keeps the crash info of payload (struct app_svc_crash_info) for app a's
 * failure report: 0, or -EINVAL with why (may be NULL) when it is not one a
 * crash handler sends (a signal other than SIGSEGV, SIGBUS, SIGILL, SIGFPE,
 * SIGABRT; a stack longer than APP_SVC_STACK_MAX) or -ESRCH when its pid is
 * not the app's main process. */
int app_svc_crash_info(struct app *a, const uint8_t *payload, struct error_detail *why);

/* REPORTS_READ (arg: after this seq) and REPORTS_DROP (arg: up to this
 * seq) into ans: 0 or -errno with why. */
int app_svc_reports(struct supervisor *s, const struct app_svc_req *req, struct app_svc_answer *ans,
		    struct error_detail *why);

#endif
