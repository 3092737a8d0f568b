/*
 * crypto.h - the two primitives the package library needs, SHA-256 and
 * ECDSA P-256 verification, and the P-256 key pairs of device certificates
 * (updated makes them, appmgr checks them), behind one interface with two backends:
 * crypto_openssl.c (host, OpenSSL 3) and crypto_mbedtls.c (device, mbedTLS 2.28).
 */
#ifndef SPHERULE_PKG_CRYPTO_H
#define SPHERULE_PKG_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#define CRYPTO_SHA256_SIZE 32u

/* Backend state, opaque to callers; large enough for either backend. */
struct crypto_sha256 {
	_Alignas(8) unsigned char state[128];
};

/* 0 or -errno. After init succeeds, final must be called exactly once
 * (it releases the backend state, also when an update failed). */
int crypto_sha256_init(struct crypto_sha256 *c);
int crypto_sha256_update(struct crypto_sha256 *c, const void *data, size_t len);
int crypto_sha256_final(struct crypto_sha256 *c, uint8_t out[CRYPTO_SHA256_SIZE]);

/* One-shot SHA-256: 0 or -errno. */
int crypto_sha256(const void *data, size_t len, uint8_t out[CRYPTO_SHA256_SIZE]);

/*
 * Verifies an ECDSA P-256 signature (r || s, 32 big-endian bytes each) of a
 * SHA-256 digest with an uncompressed public point (0x04 || X || Y).
 * Returns 0 if valid, -EBADMSG if not, -EINVAL if the point is not on the
 * curve, -ENOMEM on allocation failure inside the backend.
 */
int crypto_ecdsa_p256_verify(const uint8_t pubkey[65], const uint8_t digest[CRYPTO_SHA256_SIZE],
			     const uint8_t signature[64]);

/*
 * The public point (0x04 || X || Y) of the P-256 private key priv (32
 * big-endian bytes): 0, -EINVAL when priv is not in 1..n-1, -ENOMEM.
 */
int crypto_p256_public_of(const uint8_t priv[32], uint8_t pub[65]);

/*
 * A fresh P-256 key pair from the system's random source (getrandom):
 * 0, -errno.
 */
int crypto_p256_keygen(uint8_t priv[32], uint8_t pub[65]);

#endif
