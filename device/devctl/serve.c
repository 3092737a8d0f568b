/* serve.c — the loop on the service link (see serve.h). */
#include "serve.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "exchange.h"
#include "http_response.h"
#include "router.h"

void server_init(struct server *s, int link_fd, int ctl_fd, int timeout_ms)
{
	memset(s, 0, sizeof(*s));
	s->link.fd = link_fd;
	ctl_init(&s->ctl, ctl_fd);
	s->timeout_ms = timeout_ms;
}

enum head_result { HEAD_READY, HEAD_ANSWERED, HEAD_HOST_GONE };

/* Reads the request head; a refusal is sent here (HEAD_ANSWERED). Returns
 * a negative errno when the link failed. */
static int read_head(struct server *s)
{
	static const struct api_error too_large = { 431, "headers_too_large",
						    "the request line and headers exceed 4096 bytes" };
	static const struct api_error timeout = { 408, "timeout", "the request stopped coming" };
	struct http_request *r = &s->req;
	struct api_error e;

	http_request_reset(r, s->carry);
	s->carry = 0;
	while (!http_request_head_complete(r)) {
		ssize_t n;

		if (r->len == HTTP_HEAD_MAX) {
			(void)http_respond_error(&s->link, &too_large);
			return HEAD_ANSWERED;
		}
		if (r->len == 0)
			n = link_wait_bytes(&s->link, r->buf, HTTP_HEAD_MAX);
		else
			n = link_read(&s->link, r->buf + r->len, HTTP_HEAD_MAX - r->len, s->timeout_ms);
		if (n == -ETIMEDOUT) {
			(void)http_respond_error(&s->link, &timeout);
			return HEAD_ANSWERED;
		}
		if (n == 0)
			return HEAD_HOST_GONE;
		if (n < 0)
			return (int)n;
		r->len += (size_t)n;
	}
	if (http_request_parse(r, &e) < 0) {
		(void)http_respond_error(&s->link, &e);
		return HEAD_ANSWERED;
	}
	return HEAD_READY;
}

int serve_one(struct server *s)
{
	struct exchange ex;
	int r = read_head(s);

	if (r < 0 || r == HEAD_HOST_GONE)
		return r < 0 ? r : 0;
	exchange_init(&ex, &s->link, &s->ctl, &s->req, s->timeout_ms);
	if (r == HEAD_READY)
		router_dispatch(&ex);
	if (!ex.carry)
		r = exchange_drain(&ex, -1);
	s->carry = ex.carry;
	if (r >= 0 && s->ctl.broken)
		r = -EPIPE;
	return r < 0 ? r : 0;
}

int serve(struct server *s)
{
	int r;

	while ((r = serve_one(s)) == 0)
		;
	fprintf(stderr, "devctl: %s: %s\n", s->ctl.broken ? "appmgr's control socket failed" : "the service link failed",
		strerror(-r));
	return r;
}
