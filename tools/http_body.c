/* http_body.c - answers in memory, uploads and headers for libcurl (http_body.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "http_body.h"

int http_answer_append(struct http_answer *a, const char *p, size_t n, size_t max)
{
	if (a->len + n + 1 > max)
		return -EFBIG;
	if (a->len + n + 1 > a->cap) {
		size_t cap = a->cap ? a->cap : 4096;
		char *grown;

		while (cap < a->len + n + 1)
			cap *= 2;
		grown = realloc(a->buf, cap);
		if (!grown)
			return -ENOMEM;
		a->buf = grown;
		a->cap = cap;
	}
	memcpy(a->buf + a->len, p, n);
	a->len += n;
	a->buf[a->len] = '\0';
	return 0;
}

static size_t on_upload(char *p, size_t size, size_t n, void *ctx)
{
	struct http_upload *u = ctx;
	size_t got = fread(p, 1, size * n, u->f);

	return got == 0 && ferror(u->f) ? CURL_READFUNC_ABORT : got;
}

static int on_progress(void *ctx, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow)
{
	struct http_upload *u = ctx;

	if (u->name && ulnow > 0)
		progress_bar_update(&u->bar, (uint64_t)ulnow, u->size);
	return 0;
}

void http_upload_set(CURL *h, struct http_upload *u)
{
	progress_bar_init(&u->bar, stderr, u->name);
	curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(h, CURLOPT_READFUNCTION, on_upload);
	curl_easy_setopt(h, CURLOPT_READDATA, u);
	curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)u->size);
	curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(h, CURLOPT_XFERINFODATA, u);
	curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
}

void http_request_body(CURL *h, const char *method, struct http_upload *u, const char *json)
{
	curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
	if (u->f)
		http_upload_set(h, u);
	else if (json)
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, json);
	else if (!strcmp(method, "POST"))
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, "");
}

struct curl_slist *http_request_headers(bool json_body, bool upload, const char *extra)
{
	struct curl_slist *h = curl_slist_append(NULL, "Accept: application/json");

	/* Both services answer at once: no waiting for a 100 Continue first. */
	h = h ? curl_slist_append(h, "Expect:") : NULL;
	if (h && json_body)
		h = curl_slist_append(h, "Content-Type: application/json");
	else if (h && upload)
		h = curl_slist_append(h, "Content-Type: application/octet-stream");
	else if (h)
		h = curl_slist_append(h, "Content-Type:"); /* an empty POST's too */
	return h && extra ? curl_slist_append(h, extra) : h;
}
