/* deviceauth.c — the paths of tlsutils/deviceauth.h: the files appmgr
 * publishes to apps whose manifest has "DeviceAuthentication" (docs/sdk.md,
 * "tlsutils"). Fixed paths, whether or not the files are there now. */
#include <tlsutils/deviceauth.h>

#include "spherule/deviceauth_files.h"

const char *DeviceAuth_GetCertificatePath(void)
{
	return DEVICEAUTH_PUBLISH_DIR "/" DEVICEAUTH_PUBLISH_CERT;
}

const char *DeviceAuth_GetPrivateKeyPath(void)
{
	/* The key follows the certificate in the same file. */
	return DEVICEAUTH_PUBLISH_DIR "/" DEVICEAUTH_PUBLISH_CERT;
}

const char *DeviceAuth_GetCertificateChainPath(void)
{
	return DEVICEAUTH_PUBLISH_DIR "/" DEVICEAUTH_PUBLISH_CHAIN;
}
