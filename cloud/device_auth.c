/* device_auth.c - check-in nonces and attestations (device_auth.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "device_auth.h"
#include "hex.h"
#include "mbox_attest_verify.h"
#include "spherule/pkg_host.h"

int device_nonce_issue(struct cloud *svc, const char *device_id, char nonce_hex[65], int64_t *expires_s)
{
	char now[24], expires[24];
	uint8_t nonce[MBOX_NONCE_SIZE];
	int rc;

	rc = cloud_db_get(svc->db, NULL, 0, "SELECT id FROM devices WHERE id = $1", 1, device_id);
	if (rc <= 0)
		return rc < 0 ? -EIO : -ENOENT;
	if (pkg_random(nonce, sizeof(nonce)) < 0)
		return -EIO;
	hex_encode(nonce, sizeof(nonce), nonce_hex);
	api_num(now, api_now());
	api_num(expires, api_now() + svc->cfg.nonce_ttl_s);
	*expires_s = svc->cfg.nonce_ttl_s;
	if (cloud_db_exec(svc->db, NULL, NULL, "DELETE FROM nonces WHERE expires_at < $1", 1, now) < 0 ||
	    cloud_db_exec(svc->db, NULL, NULL, "INSERT INTO nonces (nonce, device_id, expires_at) VALUES ($1, $2, $3)",
			  3, nonce_hex, device_id, expires) < 0)
		return -EIO;
	return 0;
}

struct device_row {
	char *pem;
	char group[API_ID_HEX + 1];
};

static int read_device(void *ctx, int ncols, const char *const *cols)
{
	struct device_row *d = ctx;

	d->pem = strdup(cols[0]);
	snprintf(d->group, sizeof(d->group), "%s", cols[1]);
	return d->pem ? 1 : -ENOMEM;
}

/* The device's key as a 65-byte point. */
static int device_point(const char *pem, uint8_t point[PKG_PUBKEY_SIZE])
{
	struct error_detail err = { "" };
	EVP_PKEY *key = pkg_key_parse_public(pem, strlen(pem), "the device key", &err);
	int rc = key ? pkg_key_point(key, point, &err) : -EINVAL;

	EVP_PKEY_free(key);
	return rc;
}

static int refuse(char *why, size_t whylen, const char *reason)
{
	snprintf(why, whylen, "%s", reason);
	return -EACCES;
}

int device_attestation_check(struct cloud *svc, const char *device_id, const char *nonce_hex,
			     const uint8_t *attested, const char *attestation_hex, struct device_attestation *out,
			     char *why, size_t whylen)
{
	uint8_t nonce[MBOX_NONCE_SIZE], result[MBOX_MSG_MAX], point[PKG_PUBKEY_SIZE];
	struct device_row dev = { NULL, "" };
	struct mbox_response *resp = &out->resp;
	char expires[24];
	const char *reason;
	long len;
	int rc;

	out->claimed = false;
	if (hex_decode(nonce_hex, nonce, sizeof(nonce)) < 0)
		return refuse(why, whylen, "the nonce is not 64 hex digits");
	if (!attested)
		attested = nonce;
	rc = cloud_db_exec(svc->db, read_device, &dev, "SELECT public_key, group_id FROM devices WHERE id = $1", 1,
			   device_id);
	if (rc == 0)
		return refuse(why, whylen, "unknown device: it is not claimed");
	if (rc < 0)
		goto db_failed;
	out->claimed = true;
	/* Taken whatever follows: a nonce answers one check-in at most. */
	rc = cloud_db_get(svc->db, expires, sizeof(expires),
			  "DELETE FROM nonces WHERE nonce = $1 AND device_id = $2 RETURNING expires_at", 2, nonce_hex,
			  device_id);
	if (rc < 0)
		goto db_failed;
	if (rc == 0)
		rc = refuse(why, whylen, "unknown or used nonce");
	else if (strtoll(expires, NULL, 10) < api_now())
		rc = refuse(why, whylen, "expired nonce");
	else if ((len = hex_decode_any(attestation_hex, result, sizeof(result))) < 0 ||
		 mbox_attest_result_decode(attested, result, (size_t)len, resp) < 0)
		rc = refuse(why, whylen, "the attestation is not an attestation result");
	else if (device_point(dev.pem, point) < 0)
		rc = refuse(why, whylen, "the device's claimed key is unreadable");
	else if (mbox_attest_verify(resp, attested, point, &reason) < 0)
		rc = refuse(why, whylen, reason);
	else {
		snprintf(out->group_id, sizeof(out->group_id), "%s", dev.group);
		rc = 0;
	}
	free(dev.pem);
	return rc;
db_failed:
	free(dev.pem);
	snprintf(why, whylen, "%s", svc->db->error);
	return -EIO;
}

int device_authenticate(struct cloud *svc, const char *device_id, const char *nonce_hex,
			const char *attestation_hex, char group_id[API_ID_HEX + 1], char *why, size_t whylen)
{
	struct device_attestation a;
	int rc = device_attestation_check(svc, device_id, nonce_hex, NULL, attestation_hex, &a, why, whylen);

	if (rc == 0)
		snprintf(group_id, API_ID_HEX + 1, "%s", a.group_id);
	return rc;
}
