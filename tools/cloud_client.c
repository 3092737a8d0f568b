/*
 * cloud_client.c - one HTTP request to the update service over libcurl,
 * with every failure said in one line (cloud_client.h).
 */
#include <curl/curl.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cloud_client.h"
#include "file_util.h"
#include "http_body.h"

#define CONNECT_TIMEOUT_S 5
#define ANSWER_TIMEOUT_S 60     /* without any byte moving */
#define ANSWER_MAX (16u << 20)  /* a JSON answer */
#define TOKEN_FILE_MAX 4096
#define NO_PROXY_MAX 1024

/* The advice when nothing listens at the service's address. */
static const char start_it[] = "start it with `spherule-cloud serve --db sqlite:PATH`, or give --cloud URL";

/* The first line of the file path (from: the option or variable naming it), without trailing
 * blanks, into c->token: 0 or -1 after cli_fail(). */
static int read_token(struct cloud_client *c, const char *from, const char *path)
{
	uint8_t *buf;
	size_t len;
	int rc = file_read_all(path, TOKEN_FILE_MAX, &buf, &len);

	if (rc < 0)
		return cli_fail(c->command, "%s %s: %s", from, path, rc == -EFBIG ? "too long for a token" : strerror(-rc));
	len = strcspn((char *)buf, "\r\n");
	while (len && (buf[len - 1] == ' ' || buf[len - 1] == '\t'))
		len--;
	if (len == 0 || len >= sizeof(c->token)) {
		free(buf);
		return cli_fail(c->command, "%s %s: %s", from, path,
				len ? "too long for a token" : "empty (expected the service's admin token, STATE/admin-token)");
	}
	memcpy(c->token, buf, len);
	c->token[len] = '\0';
	free(buf);
	return 0;
}

int cloud_client_init_public(struct cloud_client *c, const char *command, const char *url_opt)
{
	const char *env_url = getenv("SPHERULE_CLOUD_URL");
	const char *url = CLOUD_DEFAULT_URL;
	size_t len;

	memset(c, 0, sizeof(*c));
	c->command = command;
	c->url_from = "the default";
	if (url_opt) {
		url = url_opt;
		c->url_from = "--cloud";
	} else if (env_url && *env_url) {
		url = env_url;
		c->url_from = "SPHERULE_CLOUD_URL";
	}
	len = strlen(url);
	while (len && url[len - 1] == '/')
		len--;
	if ((strncmp(url, "http://", 7) && strncmp(url, "https://", 8)) || len <= strcspn(url, ":") + 3 ||
	    len >= sizeof(c->url) || strpbrk(url, " \t\r\n?#"))
		return cli_fail(command, "%s %s: expected the service's URL, http://HOST:PORT, e.g. %s", c->url_from, url,
				CLOUD_DEFAULT_URL);
	memcpy(c->url, url, len);
	c->url[len] = '\0';
	return 0;
}

int cloud_client_init(struct cloud_client *c, const char *command, const char *url_opt, const char *token_file_opt)
{
	const char *env_token = getenv("SPHERULE_CLOUD_TOKEN_FILE");

	if (cloud_client_init_public(c, command, url_opt) < 0)
		return -1;
	if (token_file_opt)
		return read_token(c, "--token-file", token_file_opt);
	if (env_token && *env_token)
		return read_token(c, "SPHERULE_CLOUD_TOKEN_FILE", env_token);
	return 0;
}

int cloud_client_path(const struct cloud_client *c, char *out, size_t len, const char *before, const char *value,
		      const char *after)
{
	char *escaped = curl_easy_escape(NULL, value, 0);
	int n;

	if (!escaped)
		return cli_fail(c->command, "out of memory");
	n = snprintf(out, len, "%s%s%s", before, escaped, after);
	curl_free(escaped);
	if (n < 0 || (size_t)n >= len)
		return cli_fail(c->command, "%s: too long", value);
	return 0;
}

/* One request as it goes. */
struct transfer {
	struct http_answer answer;
	bool too_large;
	struct http_upload upload;
};

static size_t on_data(char *p, size_t size, size_t n, void *ctx)
{
	struct transfer *t = ctx;
	int rc = http_answer_append(&t->answer, p, size * n, ANSWER_MAX);

	t->too_large = rc == -EFBIG;
	return rc < 0 ? 0 : size * n; /* 0 ends the transfer: CURLE_WRITE_ERROR */
}

/* The loopback addresses never go through a proxy, besides those $no_proxy names. */
static void set_no_proxy(CURL *h)
{
	const char *env = getenv("no_proxy");
	char list[NO_PROXY_MAX];

	if (!env || !*env)
		env = getenv("NO_PROXY");
	snprintf(list, sizeof(list), "localhost,127.0.0.1,::1%s%s", env && *env ? "," : "", env && *env ? env : "");
	curl_easy_setopt(h, CURLOPT_NOPROXY, list);
}

static CURL *request_handle(const struct cloud_client *c, const struct cloud_request *rq, struct transfer *t,
			    struct curl_slist *headers, const char *url, char *errbuf, const char *body)
{
	CURL *h = curl_easy_init();

	if (!h)
		return NULL;
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	set_no_proxy(h);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "spherule-cli");
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, (long)CONNECT_TIMEOUT_S);
	curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, (long)ANSWER_TIMEOUT_S);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, t);
	t->upload = (struct http_upload){ .f = rq->upload, .size = rq->upload_size, .name = rq->upload_name };
	http_request_body(h, rq->method, &t->upload, body);
	return h;
}

/* A transfer that failed before an answer came, in one line. */
static int transfer_failed(const struct cloud_client *c, CURL *h, CURLcode rc, const char *errbuf)
{
	long os_errno = 0;
	curl_off_t connect_us = 0;

	curl_easy_getinfo(h, CURLINFO_OS_ERRNO, &os_errno);
	curl_easy_getinfo(h, CURLINFO_CONNECT_TIME_T, &connect_us);
	switch (rc) {
	case CURLE_COULDNT_CONNECT:
		return cli_fail(c->command, "cannot connect to the update service at %s (%s): %s: %s", c->url, c->url_from,
				os_errno ? strerror((int)os_errno) : errbuf, start_it);
	case CURLE_COULDNT_RESOLVE_HOST:
		return cli_fail(c->command, "cannot connect to the update service at %s (%s): unknown host", c->url,
				c->url_from);
	case CURLE_OPERATION_TIMEDOUT:
		if (connect_us == 0)
			return cli_fail(c->command, "cannot connect to the update service at %s (%s): timed out after %d s",
					c->url, c->url_from, CONNECT_TIMEOUT_S);
		return cli_fail(c->command, "%s: the update service did not answer within %d s", c->url,
				ANSWER_TIMEOUT_S);
	default:
		return cli_fail(c->command, "%s: %s", c->url, *errbuf ? errbuf : curl_easy_strerror(rc));
	}
}

/* The service's error answer in one line: the reason of its {"error":
 * "<reason>"}, else the HTTP status and the start of what it said. */
static int service_error(const struct cloud_client *c, long status, const char *body)
{
	json_t *j = json_loads(body, 0, NULL);
	const char *reason = NULL;
	int rc;

	if (j && json_unpack(j, "{s:s}", "error", &reason) == 0)
		rc = cli_fail(c->command, "%s%s", reason,
			      status == 401 && !c->token[0] ?
				      " (no admin token given: --token-file F or $SPHERULE_CLOUD_TOKEN_FILE, "
				      "the service's STATE/admin-token)" : "");
	else
		rc = cli_fail(c->command, "%s: the update service answered HTTP %ld: %.*s", c->url, status,
			      (int)strcspn(body, "\r\n"), *body ? body : "(no body)");
	json_decref(j);
	return rc;
}

/* What came back, as cloud_client_request() says; with raw, the answer's
 * bytes as they are into *raw instead of *answer (cloud_client_fetch()). */
static int finish(const struct cloud_client *c, CURL *h, struct transfer *t, CURLcode rc, const char *errbuf,
		  json_t **answer, struct http_answer *raw)
{
	const char *text = t->answer.buf ? t->answer.buf : "";
	long status = 0;
	json_error_t err;

	if (t->too_large)
		return cli_fail(c->command, "%s: the update service's answer is too long (over %u bytes)", c->url,
				ANSWER_MAX);
	if (rc != CURLE_OK)
		return transfer_failed(c, h, rc, errbuf);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	if (status / 100 != 2)
		return service_error(c, status, text);
	if (raw) {
		*raw = t->answer;
		t->answer = (struct http_answer){ 0 };
		return 0;
	}
	/* An answer without a body (204) is an empty object. */
	*answer = *text ? json_loads(text, 0, &err) : json_object();
	if (!*answer)
		return cli_fail(c->command, "%s: the update service's answer is not JSON: %s", c->url, err.text);
	return 0;
}

static int request(const struct cloud_client *c, const struct cloud_request *rq, json_t **answer,
		   struct http_answer *raw)
{
	static bool curl_ready;
	char url[CLOUD_URL_MAX + 1024], errbuf[CURL_ERROR_SIZE] = "", auth[CLOUD_TOKEN_MAX + 32];
	char *body = rq->body ? json_dumps(rq->body, JSON_COMPACT) : NULL;
	struct transfer t = { 0 };
	struct curl_slist *headers = NULL;
	CURL *h = NULL;
	CURLcode rc;
	int result;

	*answer = NULL;
	if (!curl_ready && curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		free(body);
		return cli_fail(c->command, "cannot initialise libcurl");
	}
	curl_ready = true;
	snprintf(url, sizeof(url), "%s%s", c->url, rq->path);
	if (c->token[0])
		snprintf(auth, sizeof(auth), "Authorization: Bearer %s", c->token);
	if (!rq->body || body)
		headers = http_request_headers(rq->body, rq->upload, c->token[0] ? auth : NULL);
	if (headers)
		h = request_handle(c, rq, &t, headers, url, errbuf, body);
	if (!h) {
		curl_slist_free_all(headers);
		free(body);
		return cli_fail(c->command, "out of memory");
	}
	rc = curl_easy_perform(h);
	if (rq->upload)
		progress_bar_end(&t.upload.bar);
	result = finish(c, h, &t, rc, errbuf, answer, raw);
	curl_easy_cleanup(h);
	curl_slist_free_all(headers);
	free(body);
	free(t.answer.buf);
	return result;
}

int cloud_client_request(const struct cloud_client *c, const struct cloud_request *rq, json_t **answer)
{
	return request(c, rq, answer, NULL);
}

int cloud_client_fetch(const struct cloud_client *c, const char *path, char **body, size_t *len)
{
	struct cloud_request rq = { .method = "GET", .path = path };
	struct http_answer raw = { 0 };
	json_t *unused = NULL;
	int rc = request(c, &rq, &unused, &raw);

	*body = raw.buf;
	*len = raw.len;
	return rc;
}
