/* applibs/application.h — connections to other apps and device
 * authentication (Azure Sphere applibs, same declarations). Spherule has
 * no real-time cores: see each function. */
#pragma once

#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A socket to the real-time capable app componentId. Spherule boards have
 * no real-time core: -1 with errno ENODEV (EFAULT when componentId is
 * NULL). */
int Application_Connect(const char *componentId);

/* Whether the device authentication certificate of the app is ready:
 * *outIsReady true when appmgr keeps a certificate of the tenant the app's
 * manifest names in DeviceAuthentication and it is valid now (its files:
 * tlsutils/deviceauth.h). 0, or -1 with errno EACCES (the manifest names
 * no tenant) or EFAULT (outIsReady NULL). */
int Application_IsDeviceAuthReady(bool *outIsReady);

#ifdef __cplusplus
}
#endif
