/* body.c — a request's body, read from the link as a handler takes it
 * (see exchange.h). */
#include "exchange.h"

#include <errno.h>
#include <string.h>

#include "http_response.h"

void exchange_init(struct exchange *ex, const struct link *l, struct ctl *c, struct http_request *req,
		   int timeout_ms)
{
	*ex = (struct exchange){ .link = l, .ctl = c, .req = req, .timeout_ms = timeout_ms };
	ex->body_left = req->content_length > 0 ? (uint64_t)req->content_length : 0;
	ex->pre = http_request_body_start(req, &ex->pre_len);
	if (ex->pre_len > ex->body_left)
		ex->pre_len = (size_t)ex->body_left; /* bytes past the body are not this request's */
}

ssize_t body_read(struct exchange *ex, void *buf, size_t cap)
{
	size_t got = 0;

	if (cap > ex->body_left)
		cap = (size_t)ex->body_left;
	if (ex->pre_len > 0) {
		got = ex->pre_len < cap ? ex->pre_len : cap;
		memcpy(buf, ex->pre, got);
		ex->pre += got;
		ex->pre_len -= got;
	}
	if (got < cap && ex->req->expect_continue && !ex->continue_sent) {
		int err = http_respond_continue(ex->link);

		if (err < 0)
			return err;
		ex->continue_sent = true;
	}
	while (got < cap) {
		ssize_t n = link_read(ex->link, (char *)buf + got, cap - got, ex->timeout_ms);

		if (n == 0)
			return -ECONNRESET;
		if (n < 0)
			return n;
		got += (size_t)n;
	}
	ex->body_left -= got;
	return (ssize_t)got;
}

void body_failed(struct exchange *ex, int err)
{
	static const struct api_error timeout = { 408, "timeout", "the request body stopped coming" };
	static const struct api_error broken = { 500, "internal", "cannot read the request body" };

	if (err == -ETIMEDOUT)
		(void)http_respond_error(ex->link, &timeout);
	else if (err != -ECONNRESET)
		(void)http_respond_error(ex->link, &broken);
}
