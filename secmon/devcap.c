/* devcap.c - the development capability file: issued, and checked by secmon
 * at power-on (devcap.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "crypto.h"
#include "devcap.h"
#include "spherule/le.h"
#include "spherule/pkg_host.h"

#define OFF_VERSION 4u
#define OFF_CAPABILITY 6u
#define OFF_DEVICE_ID 8u
#define OFF_THUMBPRINT 40u
#define OFF_SIGNATURE DEVCAP_SIGNED_SIZE

int devcap_path(const char *flash, char *out, size_t len)
{
	int n = snprintf(out, len, "%s%s", flash, DEVCAP_SUFFIX);

	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

/* SHA-256 of the context string (NUL included) and the signed bytes. */
static int signed_digest(const uint8_t *buf, uint8_t digest[CRYPTO_SHA256_SIZE])
{
	uint8_t msg[sizeof(DEVCAP_CONTEXT) + DEVCAP_SIGNED_SIZE];

	memcpy(msg, DEVCAP_CONTEXT, sizeof(DEVCAP_CONTEXT));
	memcpy(msg + sizeof(DEVCAP_CONTEXT), buf, DEVCAP_SIGNED_SIZE);
	return crypto_sha256(msg, sizeof(msg), digest);
}

int devcap_issue(EVP_PKEY *oem, const uint8_t device_id[PKG_THUMBPRINT_SIZE], uint8_t out[DEVCAP_SIZE],
		 struct error_detail *err)
{
	uint8_t point[PKG_PUBKEY_SIZE], digest[CRYPTO_SHA256_SIZE];
	int rc = pkg_key_point(oem, point, err);

	if (rc < 0)
		return rc;
	memset(out, 0, DEVCAP_SIZE);
	memcpy(out, DEVCAP_MAGIC, 4);
	put_le16(out + OFF_VERSION, DEVCAP_VERSION);
	put_le16(out + OFF_CAPABILITY, DEVCAP_APP_DEVELOPMENT);
	memcpy(out + OFF_DEVICE_ID, device_id, PKG_THUMBPRINT_SIZE);
	pkg_thumbprint(point, out + OFF_THUMBPRINT);
	rc = signed_digest(out, digest);
	return rc < 0 ? error_detail_set(err, rc, "cannot hash the capability")
		      : pkg_sign_digest(oem, digest, out + OFF_SIGNATURE, err);
}

int devcap_check(const uint8_t *buf, size_t len, const struct secmon_store *s, struct devcap *cap,
		 struct error_detail *err)
{
	uint8_t own_id[PKG_THUMBPRINT_SIZE], digest[CRYPTO_SHA256_SIZE];
	const struct secmon_key *key;
	char hex[65];

	if (len != DEVCAP_SIZE || memcmp(buf, DEVCAP_MAGIC, 4) || get_le16(buf + OFF_VERSION) != DEVCAP_VERSION)
		return error_detail_set(err, -EINVAL, "not a development capability of version %u (%u bytes)",
					DEVCAP_VERSION, DEVCAP_SIZE);
	if (get_le16(buf + OFF_CAPABILITY) != DEVCAP_APP_DEVELOPMENT)
		return error_detail_set(err, -EINVAL, "capability %u is not AppDevelopment",
					get_le16(buf + OFF_CAPABILITY));
	memcpy(cap->device_id, buf + OFF_DEVICE_ID, PKG_THUMBPRINT_SIZE);
	memcpy(cap->thumbprint, buf + OFF_THUMBPRINT, PKG_THUMBPRINT_SIZE);
	pkg_thumbprint(s->device_point, own_id);
	if (memcmp(cap->device_id, own_id, sizeof(own_id))) {
		pkg_thumbprint_hex(cap->device_id, hex);
		return error_detail_set(err, -EPERM, "issued for device %s, not this device", hex);
	}
	pkg_thumbprint_hex(cap->thumbprint, hex);
	if (secmon_key_find(&s->sets[SECMON_REVOKED_KEYS], cap->thumbprint))
		return error_detail_set(err, -EKEYREVOKED, "signed by key %s, which the device has revoked", hex);
	key = secmon_key_find(&s->sets[SECMON_OEM_KEYS], cap->thumbprint);
	if (!key)
		return error_detail_set(err, -ENOKEY, "signed by key %s, which is not an OEM key of the device",
					hex);
	if (signed_digest(buf, digest) < 0 ||
	    crypto_ecdsa_p256_verify(key->point, digest, buf + OFF_SIGNATURE) != 0)
		return error_detail_set(err, -EBADMSG, "signature does not verify with key %s", hex);
	return crypto_sha256(buf, len, cap->digest);
}
