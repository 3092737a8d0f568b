/* application.c — Application_Connect and Application_IsDeviceAuthReady
 * (applibs/application.h): Spherule's boards have no real-time core to
 * connect to, and no device authentication yet. */
#include <applibs/application.h>

#include <stddef.h>

#include "applibs_errno.h"

int Application_Connect(const char *componentId)
{
	return applibs_fail(componentId ? ENODEV : EFAULT);
}

int Application_IsDeviceAuthReady(bool *outIsReady)
{
	if (!outIsReady)
		return applibs_fail(EFAULT);
	*outIsReady = false;
	return 0;
}
