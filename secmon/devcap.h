/*
 * devcap.h - the development capability (docs/secmon.md, *Development
 * mode*): a file FLASH.devcap beside the flash file and its store, 136
 * bytes, little-endian: "SPDC", version 1 (u16), capability 1 (u16,
 * AppDevelopment), the device id (32 bytes: SHA-256 of the device's public
 * point), the signing OEM key's thumbprint (32), and its ECDSA P-256
 * signature r || s (64) of SHA-256(DEVCAP_CONTEXT with its NUL || bytes
 * 0..71). secmon accepts it at power-on only for its own device id, signed
 * by a key of its OEM set that is not revoked.
 */
#ifndef SECMON_DEVCAP_H
#define SECMON_DEVCAP_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#include "store.h"

#define DEVCAP_SUFFIX ".devcap"
#define DEVCAP_MAGIC "SPDC"
#define DEVCAP_VERSION 1u
#define DEVCAP_APP_DEVELOPMENT 1u
#define DEVCAP_SIZE 136u
#define DEVCAP_SIGNED_SIZE 72u
#define DEVCAP_CONTEXT "spherule capability v1"

struct devcap {
	uint8_t device_id[PKG_THUMBPRINT_SIZE];
	uint8_t thumbprint[PKG_THUMBPRINT_SIZE];
	uint8_t digest[PKG_THUMBPRINT_SIZE]; /* SHA-256 of the whole file: what attestation measures */
};

/* "<flash>.devcap" into out: 0 or -ENAMETOOLONG. */
int devcap_path(const char *flash, char *out, size_t len);

/* The capability for device_id signed by oem into out: 0 or -errno with err set. */
int devcap_issue(EVP_PKEY *oem, const uint8_t device_id[PKG_THUMBPRINT_SIZE], uint8_t out[DEVCAP_SIZE],
		 struct error_detail *err);

/* Checks the len bytes of a capability file against the store s: 0 with
 * cap filled, or -EINVAL/-EPERM/-ENOKEY/-EKEYREVOKED/-EBADMSG with the
 * reason in err. */
int devcap_check(const uint8_t *buf, size_t len, const struct secmon_store *s, struct devcap *cap,
		 struct error_detail *err);

#endif
