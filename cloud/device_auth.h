/*
 * device_auth.h - how a device proves itself at check-in: the service gives
 * it a fresh random nonce (single use, expiring, kept in the database so
 * that every service instance on it agrees), the device has secmon attest
 * with that nonce (docs/secmon-protocol.md, type 4), and the service checks
 * the attestation against the public key the device was claimed with
 * (secmon/protocol's mbox_attest_verify()).
 */
#ifndef SPHERULE_CLOUD_DEVICE_AUTH_H
#define SPHERULE_CLOUD_DEVICE_AUTH_H

#include <stddef.h>
#include <stdint.h>

#include "api_util.h"
#include "cloud.h"
#include "mbox_proto.h"

/* A new nonce for the claimed device device_id (lowercase hex): 0, -ENOENT
 * for a device not claimed, -EIO (database). Expired nonces are dropped. */
int device_nonce_issue(struct cloud *svc, const char *device_id, char nonce_hex[65], int64_t *expires_s);

/*
 * Takes the device's nonce (whatever follows, it is used) and checks the
 * attestation (hex of secmon's result fields) with it. 0 with the device's
 * group in group_id, -EACCES with the reason in why (a 401), -EIO with the
 * database's error in why.
 */
int device_authenticate(struct cloud *svc, const char *device_id, const char *nonce_hex,
			const char *attestation_hex, char group_id[API_ID_HEX + 1], char *why, size_t whylen);

/* A device's attestation, checked. */
struct device_attestation {
	bool claimed;                  /* the device is claimed (also when refused later) */
	char group_id[API_ID_HEX + 1];
	struct mbox_response resp;     /* the attestation: its measurements */
};

/* device_authenticate() for an attestation secmon made over attested (32
 * bytes the device derived from the nonce; NULL: the nonce itself), the
 * attestation into out. */
int device_attestation_check(struct cloud *svc, const char *device_id, const char *nonce_hex,
			     const uint8_t *attested, const char *attestation_hex, struct device_attestation *out,
			     char *why, size_t whylen);

#endif
