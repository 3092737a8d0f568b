/* cert_request.c — a device certificate requested (see cert_request.h). */
#include "cert_request.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "checkin_json.h"
#include "crypto.h"
#include "der_cert.h"
#include "pem.h"
#include "service_api.h"
#include "spherule/deviceauth_nonce.h"

#define ANSWER_MAX 8192u
#define REQUEST_MAX (256u + 2u * CERT_ATTESTATION_MAX)

/* The request's JSON into out: its length, or -ENOSPC. */
static int request_json(const uint8_t device_id[32], const uint8_t nonce[32], const uint8_t point[65],
			const uint8_t *attestation, size_t attestation_len, char *out, size_t cap)
{
	char id[65], nonce_hex[65], point_hex[131];
	int n;

	hex_encode(device_id, 32, id);
	hex_encode(nonce, 32, nonce_hex);
	hex_encode(point, 65, point_hex);
	n = snprintf(out, cap, "{\"device_id\":\"%s\",\"nonce\":\"%s\",\"public_key\":\"%s\",\"attestation\":\"", id,
		     nonce_hex, point_hex);
	if (n < 0 || (size_t)n + 2 * attestation_len + 3 > cap)
		return -ENOSPC;
	hex_encode(attestation, attestation_len, out + n);
	n += (int)(2 * attestation_len);
	memcpy(out + n, "\"}", 3);
	return n + 2;
}

/* The string "key" of the answer at out->text + *at (at most max bytes): its
 * length, added to *at. */
static int take_text(const char *answer, size_t len, const char *key, struct cert_issued *out, size_t *at,
		     size_t max, uint16_t *text_len)
{
	int err = json_find_string(answer, len, key, out->text + *at, max + 1);

	if (err != 0)
		return err;
	*text_len = (uint16_t)strlen(out->text + *at);
	*at += *text_len;
	return 0;
}

/* The answer's fields into out (the key's text still to come). */
static int read_answer(const char *answer, size_t len, struct cert_issued *out, struct error_detail *why)
{
	char tenant[40], hex[33];
	size_t h = 0, at = 0;

	if (take_text(answer, len, "certificate", out, &at, APP_SVC_DEVICEAUTH_CERT_MAX, &out->head.cert_len) != 0 ||
	    take_text(answer, len, "chain", out, &at, APP_SVC_DEVICEAUTH_CHAIN_MAX, &out->head.chain_len) != 0 ||
	    json_find_int(answer, len, "not_after", &out->head.not_after) != 0 ||
	    json_find_string(answer, len, "tenant", tenant, sizeof(tenant)) != 0)
		return error_detail_set(why, -EPROTO, "the answer lacks certificate, chain, not_after or tenant "
					"(or one is too long)");
	for (const char *p = tenant; *p && h < 32; p++)
		if (*p != '-')
			hex[h++] = *p;
	if (strlen(tenant) != 36 || hex_decode(hex, h, out->head.tenant, 16) != 0)
		return error_detail_set(why, -EPROTO, "the answer's tenant %s is not a UUID", tenant);
	return 0;
}

/* The private key's PEM after the chain in out->text. */
static int key_pem(const uint8_t priv[32], const uint8_t point[65], struct cert_issued *out)
{
	uint8_t der[DER_EC_KEY_SIZE];
	int n;

	der_ec_key_write(priv, point, der);
	n = pem_encode("EC PRIVATE KEY", der, sizeof(der), out->text + out->head.cert_len + out->head.chain_len,
		       APP_SVC_DEVICEAUTH_KEY_MAX + 1);
	memset(der, 0, sizeof(der));
	if (n < 0)
		return n;
	out->head.key_len = (uint16_t)n;
	return 0;
}

int cert_request(const struct http_server *srv, const uint8_t device_id[32], cert_attest_fn attest, void *ctx,
		 struct cert_issued *out, struct error_detail *why)
{
	static char answer[ANSWER_MAX], json[REQUEST_MAX];
	static uint8_t attestation[CERT_ATTESTATION_MAX];
	uint8_t priv[32], point[65], nonce[32], bound[32];
	size_t attestation_len = 0, len;
	int n, err = crypto_p256_keygen(priv, point);

	if (err != 0)
		return error_detail_set(why, err, "cannot make a key pair: %s", strerror(-err));
	err = service_nonce(srv, device_id, nonce, why);
	if (err == 0 && (err = deviceauth_request_nonce(nonce, point, bound)) != 0)
		error_detail_set(why, err, "SHA-256 failed");
	if (err == 0)
		err = attest(ctx, bound, attestation, &attestation_len, why);
	if (err == 0 && (n = request_json(device_id, nonce, point, attestation, attestation_len, json,
					  sizeof(json))) < 0)
		err = error_detail_set(why, n, "the request does not fit %u bytes", REQUEST_MAX);
	if (err == 0)
		err = service_certificate(srv, json, (size_t)n, answer, sizeof(answer), &len, why);
	memset(&out->head, 0, sizeof(out->head));
	if (err == 0)
		err = read_answer(answer, len, out, why);
	if (err == 0 && key_pem(priv, point, out) != 0)
		err = error_detail_set(why, -ENOSPC, "the key's PEM does not fit");
	memset(priv, 0, sizeof(priv));
	return err;
}
