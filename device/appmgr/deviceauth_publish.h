/* deviceauth_publish.h — the device certificate where apps read it
 * (docs/security-model.md, "Device certificate"): appmgr keeps the
 * certificate, its chain and its key in a root-only file (deviceauth.h) and
 * publishes a copy for the apps whose manifest names DeviceAuthentication
 * in a directory of the data partition owned by SPHERULE_DEVICE_AUTH_UID:
 *   device.pem   the certificate, then its private key (one file, so that a
 *                renewal never pairs a new certificate with an old key)
 *   chain.pem    the tenant CA's certificate
 * each mode 0444 in a directory of mode 0755, replaced by rename. The Spherule LSM lets exactly those
 * apps read the directory (SPHERULE_POLICY_DEVICE_AUTH) and no app change a
 * name in it. The published files are derived: at boot they are made again
 * from the kept file when they differ, and removed when none is kept. */
#ifndef APPMGR_DEVICEAUTH_PUBLISH_H
#define APPMGR_DEVICEAUTH_PUBLISH_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "spherule/deviceauth_files.h"
#include "spherule/error_detail.h"

/**
 * struct deviceauth_shelf - where the certificate is published.
 * @dir: the directory (made if missing)
 * @uid: its owner and its files' (SPHERULE_DEVICE_AUTH_UID on the device)
 */
struct deviceauth_shelf {
	const char *dir;
	uid_t uid;
};

/* Publishes a checked DEVICEAUTH_STORE payload of len bytes (deviceauth.h)
 * on shelf: 0 when the files already held it, 1 when they were written, or
 * -errno with why. */
int deviceauth_publish(const struct deviceauth_shelf *shelf, const uint8_t *payload, size_t len,
		       struct error_detail *why);

/* Removes the published files (none kept); the directory stays, made if
 * missing, so that what an app may reach there does not depend on whether
 * a certificate was ever kept: 0, or -errno with why. */
int deviceauth_unpublish(const struct deviceauth_shelf *shelf, struct error_detail *why);

#endif
