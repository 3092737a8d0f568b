/*
 * pkg_sign.h - the signature block image packages and OS descriptions share
 * (struct pkg_signature_data: algorithm, the key's thumbprint, r || s),
 * made on the host by pkg_build.c for both writers. Not installed.
 */
#ifndef SPHERULE_PKG_SIGN_H
#define SPHERULE_PKG_SIGN_H

#include <openssl/evp.h>

#include "crypto.h"
#include "pkg_format.h"

/* Fills sig with the signature of digest by key and the key's thumbprint. */
int pkg_signature_make(EVP_PKEY *key, const uint8_t digest[CRYPTO_SHA256_SIZE],
		       struct pkg_signature_data *sig, struct error_detail *err);

#endif
