/*
 * http_body.h - what the CLI's two HTTP clients (device_link.c, to the
 * device's devctl; cloud_client.c, to the update service) share around
 * libcurl: an answer collected in memory, a file sent whole as a request's
 * body with a progress bar, and a request's headers.
 */
#ifndef SPHERULE_HTTP_BODY_H
#define SPHERULE_HTTP_BODY_H

#include <curl/curl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "progress_bar.h"

struct http_answer {
	char *buf; /* malloc()ed, a NUL after the last byte; NULL while empty */
	size_t len, cap;
};

/* Appends the n bytes at p: 0, -EFBIG when the answer would pass max bytes, or -ENOMEM. */
int http_answer_append(struct http_answer *a, const char *p, size_t n, size_t max);

struct http_upload {
	FILE *f;          /* sent from where it is to its end, */
	uint64_t size;    /* this long (Content-Length) */
	const char *name; /* the progress bar's label on stderr, or NULL for none */
	struct progress_bar bar;
};

/* Has h send u's file as its request's body, drawing u's progress bar as it goes (u stays valid
 * until the transfer ended; progress_bar_end(&u->bar) ends the bar's line). */
void http_upload_set(CURL *h, struct http_upload *u);

/* Has h make a method request with u's file as its body when u->f is not
 * NULL (see http_upload_set()), else json (NULL: none; an empty one for a
 * POST). */
void http_request_body(CURL *h, const char *method, struct http_upload *u, const char *json);

/* A request's headers: Accept: application/json, no Expect: 100-continue, the Content-Type of
 * a JSON body, of an upload (application/octet-stream) or none, and extra (one header line,
 * or NULL). NULL when out of memory. */
struct curl_slist *http_request_headers(bool json_body, bool upload, const char *extra);

#endif
