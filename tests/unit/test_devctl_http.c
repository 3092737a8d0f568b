/* test_devctl_http.c — devctl's pure parts on the host: request heads
 * (good ones, limits, bad lengths, Transfer-Encoding, bad request lines,
 * bytes after the head), the JSON writer's escaping and its two passes,
 * the request-body reader, component ids, query parameters, log lines and
 * the table from appmgr's errno statuses to the API's codes. */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <spherule/appmgr_ctl.h>

#include "api_error.h"
#include "http_request.h"
#include "json_in.h"
#include "json_out.h"
#include "log_lines.h"
#include "query.h"
#include "tap.h"
#include "uuid_text.h"

/* A string literal and its length. */
#define LIT(s) s, sizeof(s) - 1

static struct http_request req;

/* Loads text into the request buffer (at most HTTP_HEAD_MAX bytes) and
 * parses it; returns 1 incomplete, 0 parsed, or the refusal's status. */
static int parse(const char *text, size_t len, struct api_error *e)
{
	http_request_reset(&req, 0);
	req.len = len < HTTP_HEAD_MAX ? len : HTTP_HEAD_MAX;
	memcpy(req.buf, text, req.len);
	if (!http_request_head_complete(&req))
		return 1;
	return http_request_parse(&req, e) == 0 ? 0 : e->status;
}

static int parse_str(const char *text, struct api_error *e)
{
	return parse(text, strlen(text), e);
}

static void test_good_requests(void)
{
	struct api_error e;
	size_t body_len;
	const char *body;

	tap_ok(parse_str("GET /images HTTP/1.1\r\nHost: x\r\n\r\n", &e) == 0 && req.method == HTTP_GET &&
		       strcmp(req.path, "/images") == 0 && strcmp(req.query, "") == 0 && req.content_length == -1,
	       "a GET with CRLF lines");
	tap_ok(parse_str("PUT /update/stage HTTP/1.1\nContent-Length:   12 \nexpect: 100-Continue\n\nPKG", &e) == 0 &&
		       req.method == HTTP_PUT && req.content_length == 12 && req.expect_continue,
	       "LF lines, a padded Content-Length, Expect in any case");
	body = http_request_body_start(&req, &body_len);
	tap_ok(body_len == 3 && memcmp(body, "PKG", 3) == 0, "the bytes after the head are the body's start");
	tap_ok(parse_str("GET /log?componentId=abc&since=10 HTTP/1.0\r\n\r\n", &e) == 0 &&
		       strcmp(req.path, "/log") == 0 && strcmp(req.query, "componentId=abc&since=10") == 0,
	       "the query is split from the path; HTTP/1.0 is taken");
	tap_ok(parse_str("PATCH /app/status/x HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\n", &e) == 0 &&
		       req.method == HTTP_PATCH && req.content_length == 3,
	       "two equal Content-Length headers");
	tap_ok(parse_str("BREW /pot HTTP/1.1\r\n\r\n", &e) == 0 && req.method == HTTP_OTHER,
	       "an unknown method is parsed (the router answers 405 or 404)");
	tap_ok(parse_str("GET /status HTTP/1.1\r\nHost: x\r\n", &e) == 1, "a head without its empty line is incomplete");
}

static void test_bad_requests(void)
{
	static const struct {
		const char *text;
		int status;
		const char *name;
	} cases[] = {
		{ "GET /x HTTP/1.1\r\nContent-Length: 12a\r\n\r\n", 400, "a Content-Length that is not a number" },
		{ "GET /x HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400, "a negative Content-Length" },
		{ "GET /x HTTP/1.1\r\nContent-Length:\r\n\r\n", 400, "an empty Content-Length" },
		{ "GET /x HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n", 400, "a Content-Length past 15 digits" },
		{ "GET /x HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", 400, "two different Content-Lengths" },
		{ "PUT /update/stage HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", 411, "chunked is refused with 411" },
		{ "PUT /update/stage HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", 411, "any Transfer-Encoding is refused" },
		{ "GET /x\r\n\r\n", 400, "a request line without a version" },
		{ "GET /x HTTP/2.0\r\n\r\n", 400, "another HTTP version" },
		{ "GET /x HTTP/1.1 \r\n\r\n", 400, "a space after the version" },
		{ "GET  /x HTTP/1.1\r\n\r\n", 400, "two spaces after the method" },
		{ "GET http://h/x HTTP/1.1\r\n\r\n", 400, "an absolute-form target" },
		{ "G@T /x HTTP/1.1\r\n\r\n", 400, "a method that is not a token" },
		{ " GET /x HTTP/1.1\r\n\r\n", 400, "a request line starting with a space" },
		{ "\r\n\r\n", 400, "an empty request line" },
		{ "GET /x HTTP/1.1\r\nHost x\r\n\r\n", 400, "a header without a colon" },
		{ "GET /x HTTP/1.1\r\nHo st: x\r\n\r\n", 400, "a header name with a space" },
		{ "GET /x HTTP/1.1\r\nHost: x\r\n continued\r\n\r\n", 400, "a folded header line" },
		{ "GET /x HTTP/1.1\r\nHost: a\rb\r\n\r\n", 400, "a bare CR in a header" },
		{ "GET /x HTTP/1.1\r\nHost: a\x01" "b\r\n\r\n", 400, "a control character in a value" },
		{ "GET /x\x7f HTTP/1.1\r\n\r\n", 400, "DEL in the target" },
	};
	struct api_error e;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int got = parse_str(cases[i].text, &e);

		tap_ok(got == cases[i].status && e.message && *e.message &&
			       strcmp(e.code, got == 411 ? "length_required" : "bad_request") == 0,
		       "%s: %d (got %d)", cases[i].name, cases[i].status, got);
	}
	tap_ok(parse(LIT("GET /x HTTP/1.1\r\nA: \0b\r\n\r\n"), &e) == 400, "a NUL byte in the head");
}

static void test_head_limit(void)
{
	static char big[HTTP_HEAD_MAX + 64];
	struct api_error e;
	size_t n = (size_t)snprintf(big, sizeof(big), "GET /images HTTP/1.1\r\nX-Pad: ");

	memset(big + n, 'a', sizeof(big) - n);
	tap_ok(parse(big, sizeof(big), &e) == 1 && req.len == HTTP_HEAD_MAX,
	       "a head longer than 4096 bytes never completes in the buffer (the loop answers 431)");
	n = HTTP_HEAD_MAX - 4;
	memcpy(big + n, "\r\n\r\n", 4);
	tap_ok(parse(big, HTTP_HEAD_MAX, &e) == 0, "a head of exactly 4096 bytes is taken");
}

static void test_head_in_pieces(void)
{
	static const char text[] = "GET /status HTTP/1.1\r\nHost: x\r\n\r\nBODY";
	bool complete = false;

	http_request_reset(&req, 0);
	for (size_t i = 0; i < sizeof(text) - 1 && !complete; i++) {
		req.buf[req.len++] = text[i];
		complete = http_request_head_complete(&req);
	}
	tap_ok(complete && req.head_len == sizeof(text) - 1 - 4, "a head fed byte by byte ends at its empty line");
}

static void test_looks_like_start(void)
{
	tap_ok(http_request_start(LIT("GET /status HTTP/1.1\r\n")) == HTTP_START_YES, "GET / starts a request");
	tap_ok(http_request_start(LIT("DELETE /app")) == HTTP_START_YES, "DELETE / starts a request");
	tap_ok(http_request_start(LIT("GE")) == HTTP_START_MAYBE && http_request_start(LIT("PATCH ")) == HTTP_START_MAYBE,
	       "a piece of one may yet be one");
	tap_ok(http_request_start(LIT("\x28\xcd\x3d\x45 body")) == HTTP_START_NO, "image bytes are not");
	tap_ok(http_request_start(LIT("BREW /pot")) == HTTP_START_YES, "an unknown method starts a request too");
	tap_ok(http_request_start(LIT("GET x")) == HTTP_START_NO && http_request_start(LIT("G@T /")) == HTTP_START_NO &&
		       http_request_start(LIT(" GET /")) == HTTP_START_NO &&
		       http_request_start(LIT("ABCDEFGHIJKLMNOPQ")) == HTTP_START_NO,
	       "no path, a method that is not a token or is too long, is not");
}

/* Renders s with json_strn through a small buffer and a counter; checks
 * that both agree and that the result parses to want. */
static int sink_to(void *ctx, const char *bytes, size_t n)
{
	char *dst = ctx;

	strncat(dst, bytes, n);
	return 0;
}

static bool escapes_to(const char *s, size_t n, const char *want_json, const char *want_text)
{
	static char out[4096];
	char buf[7];
	struct json_out j, count;
	json_t *v;
	bool ok;

	out[0] = '\0';
	json_out_init(&j, sink_to, out, buf, sizeof(buf));
	json_strn(&j, s, n);
	json_out_counter(&count);
	json_strn(&count, s, n);
	ok = json_out_end(&j) == 0 && json_out_end(&count) == 0 && count.total == strlen(out) &&
	     strcmp(out, want_json) == 0;
	v = json_loads(out, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
	ok = ok && v && strcmp(json_string_value(v), want_text) == 0;
	if (!ok)
		printf("# got %s\n", out);
	json_decref(v);
	return ok;
}

static void test_json_escaping(void)
{
	tap_ok(escapes_to("plain", 5, "\"plain\"", "plain"), "plain text goes as it is");
	tap_ok(escapes_to("a\"b\\c/", 6, "\"a\\\"b\\\\c/\"", "a\"b\\c/"), "quotes and backslashes are escaped");
	tap_ok(escapes_to("\n\r\t\b\f\x01\x1f\x7f", 8, "\"\\n\\r\\t\\b\\f\\u0001\\u001f\\u007f\"", "\n\r\t\b\f\x01\x1f\x7f"),
	       "control characters are escaped");
	tap_ok(escapes_to(LIT("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"), "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"",
			  "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"),
	       "valid UTF-8 goes as it is");
	tap_ok(escapes_to("a\xff" "b\xc3", 4, "\"a\\ufffdb\\ufffd\"", "a\xef\xbf\xbd" "b\xef\xbf\xbd"),
	       "invalid bytes and a cut sequence become U+FFFD");
	tap_ok(escapes_to("\xc0\xaf\xed\xa0\x80\xf4\x90\x80\x80", 9,
			  "\"\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd\"",
			  "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
			  "\xef\xbf\xbd\xef\xbf\xbd"),
	       "overlong forms, surrogates and code points past U+10FFFF are invalid");
	tap_ok(escapes_to("a\0b", 3, "\"a\\u0000b\"", "a"), "a NUL byte is escaped");
}

static void test_json_document(void)
{
	char out[512] = "", buf[16];
	struct json_out j;

	json_out_init(&j, sink_to, out, buf, sizeof(buf));
	json_obj(&j);
	json_key_str(&j, "name", "x");
	json_key(&j, "list");
	json_arr(&j);
	json_uint(&j, 1);
	json_int(&j, -2);
	json_bool(&j, true);
	json_null_value(&j);
	json_obj(&j);
	json_obj_end(&j);
	json_arr_end(&j);
	json_key_uint(&j, "n", 18446744073709551615ull);
	json_obj_end(&j);
	json_newline(&j);
	json_obj(&j);
	json_key_bool(&j, "second", false);
	json_obj_end(&j);
	tap_ok(json_out_end(&j) == 0, "a document is written");
	tap_ok_str(out, "{\"name\":\"x\",\"list\":[1,-2,true,null,{}],\"n\":18446744073709551615}\n{\"second\":false}",
		   "members, arrays, numbers and an NDJSON line");
	json_out_init(&j, sink_to, out, buf, sizeof(buf));
	for (unsigned i = 0; i < JSON_OUT_MAX_DEPTH + 2; i++)
		json_arr(&j);
	tap_ok(json_out_end(&j) == -E2BIG, "nesting deeper than the writer holds is an error, not an overflow");
	json_out_init(&j, sink_to, out, buf, sizeof(buf));
	json_obj_end(&j);
	tap_ok(json_out_end(&j) == -EINVAL, "closing what was never opened is an error");
}

static void test_json_in(void)
{
	char v[16];

	tap_ok(json_in_string_member(LIT("{\"trigger\":\"start\"}"), "trigger", v, sizeof(v)) == 0 &&
		       strcmp(v, "start") == 0,
	       "a member is found");
	tap_ok(json_in_string_member(LIT(" { \"a\" : 1.5e3 , \"b\":null, \"c\":\"x\\\"y\", \"trigger\" : \"st\\u0061rt\" } "), "trigger", v, sizeof(v)) == 0 &&
		       strcmp(v, "start") == 0,
	       "other members are skipped, escapes decoded");
	tap_ok(json_in_string_member(LIT("{}"), "trigger", v, sizeof(v)) == -ENOENT, "an empty object has no member");
	tap_ok(json_in_string_member(LIT("{\"trigger\":1}"), "trigger", v, sizeof(v)) == -EINVAL,
	       "a member that is not a string");
	tap_ok(json_in_string_member(LIT("{\"trigger\":\"start\""), "trigger", v, sizeof(v)) == -EINVAL,
	       "an object cut short");
	tap_ok(json_in_string_member(LIT("{\"trigger\":\"start\"} x"), "trigger", v, sizeof(v)) == -EINVAL,
	       "bytes after the object");
	tap_ok(json_in_string_member(LIT("{\"trigger\":\"startstartstartstart\"}"), "trigger", v, sizeof(v)) == -E2BIG,
	       "a value too long for the buffer");
	tap_ok(json_in_string_member(LIT("{\"t\":{\"a\":1}}"), "x", v, sizeof(v)) == -EINVAL,
	       "a nested object is not taken");
	tap_ok(json_in_string_member(LIT("[\"trigger\"]"), "trigger", v, sizeof(v)) == -EINVAL, "not an object");
}

static void test_json_in_uint(void)
{
	uint64_t n = 7;

	tap_ok(json_in_uint_member(LIT("{\"value\":1}"), "value", &n) == 0 && n == 1, "a number member is found");
	tap_ok(json_in_uint_member(LIT(" { \"updateType\" : \"App\", \"maxDeferralInMinutes\" : 1440 } "),
				   "maxDeferralInMinutes", &n) == 0 && n == 1440,
	       "beside a string member, with blanks");
	tap_ok(json_in_uint_member(LIT("{\"value\":18446744073709551615}"), "value", &n) == 0 && n == UINT64_MAX,
	       "up to 2^64 - 1");
	tap_ok(json_in_uint_member(LIT("{\"value\":18446744073709551616}"), "value", &n) == -ERANGE, "past it: ERANGE");
	tap_ok(json_in_uint_member(LIT("{\"updateType\":\"App\"}"), "value", &n) == -ENOENT, "no such member");
	tap_ok(json_in_uint_member(LIT("{\"value\":\"1\"}"), "value", &n) == -EINVAL &&
		       json_in_uint_member(LIT("{\"value\":-1}"), "value", &n) == -EINVAL &&
		       json_in_uint_member(LIT("{\"value\":1.0}"), "value", &n) == -EINVAL &&
		       json_in_uint_member(LIT("{\"value\":1e0}"), "value", &n) == -EINVAL &&
		       json_in_uint_member(LIT("{\"value\":true}"), "value", &n) == -EINVAL &&
		       json_in_uint_member(LIT("{\"value\":1x}"), "value", &n) == -EINVAL,
	       "a string, a sign, a fraction, an exponent, true or trailing bytes are not such a number");
}

static void test_uuid_and_query(void)
{
	uint8_t id[16];
	const char *v;
	size_t n;
	uint64_t num;

	tap_ok(uuid_parse("5F1D0C2E-7a43-4e8b-9d1e-000000de7c71", 36, id) && id[0] == 0x5f && id[15] == 0x71,
	       "a UUID in either case");
	tap_ok(!uuid_parse("5f1d0c2e7a434e8b9d1e000000de7c71", 32, id), "a UUID without dashes is refused");
	tap_ok(!uuid_parse("5f1d0c2e-7a43-4e8b-9d1e-000000de7c7g", 36, id), "a UUID with a non-hex digit is refused");
	tap_ok(!uuid_parse("5f1d0c2e-7a43-4e8b-9d1e-000000de7c71a", 37, id), "a UUID with a byte more is refused");
	tap_ok(!uuid_parse("5f1d0c2e+7a43-4e8b-9d1e-000000de7c71", 36, id), "a UUID with another separator is refused");
	tap_ok(query_get("a=1&since=22&since=3", 20, "since", &v, &n) && n == 2 && memcmp(v, "22", 2) == 0,
	       "a query parameter, the first of two");
	tap_ok(!query_get("asince=1&sinc=2", 15, "since", &v, &n), "names are matched whole");
	tap_ok(query_get("since=", 6, "since", &v, &n) && n == 0, "an empty value");
	tap_ok(query_u64("1234", 4, &num) && num == 1234 && !query_u64("", 0, &num) && !query_u64("1x", 2, &num) &&
		       !query_u64("12345678901234567890", 20, &num),
	       "decimal numbers");
}

static void collect(void *ctx, const char *line, size_t len)
{
	char *out = ctx;

	strncat(out, line, len);
	strcat(out, "|");
}

static void test_log_lines(void)
{
	char out[128] = "";
	size_t taken = log_lines("one\ntwo\r\n\nthree", 15, false, collect, out);

	tap_ok(taken == 10 && strcmp(out, "one|two||") == 0, "whole lines, CRLF taken off, the tail left");
	out[0] = '\0';
	taken = log_lines("one\ntwo", 7, true, collect, out);
	tap_ok(taken == 7 && strcmp(out, "one|two|") == 0, "the tail as a line when asked");
}

static void test_error_table(void)
{
	static const struct {
		uint16_t op;
		int err;
		int status;
		const char *code;
	} cases[] = {
		{ APPMGR_CTL_APP_STATUS, -ENOENT, 404, "not_found" },
		{ APPMGR_CTL_INSTALL, -ENOENT, 409, "not_staged" },
		{ APPMGR_CTL_STAGE_BEGIN, -ENOSPC, 507, "out_of_slots" },
		{ APPMGR_CTL_STAGE_BEGIN, -EFBIG, 413, "payload_too_large" },
		{ APPMGR_CTL_STAGE_BEGIN, -EBUSY, 409, "busy" },
		{ APPMGR_CTL_STAGE_END, -EACCES, 422, "image_refused" },
		{ APPMGR_CTL_STAGE_END, -EPERM, 422, "image_refused" },
		{ APPMGR_CTL_STAGE_END, -EBADMSG, 422, "image_refused" },
		{ APPMGR_CTL_INSTALL, -EKEYREJECTED, 422, "image_refused" },
		{ APPMGR_CTL_STAGE_END, -EIO, 500, "internal" },
		{ APPMGR_CTL_APP_START, -EADDRINUSE, 409, "conflict" },
		{ APPMGR_CTL_INSTALL, -EEXIST, 409, "conflict" },
		{ APPMGR_CTL_APP_STOP, -EPERM, 403, "system_app" },
		{ APPMGR_CTL_DELETE, -EPERM, 403, "system_app" },
		{ APPMGR_CTL_APP_START, -EPERM, 403, "forbidden" },
		{ APPMGR_CTL_APP_START, -EOPNOTSUPP, 400, "bad_request" },
		{ APPMGR_CTL_LOG, -EINVAL, 400, "bad_request" },
		{ APPMGR_CTL_DEVICE, -ETIMEDOUT, 500, "internal" },
		{ APPMGR_CTL_GPIO_GET, -ENODEV, 404, "not_found" },
		{ APPMGR_CTL_GPIO_SET, -ENODEV, 404, "not_found" },
		{ APPMGR_CTL_DEVICE, -ENODEV, 500, "internal" },
		{ APPMGR_CTL_GPIO_GET, -EOPNOTSUPP, 400, "bad_request" },
		{ APPMGR_CTL_GPIO_SET, -EBUSY, 409, "busy" },
		{ APPMGR_CTL_GPIO_SET, -EPERM, 403, "forbidden" },
		{ APPMGR_CTL_SYSEVENT_SIMULATE, -EPERM, 403, "forbidden" },
		{ 999, -ENOENT, 500, "internal" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct api_error e = ctl_error(cases[i].op, cases[i].err, "");

		tap_ok(e.status == cases[i].status && strcmp(e.code, cases[i].code) == 0 && *e.message,
		       "op %u errno %d: %d %s (got %d %s)", cases[i].op, -cases[i].err, cases[i].status, cases[i].code,
		       e.status, e.code);
	}
	tap_ok_str(ctl_error(APPMGR_CTL_STAGE_END, -EACCES, "signed by an unknown key").message,
		   "signed by an unknown key", "appmgr's reason is the message");
}

int main(void)
{
	test_good_requests();
	test_bad_requests();
	test_head_limit();
	test_head_in_pieces();
	test_looks_like_start();
	test_json_escaping();
	test_json_document();
	test_json_in();
	test_json_in_uint();
	test_uuid_and_query();
	test_log_lines();
	test_error_table();
	return tap_done();
}
