/* deviceauth.h — the device certificate appmgr keeps (docs/cloud.md,
 * "Device certificates on the device"): what the update agent hands over
 * with DEVICEAUTH_STORE (spherule/app_service.h: the certificate, its chain,
 * its private key as PEM, not_after, the tenant) is checked (each text within
 * its bound, the certificate and key parsed, the key the certificate's, the
 * not_after the certificate's) and written whole to a root-only file on the
 * data partition (small_file_replace(): a power cut leaves the old one or the
 * new one), and published for the apps granted DeviceAuthentication
 * (deviceauth_publish.h); in memory appmgr keeps only its tenant and
 * validity, which DEVICEAUTH_STATUS answers from. */
#ifndef APPMGR_DEVICEAUTH_H
#define APPMGR_DEVICEAUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "deviceauth_publish.h"
#include "spherule/error_detail.h"

#define DEVICEAUTH_PATH "/mnt/data/appmgr-deviceauth"
#define DEVICEAUTH_TIME_TEXT_SIZE 21u   /* "2026-12-08T01:55:00Z" */

/**
 * struct deviceauth - the certificate kept.
 * @present: one is kept (the fields below are its)
 * @tenant: the tenant its CA is of
 * @not_before: its validity, UTC seconds
 * @not_after:
 * @path: the file keeping it
 * @shelf: where it is published for apps
 */
struct deviceauth {
	bool present;
	uint8_t tenant[16];
	int64_t not_before, not_after;
	const char *path;
	struct deviceauth_shelf shelf;
};

/* Checks a DEVICEAUTH_STORE payload of len bytes: 0 with its tenant and
 * validity in *out, or -EBADMSG (shorter than its head, lengths that are not
 * the payload's), -EFBIG (a text past its bound), -EINVAL (a PEM or DER that
 * does not parse, a not_after that is not the certificate's, the nil
 * tenant), -EKEYREJECTED (the key is not the certificate's), with why. */
int deviceauth_check(const uint8_t *payload, size_t len, struct deviceauth *out, struct error_detail *why);

/* Loads d from path and publishes it on shelf (its files removed when none
 * is kept): 0 (a certificate kept and published), -ENOENT (none), the
 * reason the file is refused (why; d then holds none), or the reason
 * publishing failed (why; d then holds the certificate). */
int deviceauth_load(struct deviceauth *d, const char *path, const struct deviceauth_shelf *shelf,
		    struct error_detail *why);

/* Checks payload, replaces d's file with it and publishes it: 0, the
 * check's error or the write's -errno (d and its file then unchanged), or
 * the publishing's -errno (d and its file then the new ones), with why. */
int deviceauth_store(struct deviceauth *d, const uint8_t *payload, size_t len, struct error_detail *why);

/* Whether d holds a certificate of tenant valid at now (UTC seconds). */
bool deviceauth_ready(const struct deviceauth *d, const uint8_t tenant[16], int64_t now);

/* now as "YYYY-MM-DDTHH:MM:SSZ" (UTC). */
void deviceauth_time_text(int64_t t, char out[DEVICEAUTH_TIME_TEXT_SIZE]);

#endif
