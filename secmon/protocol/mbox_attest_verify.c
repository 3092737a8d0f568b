/* mbox_attest_verify.c - checks an attestation as a verifier (the update
 * service, attest_check) does: see mbox_attest_verify.h. */
#include <errno.h>
#include <string.h>

#include "crypto.h"
#include "mbox_attest_verify.h"
#include "spherule/le.h"

int mbox_attest_result_decode(const uint8_t nonce[MBOX_NONCE_SIZE], const uint8_t *result, size_t len,
			      struct mbox_response *resp)
{
	uint8_t msg[MBOX_MSG_MAX];
	enum mbox_status why;
	size_t size = MBOX_HEADER_SIZE + MBOX_NONCE_SIZE + len;

	if (size > sizeof(msg))
		return -EBADMSG;
	msg[0] = MBOX_MAGIC0;
	msg[1] = MBOX_MAGIC1;
	put_le16(msg + 2, MBOX_VERSION);
	put_le32(msg + 4, (uint32_t)size);
	put_le32(msg + 8, 1);
	put_le16(msg + 12, MBOX_ATTEST | MBOX_RESPONSE_BIT);
	put_le16(msg + 14, MBOX_OK);
	memcpy(msg + MBOX_HEADER_SIZE, nonce, MBOX_NONCE_SIZE);
	memcpy(msg + MBOX_HEADER_SIZE + MBOX_NONCE_SIZE, result, len);
	return mbox_decode_response(msg, size, resp, &why) == 0 ? 0 : -EBADMSG;
}

int mbox_attest_verify(const struct mbox_response *resp, const uint8_t nonce[MBOX_NONCE_SIZE],
		       const uint8_t pubkey[MBOX_PUBKEY_SIZE], const char **why)
{
	uint8_t signed_bytes[MBOX_ATTEST_SIGNED_MAX];
	uint8_t digest[CRYPTO_SHA256_SIZE];
	int n;

	if (resp->type != MBOX_ATTEST || resp->status != MBOX_OK) {
		*why = "not a successful attestation";
		return -EINVAL;
	}
	if (memcmp(resp->req.attest.nonce, nonce, MBOX_NONCE_SIZE)) {
		*why = "it is for another nonce";
		return -EALREADY;
	}
	n = mbox_attest_signed_bytes(resp, signed_bytes, sizeof(signed_bytes));
	if (n < 0 || crypto_sha256(signed_bytes, (size_t)n, digest) != 0) {
		*why = "its signed bytes cannot be formed";
		return -EINVAL;
	}
	if (crypto_ecdsa_p256_verify(pubkey, digest, resp->res.attest.signature) != 0) {
		*why = "the signature does not verify with the device's public key";
		return -EKEYREJECTED;
	}
	if (crypto_sha256(pubkey, MBOX_PUBKEY_SIZE, digest) != 0 ||
	    memcmp(digest, resp->res.attest.device_id, MBOX_DEVICE_ID_SIZE)) {
		*why = "the device id is not the key's";
		return -EKEYREJECTED;
	}
	return 0;
}
