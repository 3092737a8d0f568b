/* der_cert.h — the few DER structures of a device certificate (docs/cloud.md,
 * "Device certificates on the device") read without an X.509 library: an
 * X.509 certificate's validity and P-256 public key, and a P-256 private key
 * in SEC1's ECPrivateKey form ("EC PRIVATE KEY", as `openssl ec` writes it),
 * which updated writes and appmgr reads back. Every length is checked
 * against its container; anything else is -EINVAL. */
#ifndef APPMGR_DER_CERT_H
#define APPMGR_DER_CERT_H

#include <stddef.h>
#include <stdint.h>

#define DER_EC_KEY_SIZE 121u   /* SEQUENCE { 1, d, [0] prime256v1, [1] Q } */

/** struct der_cert - what appmgr needs of a certificate. */
struct der_cert {
	int64_t not_before, not_after;   /* UTC seconds */
	uint8_t pub[65];                 /* its subject's P-256 key, 0x04 || X || Y */
};

/* Reads the validity and the subject's key (id-ecPublicKey on prime256v1,
 * uncompressed) of the DER certificate of n bytes: 0 or -EINVAL. */
int der_cert_read(const uint8_t *der, size_t n, struct der_cert *c);

/* The ECPrivateKey of priv (32 bytes) and its public point pub. */
void der_ec_key_write(const uint8_t priv[32], const uint8_t pub[65], uint8_t out[DER_EC_KEY_SIZE]);

/* The private scalar and the public point of a P-256 ECPrivateKey in
 * der_ec_key_write()'s form: 0 or -EINVAL. */
int der_ec_key_read(const uint8_t *der, size_t n, uint8_t priv[32], uint8_t pub[65]);

#endif
