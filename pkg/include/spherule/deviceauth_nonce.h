/*
 * deviceauth_nonce.h - what a device's certificate request binds (POST
 * /v1/device/certificate, docs/cloud-api.md): secmon attests over
 * SHA-256("spherule deviceauth v1\0" || nonce || public key), the service's
 * fresh nonce and the 65-byte point of the key to certify, so that the
 * attestation vouches for that key, on that device, now. One definition for
 * the device (updated, mbedTLS) and the service (OpenSSL).
 */
#ifndef SPHERULE_DEVICEAUTH_NONCE_H
#define SPHERULE_DEVICEAUTH_NONCE_H

#include <stdint.h>

#define DEVICEAUTH_CONTEXT "spherule deviceauth v1" /* with its NUL: 23 bytes */

/* The 32 bytes secmon attests over for nonce and point into out: 0 or -EIO. */
int deviceauth_request_nonce(const uint8_t nonce[32], const uint8_t point[65], uint8_t out[32]);

#endif
