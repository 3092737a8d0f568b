/* checkin_json.h — the JSON updated sends and reads (docs/cloud-api.md,
 * device API): the check-in built with snprintf, every string escaped; the
 * two small answers it reads (the nonce, the poll's check_now) found by key
 * without a general parser; the certificate answer's fields alike. */
#ifndef UPDATED_CHECKIN_JSON_H
#define UPDATED_CHECKIN_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spherule/app_service.h"

#define CHECKIN_APPS_MAX 16u
#define CHECKIN_REPORTS_MAX 32u       /* error_reports: the service takes at most 32 per check-in */

struct checkin_app {
	uint8_t component_id[16];
	uint32_t version;
};

struct checkin {
	uint8_t device_id[32];
	uint8_t nonce[32];
	const uint8_t *attestation;   /* the mailbox attestation result, as secmon returned it */
	size_t attestation_len;
	uint32_t os_version, os_security_version;
	char os_slot;                 /* 'A' or 'B' */
	unsigned app_count;
	struct checkin_app apps[CHECKIN_APPS_MAX];
	const char *state;            /* idle, downloading, staged, installing, rebooting, healthy, rolled-back, failed */
	const char *detail;           /* free text, escaped here */
	/* NULL, or what writes more fields (",\"error_reports\":[...]") into
	 * out (cap bytes) before the object's end: their length, or -errno. */
	int (*more)(void *ctx, char *out, size_t cap);
	void *more_ctx;
};

/* Writes c's JSON into out (cap bytes, NUL-terminated): its length, or
 * -ENOSPC (or more's error). */
int checkin_json(const struct checkin *c, char *out, size_t cap);

/* Writes failure report r as an object of the check-in's error_reports
 * (docs/cloud-api.md; absent fields null, addresses as "0x%08x") into out
 * (cap bytes, NUL-terminated): its length, or -ENOSPC. */
int report_json(const struct app_svc_report *r, char *out, size_t cap);

/* Writes s as a JSON string (quotes included, ", \ and control characters
 * escaped, bytes >= 0x80 as they are) at out: the bytes written, or -ENOSPC. */
int json_string(const char *s, char *out, size_t cap);

/* Lower-case hex of n bytes into out (2n + 1 bytes; gdbserver's rsp_hex). */
void hex_encode(const uint8_t *p, size_t n, char *out);

/* n bytes from 2n hex digits: 0 or -EINVAL. */
int hex_decode(const char *s, size_t len, uint8_t *out, size_t n);

/* The string value of "key" in the JSON object text (len bytes), its
 * escapes decoded (\u only below 0x80), into out (cap bytes, NUL-terminated):
 * 0, -ENOENT, -EINVAL (not a string, a bad escape, longer than cap - 1). */
int json_find_string(const char *text, size_t len, const char *key, char *out, size_t cap);

/* The integer value of "key" (at most 18 digits): 0, -ENOENT, -EINVAL. */
int json_find_int(const char *text, size_t len, const char *key, int64_t *out);

/* Whether "key" is true in text: 1, 0 (false), -ENOENT, -EINVAL. */
int json_find_bool(const char *text, size_t len, const char *key);

#endif
