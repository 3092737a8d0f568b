/* service_api.c — updated's requests to the update service (see
 * service_api.h). */
#include "service_api.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define SMALL_ANSWER_MAX 512u
/* The check-in and its failure reports (at most 32, about 500 bytes each):
 * static, only the pages written cost RAM. */
#define CHECKIN_JSON_MAX 16384u

struct buffer {
	uint8_t *p;
	size_t cap, len;
};

static int to_buffer(void *ctx, const uint8_t *p, size_t n)
{
	struct buffer *b = ctx;

	if (n > b->cap - b->len)
		return -EMSGSIZE;
	memcpy(b->p + b->len, p, n);
	b->len += n;
	return 0;
}

/* A request whose answer is read whole into b; a status other than 200
 * is -EACCES (401, 403: a refusal) or -EPROTO, the body (the service's
 * reason) in why. */
static int small_request(const struct http_server *srv, const struct http_request *req, struct buffer *b,
			 struct http_response *resp, struct error_detail *why)
{
	int err = http_fetch(srv, req, resp, to_buffer, b, why);

	if (err != 0)
		return err;
	if (resp->status == 200)
		return 0;
	return error_detail_set(why, resp->status == 401 || resp->status == 403 ? -EACCES : -EPROTO,
				"%s %s: HTTP %d: %.*s", req->method,
				req->path, resp->status, (int)(b->len > 200 ? 200 : b->len), (const char *)b->p);
}

/* GET endpoint?device_id=<hex>, its answer (text, NUL-terminated) into
 * text: its length, or -errno with why. */
static int device_get(const struct http_server *srv, const char *endpoint, const uint8_t device_id[32],
		      char text[SMALL_ANSWER_MAX + 1], struct error_detail *why)
{
	char path[128], id[65];
	struct buffer b = { (uint8_t *)text, SMALL_ANSWER_MAX, 0 };
	struct http_request req = { .method = "GET", .path = path };
	struct http_response resp;
	int err;

	hex_encode(device_id, 32, id);
	snprintf(path, sizeof(path), "%s?device_id=%s", endpoint, id);
	err = small_request(srv, &req, &b, &resp, why);
	text[b.len] = '\0';
	return err != 0 ? err : (int)b.len;
}

int service_nonce(const struct http_server *srv, const uint8_t device_id[32], uint8_t nonce[32],
		  struct error_detail *why)
{
	char text[SMALL_ANSWER_MAX + 1], hex[80];
	int n = device_get(srv, "/v1/device/nonce", device_id, text, why);

	if (n < 0)
		return n;
	if (json_find_string(text, (size_t)n, "nonce", hex, sizeof(hex)) != 0 ||
	    hex_decode(hex, strlen(hex), nonce, 32) != 0)
		return error_detail_set(why, -EPROTO, "the nonce answer has no nonce of 64 hex digits");
	return 0;
}

int service_checkin(const struct http_server *srv, const struct checkin *c, struct checkin_answer *ans,
		    struct error_detail *why)
{
	static char json[CHECKIN_JSON_MAX];
	struct buffer b = { ans->bundle, sizeof(ans->bundle), 0 };
	struct http_request req = { .method = "POST", .path = "/v1/device/checkin",
				    .content_type = "application/json", .body = json };
	struct http_response resp;
	int n = checkin_json(c, json, sizeof(json)), err;

	if (n < 0)
		return error_detail_set(why, n, "the check-in does not fit %u bytes", CHECKIN_JSON_MAX);
	req.body_len = (size_t)n;
	err = small_request(srv, &req, &b, &resp, why);
	ans->len = b.len;
	ans->check_period_s = resp.check_period_s;
	memcpy(ans->window, resp.window, sizeof(ans->window));
	ans->reports_acked = resp.reports_acked;
	return err;
}

int service_poll(const struct http_server *srv, const uint8_t device_id[32], struct error_detail *why)
{
	char text[SMALL_ANSWER_MAX + 1];
	int n = device_get(srv, "/v1/device/poll", device_id, text, why), r;

	if (n < 0)
		return n;
	r = json_find_bool(text, (size_t)n, "check_now");
	return r < 0 ? error_detail_set(why, -EPROTO, "the poll answer has no check_now") : r;
}

int service_image(const struct http_server *srv, const uint8_t sha256[32], uint64_t from, http_sink sink,
		  void *ctx, uint64_t *got, struct error_detail *why)
{
	char path[128], hex[65];
	struct http_request req = { .method = "GET", .path = path, .range_from = from,
				    .want_status = from ? 206 : 200 };
	struct http_response resp;
	int err;

	hex_encode(sha256, 32, hex);
	snprintf(path, sizeof(path), "/v1/images/%s", hex);
	err = http_fetch(srv, &req, &resp, sink, ctx, why);
	*got = resp.received;
	return err;
}

int service_certificate(const struct http_server *srv, const char *json, size_t json_len, char *answer, size_t cap,
			size_t *len, struct error_detail *why)
{
	struct buffer b = { (uint8_t *)answer, cap - 1, 0 };
	struct http_request req = { .method = "POST", .path = "/v1/device/certificate",
				    .content_type = "application/json", .body = json, .body_len = json_len };
	struct http_response resp;
	int err = small_request(srv, &req, &b, &resp, why);

	answer[b.len] = '\0';
	*len = b.len;
	if (err == -EACCES) {
		char reason[ERROR_DETAIL_SIZE];

		if (json_find_string(answer, b.len, "error", reason, sizeof(reason)) == 0)
			error_detail_set(why, err, "HTTP %d: %s", resp.status, reason);
	}
	return err;
}
