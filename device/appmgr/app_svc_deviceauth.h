/* app_svc_deviceauth.h — the device certificate's ops of the app service
 * (spherule/app_service.h, DEVICEAUTH_STORE for the update agent,
 * DEVICEAUTH_STATUS for apps granted DeviceAuthentication), over the
 * certificate appmgr keeps (deviceauth.h). */
#ifndef APPMGR_APP_SVC_DEVICEAUTH_H
#define APPMGR_APP_SVC_DEVICEAUTH_H

#include "app_svc_ops.h"

/* Carries out the op of req (its framing and capability checked) with its
 * payload of len bytes for app a into ans: 0 or a negative errno with why. */
int app_svc_deviceauth(struct supervisor *s, struct app *a, const struct app_svc_req *req, const uint8_t *payload,
		       size_t len, struct app_svc_answer *ans, struct error_detail *why);

#endif
