/* attest_check — the host's side of an attestation, for
 * tests/e2e/test_secmon_device.sh: checks a response the device printed
 * against the device's public key and the nonce the host chose, as a cloud
 * verifier would.
 *
 *   attest_check DEVICE_KEY.pub NONCE_HEX RESPONSE_HEX
 *
 * Prints "valid: device id <hex>, <n> measurements, boot chain <hex>" and
 * exits 0, or "invalid: <reason>" and exits 1. */
#include <openssl/pem.h>
#include <stdio.h>
#include <string.h>

#include "mbox_attest_verify.h"
#include "spherule/pkg_host.h"

static int invalid(const char *why)
{
	printf("invalid: %s\n", why);
	return 1;
}

static size_t from_hex(const char *text, uint8_t *out, size_t cap)
{
	size_t n = strlen(text) / 2;
	unsigned v;

	if (strlen(text) % 2 || n > cap)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (sscanf(text + 2 * i, "%2x", &v) != 1)
			return 0;
		out[i] = (uint8_t)v;
	}
	return n;
}

static void print_hex(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		printf("%02x", p[i]);
}

int main(int argc, char **argv)
{
	static uint8_t msg[MBOX_MSG_MAX];
	struct error_detail err = { "" };
	uint8_t point[PKG_PUBKEY_SIZE], nonce[MBOX_NONCE_SIZE];
	struct mbox_response resp;
	enum mbox_status status;
	const char *why;
	EVP_PKEY *key;
	size_t len;
	FILE *f;

	if (argc != 4) {
		fprintf(stderr, "usage: attest_check DEVICE_KEY.pub NONCE_HEX RESPONSE_HEX\n");
		return 2;
	}
	f = fopen(argv[1], "r");
	key = f ? PEM_read_PUBKEY(f, NULL, NULL, NULL) : NULL;
	if (f)
		fclose(f);
	if (!key || pkg_key_point(key, point, &err) < 0)
		return invalid("the device key is not a P-256 public key PEM");
	EVP_PKEY_free(key);
	if (from_hex(argv[2], nonce, sizeof(nonce)) != sizeof(nonce))
		return invalid("the nonce is not 64 hex digits");
	len = from_hex(argv[3], msg, sizeof(msg));
	if (len == 0 || mbox_decode_response(msg, len, &resp, &status) != 0)
		return invalid("not a mailbox response");
	if (mbox_attest_verify(&resp, nonce, point, &why) != 0)
		return invalid(why);
	printf("valid: device id ");
	print_hex(resp.res.attest.device_id, 32);
	printf(", %u measurements, boot chain ", resp.res.attest.count);
	print_hex(resp.res.attest.count ? resp.res.attest.measurements[0].digest : resp.res.attest.device_id, 32);
	printf("\n");
	return 0;
}
