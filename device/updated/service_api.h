/* service_api.h — the update service's device API as updated uses it
 * (docs/cloud-api.md): a nonce, the check-in and its metadata bundle, the
 * "check now?" poll, an image by its SHA-256 (with Range resume), a device
 * certificate. */
#ifndef UPDATED_SERVICE_API_H
#define UPDATED_SERVICE_API_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checkin_json.h"
#include "http_client.h"
#include "spherule/update_meta.h"

struct checkin_answer {
	uint8_t bundle[UPDATE_META_BUNDLE_MAX];
	size_t len;
	uint32_t check_period_s;      /* 0: the service said none */
	char window[HTTP_WINDOW_SIZE];
	int64_t reports_acked;        /* X-Spherule-Reports-Acked; -1: absent */
};

/* GET /v1/device/nonce: 0 with nonce, or -errno with why. */
int service_nonce(const struct http_server *srv, const uint8_t device_id[32], uint8_t nonce[32],
		  struct error_detail *why);

/* POST /v1/device/checkin with c: 0 with the answer; -EACCES for a 401 (the
 * service's reason in why), -errno. */
int service_checkin(const struct http_server *srv, const struct checkin *c, struct checkin_answer *ans,
		    struct error_detail *why);

/* POST /v1/device/certificate with the JSON request of json_len bytes: 0
 * with the answer (NUL-terminated, *len bytes) in answer (cap bytes);
 * -EACCES for a refusal (401, 403: "HTTP <status>: <the service's reason>"
 * in why), -errno. */
int service_certificate(const struct http_server *srv, const char *json, size_t json_len, char *answer, size_t cap,
			size_t *len, struct error_detail *why);

/* GET /v1/device/poll: 1 when the service asks for a check now, 0, -errno. */
int service_poll(const struct http_server *srv, const uint8_t device_id[32], struct error_detail *why);

/* GET /v1/images/<sha256 hex> from byte from (Range), the bytes to sink:
 * 0 when the file's end arrived; -ECONNRESET with *got the bytes that came
 * (resume from from + *got), -errno, with why. */
int service_image(const struct http_server *srv, const uint8_t sha256[32], uint64_t from, http_sink sink,
		  void *ctx, uint64_t *got, struct error_detail *why);

#endif
