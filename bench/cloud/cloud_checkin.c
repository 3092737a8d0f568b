/*
 * cloud_checkin.c - the update service's check-in load generator for
 * bench/cloud.sh (loopback only, a bounded count):
 *
 *   cloud_checkin URL TOKEN_FILE DEVICE_GROUP DEVICES COUNT
 *
 * claims DEVICES fresh devices into DEVICE_GROUP, then makes COUNT check-ins
 * round-robin over them, one after the other on one kept-alive connection:
 * GET /v1/device/nonce, the attestation (made here, as secmon would, not
 * timed: on a device secmon makes it), POST /v1/device/checkin. Prints
 *   checkins=N seconds=S per_s=R
 * where S counts only the two requests, so R is what the service (one
 * thread) answers per second: a whole authenticated check-in each. Exits 1
 * when an answer is not 200.
 */
#include <curl/curl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cloud_attest_sim.h"
#include "crypto.h"
#include "hex.h"
#include "spherule/pkg_host.h"

struct buf {
	char *data;
	size_t len;
};

struct device {
	EVP_PKEY *key;
	uint8_t point[PKG_PUBKEY_SIZE];
	char id[65];
};

static size_t collect(char *p, size_t size, size_t n, void *ctx)
{
	struct buf *b = ctx;
	char *grown = realloc(b->data, b->len + size * n + 1);

	if (!grown)
		return 0;
	b->data = grown;
	memcpy(b->data + b->len, p, size * n);
	b->len += size * n;
	b->data[b->len] = '\0';
	return size * n;
}

/* One request on the kept-alive handle: the status, the body in b. */
static long request(CURL *c, const char *url, const char *body, struct curl_slist *headers, struct buf *b)
{
	long status = 0;

	b->len = 0;
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
	if (body)
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	if (curl_easy_perform(c) != CURLE_OK)
		return -1;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	return status;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int claim(CURL *c, const char *base, struct curl_slist *admin, const char *group, struct device *d,
		 struct buf *b)
{
	char url[512], *pem, *body;
	json_t *request_json;
	uint8_t id[32];
	size_t len;
	long status;

	d->key = pkg_key_generate(NULL);
	if (!d->key || pkg_key_point(d->key, d->point, NULL) < 0 || pkg_key_pem(d->key, false, &pem, &len, NULL) < 0)
		return -1;
	crypto_sha256(d->point, sizeof(d->point), id);
	hex_encode(id, sizeof(id), d->id);
	request_json = json_pack("{s:s,s:s%,s:s}", "device_id", d->id, "public_key", pem, len, "device_group", group);
	body = json_dumps(request_json, JSON_COMPACT);
	json_decref(request_json);
	free(pem);
	snprintf(url, sizeof(url), "%s/v1/devices", base);
	status = body ? request(c, url, body, admin, b) : -1;
	free(body);
	if (status != 201)
		fprintf(stderr, "cloud_checkin: claim: %ld %s\n", status, b->data ? b->data : "");
	return status == 201 ? 0 : -1;
}

int main(int argc, char **argv)
{
	static char attestation[2 * MBOX_MSG_MAX + 1];
	struct curl_slist *admin = NULL, *json = NULL;
	char token[128] = "", auth[160], url[512], body[4096];
	struct buf b = { NULL, 0 };
	struct device *devs;
	double spent = 0, t0;
	long ndev, count, status;
	uint8_t nonce[32];
	FILE *f;
	CURL *c;

	if (argc != 6 || (ndev = atol(argv[4])) < 1 || (count = atol(argv[5])) < 1) {
		fprintf(stderr, "usage: cloud_checkin URL TOKEN_FILE DEVICE_GROUP DEVICES COUNT\n");
		return 2;
	}
	f = fopen(argv[2], "r");
	if (!f || !fgets(token, sizeof(token), f))
		return fprintf(stderr, "cloud_checkin: %s: unreadable\n", argv[2]), 2;
	fclose(f);
	token[strcspn(token, "\n")] = '\0';
	snprintf(auth, sizeof(auth), "Authorization: Bearer %s", token);
	admin = curl_slist_append(curl_slist_append(NULL, auth), "Content-Type: application/json");
	json = curl_slist_append(NULL, "Content-Type: application/json");
	devs = calloc((size_t)ndev, sizeof(*devs));
	c = curl_easy_init();
	if (!devs || !c || !admin || !json)
		return 2;
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
	for (long i = 0; i < ndev; i++)
		if (claim(c, argv[1], admin, argv[3], &devs[i], &b) < 0)
			return 1;
	for (long i = 0; i < count; i++) {
		struct device *d = &devs[i % ndev];
		json_t *answer;
		const char *text;

		snprintf(url, sizeof(url), "%s/v1/device/nonce?device_id=%s", argv[1], d->id);
		t0 = now_s();
		status = request(c, url, NULL, NULL, &b);
		spent += now_s() - t0;
		answer = status == 200 ? json_loads(b.data, 0, NULL) : NULL;
		text = json_string_value(json_object_get(answer, "nonce"));
		if (!text || strlen(text) != 64) {
			fprintf(stderr, "cloud_checkin: nonce: %ld %s\n", status, b.data ? b.data : "");
			return 1;
		}
		if (hex_decode(text, nonce, sizeof(nonce)) < 0 || cloud_attest_sim(d->key, d->point, nonce, attestation) < 0)
			return 1;
		snprintf(body, sizeof(body),
			 "{\"device_id\":\"%s\",\"nonce\":\"%s\",\"attestation\":\"%s\",\"os\":{\"version\":1,"
			 "\"security_version\":1,\"slot\":\"A\"},\"apps\":[],\"state\":\"idle\",\"detail\":\"\"}",
			 d->id, text, attestation);
		json_decref(answer);
		snprintf(url, sizeof(url), "%s/v1/device/checkin", argv[1]);
		t0 = now_s();
		status = request(c, url, body, json, &b);
		spent += now_s() - t0;
		if (status != 200) {
			fprintf(stderr, "cloud_checkin: check-in: %ld %s\n", status, b.data ? b.data : "");
			return 1;
		}
	}
	printf("checkins=%ld seconds=%.3f per_s=%.1f\n", count, spent, (double)count / spent);
	curl_easy_cleanup(c);
	return 0;
}
