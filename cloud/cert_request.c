/* cert_request.c - the nonce a certificate request's attestation is over
 * (cert_request.h). */
#include <errno.h>
#include <string.h>

#include "cert_request.h"
#include "crypto.h"

int cert_request_nonce(const uint8_t nonce[32], const uint8_t point[65], uint8_t out[32])
{
	uint8_t bound[sizeof(CERT_REQUEST_CONTEXT) + 32 + 65];

	memcpy(bound, CERT_REQUEST_CONTEXT, sizeof(CERT_REQUEST_CONTEXT));
	memcpy(bound + sizeof(CERT_REQUEST_CONTEXT), nonce, 32);
	memcpy(bound + sizeof(CERT_REQUEST_CONTEXT) + 32, point, 65);
	return crypto_sha256(bound, sizeof(bound), out) == 0 ? 0 : -EIO;
}
