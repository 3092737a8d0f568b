/* spherule/deviceauth_files.h — where appmgr publishes the device
 * certificate for the apps granted DeviceAuthentication (appmgr's
 * deviceauth_publish.h) and where the SDK's tlsutils/deviceauth.h finds it
 * (docs/security-model.md, "Device certificate"). */
#ifndef SPHERULE_DEVICEAUTH_FILES_H
#define SPHERULE_DEVICEAUTH_FILES_H

#define DEVICEAUTH_PUBLISH_DIR "/mnt/data/deviceauth"
/* The certificate, then its private key, in one file. */
#define DEVICEAUTH_PUBLISH_CERT "device.pem"
/* The tenant CA's certificate. */
#define DEVICEAUTH_PUBLISH_CHAIN "chain.pem"

#endif
