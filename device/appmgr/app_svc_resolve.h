/* app_svc_resolve.h — RESOLVE_CHECK of the app service
 * (spherule/app_service.h): the network manager's resolver asks, for a
 * query that reached it from an app's socket (whose mark is the app's
 * uid), whether that app's AllowedConnections list the name, as the policy
 * appmgr compiled from its manifest holds it (app_policy.h). */
#ifndef APPMGR_APP_SVC_RESOLVE_H
#define APPMGR_APP_SVC_RESOLVE_H

#include "app_svc_ops.h"

/* RESOLVE_CHECK (its capability checked) of the name in payload (len bytes
 * with its NUL) for the app with uid -> struct app_svc_resolve into ans: 0
 * when the app's policy allows the name, -ENOENT (with the record) when it
 * does not, -ESRCH when no app has uid, -EINVAL for a name that is not one
 * (empty, too long, not NUL-terminated, upper case or not printable ASCII),
 * with why. */
int app_svc_resolve_check(const struct supervisor *s, uint32_t uid, const uint8_t *payload, size_t len,
			  struct app_svc_answer *ans, struct error_detail *why);

#endif
