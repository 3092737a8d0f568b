/* http_request.h — the head of one HTTP/1.1 request (request line and
 * headers) in a bounded buffer: found, checked and taken apart in place.
 * devctl reads only what it uses: the method, the path and query,
 * Content-Length, Expect: 100-continue; any Transfer-Encoding is refused
 * (a body must come with Content-Length). Bytes after the head (the start
 * of the body) stay in the buffer. */
#ifndef DEVCTL_HTTP_REQUEST_H
#define DEVCTL_HTTP_REQUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "api_error.h"

#define HTTP_HEAD_MAX 4096u

enum http_method { HTTP_OTHER, HTTP_GET, HTTP_PUT, HTTP_POST, HTTP_PATCH, HTTP_DELETE };

struct http_request {
	char buf[HTTP_HEAD_MAX + 1]; /* the head, body bytes after it; a NUL's room */
	size_t len;             /* bytes in buf, at most HTTP_HEAD_MAX */
	size_t scanned;         /* bytes already searched for the head's end */
	size_t head_len;        /* the head with its empty line; 0 until found */
	enum http_method method;
	const char *path;       /* NUL-terminated, in buf */
	const char *query;      /* after '?', NUL-terminated; "" when none */
	int64_t content_length; /* -1: no Content-Length */
	bool expect_continue;   /* Expect: 100-continue */
};

/* Empties r, keeping the first `keep` bytes of its buffer as the start of
 * the next request. */
void http_request_reset(struct http_request *r, size_t keep);

/* Looks for the end of the head among the bytes in the buffer; true when
 * it is there (head_len set). */
bool http_request_head_complete(struct http_request *r);

/* Takes the complete head apart. Returns 0, or fills *e (400 bad_request,
 * 411 length_required for a Transfer-Encoding) and returns -EINVAL. */
int http_request_parse(struct http_request *r, struct api_error *e);

/* The body bytes that came with the head. */
const char *http_request_body_start(const struct http_request *r, size_t *len);

enum http_start {
	HTTP_START_NO,    /* not a request line's start */
	HTTP_START_MAYBE, /* too few bytes to tell */
	HTTP_START_YES,   /* a method (a token), a space, '/' */
};

/* Whether bytes begin like a request line ("GET /", ...): how devctl tells a
 * new client's request from the rest of the previous one. */
enum http_start http_request_start(const char *bytes, size_t n);

#endif
