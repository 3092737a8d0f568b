/* deviceauth_nonce.c - the nonce a certificate request's attestation is over
 * (spherule/deviceauth_nonce.h). */
#include <errno.h>
#include <string.h>

#include "crypto.h"
#include "spherule/deviceauth_nonce.h"

int deviceauth_request_nonce(const uint8_t nonce[32], const uint8_t point[65], uint8_t out[32])
{
	uint8_t bound[sizeof(DEVICEAUTH_CONTEXT) + 32 + 65];

	memcpy(bound, DEVICEAUTH_CONTEXT, sizeof(DEVICEAUTH_CONTEXT));
	memcpy(bound + sizeof(DEVICEAUTH_CONTEXT), nonce, 32);
	memcpy(bound + sizeof(DEVICEAUTH_CONTEXT) + 32, point, 65);
	return crypto_sha256(bound, sizeof(bound), out) == 0 ? 0 : -EIO;
}
