/* http_client.h — updated's HTTP/1.1 client: one request per TCP connection
 * (Connection: close) to the update service's numeric IPv4 address, bounded
 * buffers, the response's body delivered to a sink as it arrives. Only what
 * the service speaks: a Content-Length body (no chunked encoding), Range
 * requests answered 206 with a Content-Range, and the service's headers
 * (X-Spherule-Check-Period, X-Spherule-Update-Window,
 * X-Spherule-Reports-Acked). Every wait is
 * bounded by the timeout (per read or write, not the whole transfer). */
#ifndef UPDATED_HTTP_CLIENT_H
#define UPDATED_HTTP_CLIENT_H

#include <stddef.h>
#include <stdint.h>

#include "spherule/error_detail.h"

#define HTTP_HEAD_MAX 4096u   /* the status line and headers */
#define HTTP_WINDOW_SIZE 16u  /* "start-end" or "none" */

struct http_server {
	char host[64];        /* dotted IPv4 */
	uint16_t port;
	uint32_t timeout_ms;
};

struct http_request {
	const char *method;   /* "GET", "POST" */
	const char *path;     /* "/v1/device/nonce?device_id=..." */
	const char *content_type; /* POST: the body's; NULL without body */
	const void *body;
	size_t body_len;
	uint64_t range_from;  /* > 0: "Range: bytes=N-" */
	int want_status;      /* not 0: another status is -EPROTO, its body not delivered */
};

struct http_response {
	int status;               /* 200, 206, 401, ... */
	uint64_t content_length;
	uint64_t range_from;      /* 206: the first byte's offset (Content-Range) */
	uint64_t received;        /* body bytes delivered to the sink */
	uint32_t check_period_s;  /* X-Spherule-Check-Period; 0: absent */
	char window[HTTP_WINDOW_SIZE]; /* X-Spherule-Update-Window; "": absent */
	int64_t reports_acked;    /* X-Spherule-Reports-Acked: the highest seq stored; -1: absent */
};

/* Receives n body bytes; a non-zero return (a negative errno) stops the
 * transfer and is returned by http_fetch(). */
typedef int (*http_sink)(void *ctx, const uint8_t *p, size_t n);

/*
 * Sends req to srv and delivers the response's body to sink (every status:
 * the caller reads resp->status). 0 when the whole body (Content-Length
 * bytes) arrived; -ECONNRESET when the connection ended before (resp->
 * received says how much came, for a resume), -ETIMEDOUT, -EPROTO (no HTTP
 * response, no Content-Length, a head over HTTP_HEAD_MAX, a 206 whose
 * Content-Range does not start at the range asked), the socket's -errno or
 * the sink's error; why says which.
 */
int http_fetch(const struct http_server *srv, const struct http_request *req, struct http_response *resp,
	       http_sink sink, void *ctx, struct error_detail *why);

/* Parses the head (status line and headers, up to the blank line) of len
 * bytes into resp: 0 or -EPROTO with why. For http_fetch() and its tests. */
int http_parse_head(const char *head, size_t len, struct http_response *resp, struct error_detail *why);

#endif
