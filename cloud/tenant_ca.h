/*
 * tenant_ca.h - the tenant certificate authority (docs/cloud.md, *Device
 * certificates*): an ECDSA P-256 key, its self-signed certificate
 * (10 years, "CN=Spherule tenant <tenant id>") and the tenant id, a random
 * UUID. Kept in the state directory: tenant-ca.key (PKCS#8 PEM, mode 0600;
 * or where --tenant-ca-key says), tenant-ca.pem and tenant-id, each made at
 * the first start when missing. The CA issues the day-long client
 * certificates of attested devices.
 */
#ifndef SPHERULE_CLOUD_TENANT_CA_H
#define SPHERULE_CLOUD_TENANT_CA_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#define TENANT_ID_TEXT 36 /* a UUID's text */
#define TENANT_CA_SERIAL_HEX 32 /* a certificate's 16 random bytes */
#define TENANT_CA_VALIDITY_YEARS 10
#define DEVICE_CERT_VALIDITY_S (24 * 3600LL) /* the default of --certificate-validity */
#define DEVICE_CERT_VALIDITY_MIN_S 600LL      /* its least: above the backdating's twice */
#define DEVICE_CERT_BACKDATE_S (5 * 60LL) /* not_before: clocks a little behind still accept it */

struct tenant_ca {
	EVP_PKEY *key;
	X509 *cert;
	char *pem;                       /* cert as PEM, NUL-terminated */
	size_t pem_len;
	char tenant[TENANT_ID_TEXT + 1]; /* the tenant id */
};

/*
 * Opens the CA of state directory dir into *ca (allocated): the key from
 * key_path (NULL: dir/tenant-ca.key, made when missing; a key_path given
 * must exist), which group and others must not be able to read; the
 * certificate dir/tenant-ca.pem, made from the key when missing, else
 * checked to be the key's. 0, or -errno with why set.
 */
int tenant_ca_open(const char *dir, const char *key_path, struct tenant_ca **ca, char *why, size_t whylen);

void tenant_ca_free(struct tenant_ca *ca);

/* A device certificate as issued: PEM (malloc()ed) and its facts. */
struct device_cert {
	char *pem;
	char serial[TENANT_CA_SERIAL_HEX + 1];
	int64_t not_before, not_after;
};

/*
 * Issues the client certificate of device device_id (64 hex, its subject
 * CN) for the P-256 public key point (65 bytes, 04 || X || Y), valid from
 * now - DEVICE_CERT_BACKDATE_S to now + validity_s, signed with
 * ECDSA-SHA256: keyUsage digitalSignature, extendedKeyUsage clientAuth, not
 * a CA. 0, -EINVAL for a point not on the curve, -EIO.
 */
int tenant_ca_issue(const struct tenant_ca *ca, const char *device_id, const uint8_t point[65], int64_t now,
		    int64_t validity_s, struct device_cert *out);

#endif
