/*
 * pkg_internal.h - helpers shared by the package library's own files:
 * alignment, reading a signature block, checking a signature. Not installed.
 */
#ifndef SPHERULE_PKG_INTERNAL_H
#define SPHERULE_PKG_INTERNAL_H

#include <stdint.h>

#include "crypto.h"
#include "spherule/pkg.h"

/* Rounds n up to the 4-byte alignment of sections and records. */
static inline uint32_t pkg_align4(uint32_t n)
{
	return (n + 3u) & ~3u;
}

/* 0 if pubkey is the key whose thumbprint is named, else -ENOKEY with the
 * reason ("no matching key: <what> is signed by key ..."). */
int pkg_key_named(const uint8_t pubkey[PKG_PUBKEY_SIZE], const uint8_t named[PKG_THUMBPRINT_SIZE],
		  const char *what, struct error_detail *err);

struct pkg_signature_data;

/* Reads a signature block (pkg_format.h): algorithm 1 and a zero reserved
 * field, else -EINVAL with the reason; copies the thumbprint and r || s. */
int pkg_signature_block_read(const struct pkg_signature_data *s,
			     uint8_t thumbprint[PKG_THUMBPRINT_SIZE],
			     uint8_t signature[PKG_RAW_SIGNATURE_SIZE], struct error_detail *err);

/* Checks an ECDSA P-256 signature (r || s) of digest with pubkey: 0,
 * -EBADMSG (does not verify), -EINVAL (not a point on P-256) or the
 * backend's error, with the reason. */
int pkg_signature_check(const uint8_t pubkey[PKG_PUBKEY_SIZE], const uint8_t digest[CRYPTO_SHA256_SIZE],
			const uint8_t signature[PKG_RAW_SIGNATURE_SIZE], struct error_detail *err);

#endif
