/*
 * device_link.c - where the device is, and one HTTP request to its devctl
 * over libcurl with every failure said in one line (device_link.h).
 */
#include <curl/curl.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "device_link.h"
#include "emulator_state.h"
#include "http_body.h"

#define CONNECT_TIMEOUT_MS 5000
#define DEFAULT_ANSWER_TIMEOUT_S 60 /* $SPHERULE_DEVICE_TIMEOUT */
#define MAX_ANSWER_TIMEOUT_S 3600
#define RETRY_FOR_MS 2000           /* connecting again after a reset */
#define RETRY_PAUSE_MS 100
#define ANSWER_MAX (4u << 20)       /* a JSON answer */
#define LINE_MAX_BYTES (64u << 10)  /* one line of a stream */

static const char not_attached[] =
	"no device attached: start one with `spherule emulator start`, or give --device HOST:PORT";

int device_link_not_attached(const char *command)
{
	return cli_fail(command, "%s", not_attached);
}

/* True when text is HOST:PORT: a host without characters a URL would read
 * otherwise, and a port from 1 to 65535. */
static bool is_address(const char *text)
{
	const char *colon = strrchr(text, ':');
	char *end;
	long port;

	if (!colon || colon == text || strlen(text) >= DEVICE_ADDRESS_MAX || strpbrk(text, "/?#@ \t\r\n\\%"))
		return false;
	errno = 0;
	port = strtol(colon + 1, &end, 10);
	return colon[1] >= '0' && colon[1] <= '9' && !*end && !errno && port >= 1 && port <= 65535;
}

int device_link_resolve(struct device_link *l, const char *command, const char *device_opt, const char *state_dir)
{
	const char *env = getenv("SPHERULE_DEVICE");
	int rc;

	memset(l, 0, sizeof(*l));
	l->command = command;
	snprintf(l->state_dir, sizeof(l->state_dir), "%s", state_dir);
	if (device_opt || (env && *env)) {
		const char *text = device_opt ? device_opt : env;

		snprintf(l->from, sizeof(l->from), "%s", device_opt ? "--device" : "SPHERULE_DEVICE");
		if (!is_address(text))
			return cli_fail(command, "%s %s: expected HOST:PORT, e.g. 127.0.0.1:40123", l->from, text);
		snprintf(l->address, sizeof(l->address), "%s", text);
		return 0;
	}
	emulator_record_path(state_dir, EMULATOR_SERVICE_LINK, l->from, sizeof(l->from));
	rc = emulator_record_read(state_dir, EMULATOR_SERVICE_LINK, l->address, sizeof(l->address));
	if (rc == -ENOENT)
		return -ENOENT;
	if (rc < 0 || !is_address(l->address))
		return cli_fail(command, "%s: %s (remove it, or give --device HOST:PORT)", l->from,
				rc < 0 && rc != -EINVAL ? strerror(-rc) : "not one line HOST:PORT");
	l->from_emulator = true;
	return 0;
}

/* One request as it goes: the answer collected, or a stream's lines handed on. */
struct transfer {
	const struct device_request *rq;
	CURL *h;
	struct http_answer body; /* the answer, or a stream's line not yet ended */
	bool decided;   /* whether the answer streams is known */
	bool streaming; /* a 2xx answer to a request with on_line */
	bool stopped;   /* on_line ended the request */
	bool too_large;
	struct http_upload upload;
};

/* Hands the stream's complete lines to on_line: false when it asked to stop. */
static bool hand_on_lines(struct transfer *t)
{
	char *start = t->body.buf, *nl;

	while ((nl = memchr(start, '\n', t->body.len - (size_t)(start - t->body.buf)))) {
		*nl = '\0';
		if (nl > start && nl[-1] == '\r')
			nl[-1] = '\0';
		if (*start && t->rq->on_line(start, t->rq->ctx)) {
			t->stopped = true;
			return false;
		}
		start = nl + 1;
	}
	t->body.len -= (size_t)(start - t->body.buf);
	memmove(t->body.buf, start, t->body.len + 1);
	return true;
}

static size_t on_data(char *p, size_t size, size_t n, void *ctx)
{
	struct transfer *t = ctx;
	size_t len = size * n;

	if (!t->decided) {
		long code = 0;

		curl_easy_getinfo(t->h, CURLINFO_RESPONSE_CODE, &code);
		t->streaming = t->rq->on_line && code / 100 == 2;
		t->decided = true;
	}
	if (http_answer_append(&t->body, p, len, t->streaming ? LINE_MAX_BYTES : ANSWER_MAX) < 0) {
		t->too_large = true;
		return 0; /* ends the transfer: CURLE_WRITE_ERROR */
	}
	if (t->streaming && !hand_on_lines(t))
		return 0;
	return len;
}

/* How long the device may leave a request unanswered (not a stream's): $SPHERULE_DEVICE_TIMEOUT
 * seconds, else the default. */
static long answer_timeout(const struct device_link *l)
{
	const char *env = getenv("SPHERULE_DEVICE_TIMEOUT");
	uint32_t s;

	if (!env || !*env)
		return DEFAULT_ANSWER_TIMEOUT_S;
	if (cli_parse_u32(l->command, "SPHERULE_DEVICE_TIMEOUT", env, &s) < 0)
		return -1;
	if (s < 1 || s > MAX_ANSWER_TIMEOUT_S)
		return cli_fail(l->command, "SPHERULE_DEVICE_TIMEOUT %s: expected seconds from 1 to %d", env,
				MAX_ANSWER_TIMEOUT_S);
	return (long)s;
}

static CURL *request_handle(const struct device_link *l, const struct device_request *rq, struct transfer *t,
			    struct curl_slist *headers, char *url, size_t url_len, char *errbuf, long timeout_s)
{
	CURL *h = curl_easy_init();

	if (!h)
		return NULL;
	snprintf(url, url_len, "http://%s%s", l->address, rq->path);
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_NOPROXY, "*"); /* the link is local: never through a proxy */
	curl_easy_setopt(h, CURLOPT_USERAGENT, "spherule-cli");
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
	/* One request per connection: the serial link serves one at a time. */
	curl_easy_setopt(h, CURLOPT_FRESH_CONNECT, 1L);
	curl_easy_setopt(h, CURLOPT_FORBID_REUSE, 1L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, (long)CONNECT_TIMEOUT_MS);
	if (!rq->on_line) {
		curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
		curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, timeout_s);
	}
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, t);
	t->upload = (struct http_upload){ .f = rq->upload, .size = rq->upload_size, .name = rq->upload_name };
	http_request_body(h, rq->method, &t->upload, rq->json_body);
	return h;
}

static long elapsed_ms(const struct timespec *since)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - since->tv_sec) * 1000 + (now.tv_nsec - since->tv_nsec) / 1000000;
}

/* Whether rc is a connection reset or closed by the other end before any
 * answer, as when the previous request's close is still in progress (curl
 * counts a reset right after the connect as a failure to connect). */
static bool reset_before_answer(CURL *h, CURLcode rc)
{
	long header_bytes = 0, os_errno = 0;

	curl_easy_getinfo(h, CURLINFO_HEADER_SIZE, &header_bytes);
	curl_easy_getinfo(h, CURLINFO_OS_ERRNO, &os_errno);
	if (rc == CURLE_COULDNT_CONNECT)
		return os_errno == ECONNRESET || os_errno == EPIPE;
	return (rc == CURLE_RECV_ERROR || rc == CURLE_SEND_ERROR || rc == CURLE_GOT_NOTHING) && header_bytes == 0;
}

/* The device's error answer in one line: "<message> (<code>)" from its
 * error JSON, else the HTTP status and the start of what it said. */
static int device_error(const struct device_link *l, long status, const char *body)
{
	json_t *j = json_loads(body, 0, NULL);
	const char *message = NULL, *code = NULL;
	int rc;

	if (j && json_unpack(j, "{s:{s:s, s:s}}", "error", "message", &message, "code", &code) == 0)
		rc = cli_fail(l->command, "%s (%s)", message, code);
	else
		rc = cli_fail(l->command, "%s: the device answered HTTP %ld: %.*s", l->address, status,
			      (int)strcspn(body, "\r\n"), *body ? body : "(no body)");
	json_decref(j);
	return rc;
}

/* A transfer that failed before an answer came, in one line. */
static int transfer_failed(const struct device_link *l, CURL *h, CURLcode rc, const char *errbuf, long timeout_s)
{
	long os_errno = 0;
	curl_off_t connect_us = 0;

	curl_easy_getinfo(h, CURLINFO_OS_ERRNO, &os_errno);
	curl_easy_getinfo(h, CURLINFO_CONNECT_TIME_T, &connect_us);
	if (reset_before_answer(h, rc))
		return cli_fail(l->command, "%s: the connection was closed without an answer%s%s", l->address,
				os_errno ? ": " : "", os_errno ? strerror((int)os_errno) : "");
	switch (rc) {
	case CURLE_COULDNT_CONNECT:
		if (os_errno == ECONNREFUSED && l->from_emulator && !emulator_running_pid(l->state_dir)) {
			emulator_record_remove(l->state_dir, EMULATOR_SERVICE_LINK);
			return cli_fail(l->command, "no device attached: the emulator that %s named (%s) is gone (record "
					"removed): start one with `spherule emulator start`, or give --device HOST:PORT",
					l->from, l->address);
		}
		return cli_fail(l->command, "cannot connect to %s (%s): %s", l->address, l->from,
				os_errno ? strerror((int)os_errno) : errbuf);
	case CURLE_OPERATION_TIMEDOUT:
		if (connect_us == 0)
			return cli_fail(l->command, "cannot connect to %s (%s): timed out after %d s", l->address, l->from,
					CONNECT_TIMEOUT_MS / 1000);
		return cli_fail(l->command, "%s: the device did not answer within %ld s (is devctl running on it?)",
				l->address, timeout_s);
	case CURLE_COULDNT_RESOLVE_HOST:
		return cli_fail(l->command, "cannot connect to %s (%s): unknown host", l->address, l->from);
	default:
		return cli_fail(l->command, "%s: %s", l->address, *errbuf ? errbuf : curl_easy_strerror(rc));
	}
}

/* What came back, as device_link_request() says. */
static int finish(const struct device_link *l, struct transfer *t, CURLcode rc, const char *errbuf, long timeout_s,
		  json_t **answer)
{
	long status = 0;
	json_error_t err;

	curl_easy_getinfo(t->h, CURLINFO_RESPONSE_CODE, &status);
	if (t->too_large)
		return cli_fail(l->command, "%s: the device's answer is too long (over %u bytes)", l->address,
				t->streaming ? LINE_MAX_BYTES : ANSWER_MAX);
	if (t->stopped)
		return 0;
	if (t->streaming) {
		/* The device ended the stream (closed the connection): the last line too. */
		if (t->body.len && t->rq->on_line(t->body.buf, t->rq->ctx))
			return 0;
		return rc == CURLE_OK || rc == CURLE_PARTIAL_FILE || rc == CURLE_RECV_ERROR ? 0 :
			transfer_failed(l, t->h, rc, errbuf, timeout_s);
	}
	if (rc != CURLE_OK)
		return transfer_failed(l, t->h, rc, errbuf, timeout_s);
	if (status / 100 != 2)
		return device_error(l, status, t->body.buf ? t->body.buf : "");
	*answer = json_loads(t->body.buf ? t->body.buf : "", 0, &err);
	if (!*answer)
		return cli_fail(l->command, "%s: the device's answer is not JSON: %s", l->address, err.text);
	return 0;
}

int device_link_request(const struct device_link *l, const struct device_request *rq, json_t **answer)
{
	static bool curl_ready;
	char url[DEVICE_ADDRESS_MAX + 512], errbuf[CURL_ERROR_SIZE];
	long timeout_s = answer_timeout(l);
	off_t upload_start = rq->upload ? ftello(rq->upload) : 0;
	struct transfer t = { .rq = rq };
	struct curl_slist *headers;
	struct timespec began;
	CURLcode rc;
	int result;

	if (answer)
		*answer = NULL;
	if (timeout_s < 0)
		return -1;
	if (!curl_ready && curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return cli_fail(l->command, "cannot initialise libcurl");
	curl_ready = true;
	/* devctl closes after each answer; say so from this side too. */
	headers = http_request_headers(rq->json_body, rq->upload, "Connection: close");
	if (headers)
		t.h = request_handle(l, rq, &t, headers, url, sizeof(url), errbuf, timeout_s);
	if (!t.h) {
		curl_slist_free_all(headers);
		return cli_fail(l->command, "out of memory");
	}
	clock_gettime(CLOCK_MONOTONIC, &began);
	for (;;) {
		errbuf[0] = '\0';
		rc = curl_easy_perform(t.h);
		if (!reset_before_answer(t.h, rc) || elapsed_ms(&began) >= RETRY_FOR_MS ||
		    (rq->upload && fseeko(rq->upload, upload_start, SEEK_SET) != 0))
			break;
		nanosleep(&(struct timespec){ .tv_nsec = RETRY_PAUSE_MS * 1000000L }, NULL);
		t.body.len = 0;
		t.decided = t.streaming = false;
	}
	if (rq->upload)
		progress_bar_end(&t.upload.bar);
	result = finish(l, &t, rc, errbuf, timeout_s, answer);
	curl_easy_cleanup(t.h);
	curl_slist_free_all(headers);
	free(t.body.buf);
	return result;
}
