/*
 * cert_request.h - what a device's certificate request binds
 * (POST /v1/device/certificate, docs/cloud-api.md): secmon attests over
 * SHA-256("spherule deviceauth v1\0" || nonce || public key), the service's
 * fresh nonce and the 65-byte point of the key to certify, so that the
 * attestation vouches for that key, on that device, now. Shared by the
 * service and the fake device of the tests.
 */
#ifndef SPHERULE_CLOUD_CERT_REQUEST_H
#define SPHERULE_CLOUD_CERT_REQUEST_H

#include <stdint.h>

#define CERT_REQUEST_CONTEXT "spherule deviceauth v1" /* with its NUL: 23 bytes */

/* The 32 bytes secmon attests over for nonce and point into out: 0 or -EIO. */
int cert_request_nonce(const uint8_t nonce[32], const uint8_t point[65], uint8_t out[32]);

#endif
