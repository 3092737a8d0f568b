/* test_devctl_fuzz.c — random and mutated input for devctl, for
 * DEVCTL_FUZZ_SECONDS (default 3; the seed from DEVCTL_FUZZ_SEED, else the
 * clock, printed to run again): two fifths of the time straight into the request
 * parser, the JSON reader and writer, the id and query parsers (nothing may
 * crash, every result in range, every JSON written valid); the rest
 * through the whole server loop on the rig of test_devctl_api (every
 * answer well formed, devctl still serving after each batch). */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "devctl_rig.h"
#include "http_request.h"
#include "json_in.h"
#include "json_out.h"
#include "query.h"
#include "tap.h"
#include "uuid_text.h"

#define INPUT_MAX 6000
#define SERVER_TIMEOUT_MS 100

static const char *const seeds[] = {
	"GET /status HTTP/1.1\r\nHost: device\r\n\r\n",
	"GET /device/security_state HTTP/1.1\r\n\r\n",
	"GET /device HTTP/1.1\r\n\r\n",
	"GET /device/secmon HTTP/1.1\r\n\r\n",
	"GET /images HTTP/1.1\r\nAccept: application/json\r\n\r\n",
	"GET /net/interfaces HTTP/1.1\r\n\r\n",
	"GET /app/status/" FAKE_HELLO_ID " HTTP/1.1\r\n\r\n",
	"GET /app/quota/" FAKE_HELLO_ID " HTTP/1.1\r\n\r\n",
	"GET /app/memory/" FAKE_HELLO_ID " HTTP/1.1\r\n\r\n",
	"PATCH /app/status/" FAKE_HELLO_ID " HTTP/1.1\r\nContent-Length: 19\r\n\r\n{\"trigger\":\"start\"}",
	"PATCH /app/status/" FAKE_HELLO_ID " HTTP/1.1\r\nContent-Length: 24\r\n\r\n{\"trigger\":\"startDebug\"}",
	"DELETE /app/image/" FAKE_HELLO_ID " HTTP/1.1\r\n\r\n",
	"GET /log?componentId=" FAKE_HELLO_ID "&since=3 HTTP/1.1\r\n\r\n",
	"GET /log/stream HTTP/1.1\r\n\r\n",
	"PUT /update/stage HTTP/1.1\r\nContent-Length: 8\r\nExpect: 100-continue\r\n\r\nPKGBYTES",
	"POST /update/install HTTP/1.1\r\nContent-Length: 27\r\n\r\n{\"appControlMode\":\"Manual\"}",
	"POST /restart HTTP/1.1\r\nContent-Length: 0\r\n\r\n",
};

static const char *const splices[] = {
	"\r\n", "\n", "\r", " ", ":", "\r\n\r\n", "Content-Length: 99999\r\n", "Transfer-Encoding: chunked\r\n",
	"\\u0000", "\"", "{", "}", "%00", "?since=", "&componentId=", "/", "\xff\xfe", "\xc3", "\x00",
};

static unsigned rnd(unsigned *s)
{
	*s = *s * 1103515245u + 12345u;
	return (*s >> 8) & 0xffffff;
}

/* A mutated seed, or random bytes, into buf; returns its length. */
static size_t make_input(unsigned *s, char *buf)
{
	const char *seed;
	size_t n;
	unsigned edits;

	if (rnd(s) % 10 == 0) {
		n = rnd(s) % 300;
		for (size_t i = 0; i < n; i++)
			buf[i] = (char)rnd(s);
		return n;
	}
	seed = seeds[rnd(s) % (sizeof(seeds) / sizeof(seeds[0]))];
	n = strlen(seed);
	memcpy(buf, seed, n);
	edits = 1 + rnd(s) % 4;
	for (unsigned e = 0; e < edits && n > 0; e++) {
		size_t at = rnd(s) % n;
		const char *sp = splices[rnd(s) % (sizeof(splices) / sizeof(splices[0]))];
		size_t sp_len = *sp ? strlen(sp) : 1;

		switch (rnd(s) % 6) {
		case 0: /* flip a byte */
			buf[at] = (char)(buf[at] ^ (1 << (rnd(s) % 8)));
			break;
		case 1: /* delete bytes */
			memmove(buf + at, buf + at + 1, n - at - 1);
			n--;
			break;
		case 2: /* splice something in */
			if (n + sp_len < INPUT_MAX) {
				memmove(buf + at + sp_len, buf + at, n - at);
				memcpy(buf + at, sp, sp_len);
				n += sp_len;
			}
			break;
		case 3: /* cut it short */
			n = at;
			break;
		case 4: /* a long run of one byte */
			for (size_t k = rnd(s) % 4500; k > 0 && n + 1 < INPUT_MAX; k--) {
				memmove(buf + at + 1, buf + at, n - at);
				buf[at] = 'a';
				n++;
			}
			break;
		default: /* a random byte */
			buf[at] = (char)rnd(s);
			break;
		}
	}
	return n;
}

static int collect(void *ctx, const char *bytes, size_t n)
{
	struct { char *buf; size_t len, cap; } *out = ctx;

	if (out->len + n > out->cap)
		return -ENOSPC;
	memcpy(out->buf + out->len, bytes, n);
	out->len += n;
	return 0;
}

/* One input into every parser; false when a result is out of range. */
static bool parse_everything(const char *in, size_t n)
{
	static struct http_request req;
	static char written[INPUT_MAX * 6 + 16];
	struct { char *buf; size_t len, cap; } out = { written, 0, sizeof(written) };
	struct api_error e;
	struct json_out j;
	char value[16], wbuf[64];
	uint8_t id[16];
	const char *v;
	size_t vn;
	uint64_t num;
	json_t *parsed;
	bool ok = true;
	int r;

	http_request_reset(&req, 0);
	req.len = n < HTTP_HEAD_MAX ? n : HTTP_HEAD_MAX;
	memcpy(req.buf, in, req.len);
	if (http_request_head_complete(&req)) {
		ok = req.head_len <= req.len;
		if (http_request_parse(&req, &e) == 0)
			ok = ok && req.path[0] == '/' && req.content_length >= -1 && strchr(req.path, '?') == NULL;
		else
			ok = ok && (e.status == 400 || e.status == 411) && e.message;
	}
	(void)http_request_start(in, n);
	r = json_in_string_member(in, n, "trigger", value, sizeof(value));
	ok = ok && (r == 0 || r == -ENOENT || r == -EINVAL || r == -E2BIG) && (r != 0 || strlen(value) < sizeof(value));
	(void)uuid_parse(in, n < 40 ? n : 40, id);
	if (query_get(in, n, "since", &v, &vn))
		ok = ok && v >= in && v + vn <= in + n && (!query_u64(v, vn, &num) || vn <= 19);
	json_out_init(&j, collect, &out, wbuf, sizeof(wbuf));
	json_strn(&j, in, n);
	ok = ok && json_out_end(&j) == 0;
	parsed = json_loadb(written, out.len, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
	ok = ok && json_is_string(parsed);
	json_decref(parsed);
	return ok;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A response devctl may give: a status line, Connection: close, JSON. */
static bool well_formed(const struct response *r)
{
	json_t *j;
	bool ok;

	if (r->status == 100)
		return true;
	if (!strstr(r->head, "\r\nConnection: close\r\n") || r->status < 200 || r->status > 599)
		return false;
	if (strstr(r->head, "application/x-ndjson"))
		return r->content_length < 0;
	j = response_json(r);
	ok = j && r->content_length == (long)r->body_len && strstr(r->head, "application/json");
	json_decref(j);
	return ok;
}

int main(void)
{
	static struct rig rig;
	static struct response resp;
	static char in[INPUT_MAX];
	const char *env = getenv("DEVCTL_FUZZ_SECONDS"), *seed_env = getenv("DEVCTL_FUZZ_SEED");
	int seconds = env ? atoi(env) : 3;
	unsigned seed = seed_env ? (unsigned)strtoul(seed_env, NULL, 10) : (unsigned)time(NULL), s = seed;
	unsigned parsed = 0, bad_parse = 0, served = 0, answered = 0, malformed = 0, alive_checks = 0, dead = 0;
	long long half = now_ms() + seconds * 400LL, end = now_ms() + seconds * 1000LL;

	printf("# seed %u (DEVCTL_FUZZ_SEED=%u to run it again), %d s\n", seed, seed, seconds);
	while (now_ms() < half) {
		for (int i = 0; i < 100; i++, parsed++) {
			size_t n = make_input(&s, in);

			if (!parse_everything(in, n) && bad_parse++ == 0)
				printf("# an input out of range: %.*s\n", (int)(n < 200 ? n : 200), in);
		}
	}
	tap_ok(bad_parse == 0, "%u inputs through the parsers, every result in range (%u not)", parsed, bad_parse);

	if (rig_start(&rig, SERVER_TIMEOUT_MS) < 0) {
		printf("Bail out! cannot start the rig\n");
		return 1;
	}
	while (now_ms() < end || served == 0) {
		size_t n = make_input(&s, in);
		int fd = host_connect(), r;

		if (rnd(&s) % 2 && n > 1) { /* in two pieces */
			size_t cut = rnd(&s) % n;

			host_send(fd, in, cut);
			poll(NULL, 0, 1);
			host_send(fd, in + cut, n - cut);
		} else {
			host_send(fd, in, n);
		}
		r = host_read_response(fd, &resp, 4 * SERVER_TIMEOUT_MS);
		if (r == 0) {
			answered++;
			if (!well_formed(&resp) && malformed++ == 0)
				printf("# a malformed answer to %.*s:\n# %s%s\n", (int)(n < 200 ? n : 200), in, resp.head, resp.body);
		}
		close(fd);
		if (++served % 20 == 0) {
			poll(NULL, 0, 150); /* devctl sees the host leave */
			alive_checks++;
			dead += !(rig_request("GET /status HTTP/1.1\r\n\r\n", &resp) == 0 && resp.status == 200);
		}
	}
	tap_ok(malformed == 0, "%u inputs through the server loop, %u answered, every answer well formed", served,
	       answered);
	poll(NULL, 0, 150);
	dead += !(rig_request("GET /status HTTP/1.1\r\n\r\n", &resp) == 0 && resp.status == 200);
	tap_ok(dead == 0, "devctl served a good request after every batch (%u checks, %u failed)", alive_checks + 1, dead);
	tap_ok(fake_appmgr_count(&rig.appmgr, APPMGR_CTL_STAGE_BEGIN) >=
		       fake_appmgr_count(&rig.appmgr, APPMGR_CTL_STAGE_END),
	       "no staging ended that did not begin");
	return tap_done();
}
