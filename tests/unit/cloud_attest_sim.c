/* cloud_attest_sim.c - a device's attestation made on the host
 * (cloud_attest_sim.h). */
#include <errno.h>
#include <string.h>

#include "cloud_attest_sim.h"
#include "crypto.h"
#include "hex.h"
#include "spherule/pkg_host.h"

int cloud_attest_sim(EVP_PKEY *key, const uint8_t point[MBOX_PUBKEY_SIZE], const uint8_t nonce[MBOX_NONCE_SIZE],
		     char *hex)
{
	struct mbox_response resp = { .id = 1, .type = MBOX_ATTEST, .status = MBOX_OK };
	uint8_t signed_bytes[MBOX_ATTEST_SIGNED_MAX], digest[32];
	int n;

	memcpy(resp.req.attest.nonce, nonce, MBOX_NONCE_SIZE);
	crypto_sha256(point, MBOX_PUBKEY_SIZE, resp.res.attest.device_id);
	resp.res.attest.count = 2;
	resp.res.attest.measurements[0].kind = MBOX_MEAS_BOOT_CHAIN;
	memset(resp.res.attest.measurements[0].digest, 0xb0, 32);
	resp.res.attest.measurements[1].kind = MBOX_MEAS_OS_DESCRIPTION;
	memset(resp.res.attest.measurements[1].digest, 0xd2, 32);
	n = mbox_attest_signed_bytes(&resp, signed_bytes, sizeof(signed_bytes));
	if (n < 0 || crypto_sha256(signed_bytes, (size_t)n, digest) != 0 ||
	    pkg_sign_digest(key, digest, resp.res.attest.signature, NULL) < 0)
		return -EIO;
	return cloud_attest_sim_hex(&resp, hex);
}

int cloud_attest_sim_hex(const struct mbox_response *resp, char *hex)
{
	uint8_t msg[MBOX_MSG_MAX];
	int n = mbox_encode_response(resp, msg, sizeof(msg));

	if (n < 0)
		return n;
	/* The result fields: after the header and the echoed nonce. */
	hex_encode(msg + MBOX_HEADER_SIZE + MBOX_NONCE_SIZE, (size_t)n - MBOX_HEADER_SIZE - MBOX_NONCE_SIZE, hex);
	return 0;
}
