/* application.c — Application_Connect and Application_IsDeviceAuthReady
 * (applibs/application.h): Spherule's boards have no real-time core to
 * connect to; whether the device certificate of the app's tenant is ready
 * is appmgr's answer (DEVICEAUTH_STATUS, docs/cloud.md, "Device
 * certificates on the device"). */
#include <applibs/application.h>

#include <stddef.h>

#include "app_service_client.h"
#include "applibs_errno.h"

int Application_Connect(const char *componentId)
{
	return applibs_fail(componentId ? ENODEV : EFAULT);
}

int Application_IsDeviceAuthReady(bool *outIsReady)
{
	struct app_svc_deviceauth_status st;
	struct app_svc_call call = { .op = APP_SVC_DEVICEAUTH_STATUS, .record = &st, .record_len = sizeof(st) };
	int err;

	if (!outIsReady)
		return applibs_fail(EFAULT);
	err = app_svc_call(&call);
	if (err != 0)
		return applibs_fail(-err);
	*outIsReady = st.ready == 1;
	return 0;
}
