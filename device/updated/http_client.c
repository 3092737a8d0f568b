/* http_client.c — updated's HTTP/1.1 client (see http_client.h). */
#include "http_client.h"

#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#define BODY_CHUNK 4096u

/* Waits until fd is ready for events within timeout_ms: 0 or -ETIMEDOUT/-errno. */
static int wait_for(int fd, short events, uint32_t timeout_ms)
{
	struct pollfd p = { fd, events, 0 };
	int n;

	do
		n = poll(&p, 1, (int)timeout_ms);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	return n == 0 ? -ETIMEDOUT : 0;
}

static int connect_to(const struct http_server *srv, struct error_detail *why)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(srv->port) };
	int fd, err, soerr = 0;
	socklen_t len = sizeof(soerr);

	if (inet_pton(AF_INET, srv->host, &sa.sin_addr) != 1)
		return error_detail_set(why, -EINVAL, "%s is not an IPv4 address", srv->host);
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return error_detail_set(why, -errno, "socket: %s", strerror(errno));
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0)
		return fd;
	err = errno == EINPROGRESS ? wait_for(fd, POLLOUT, srv->timeout_ms) : -errno;
	if (err == 0 && getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len) == 0 && soerr != 0)
		err = -soerr;
	if (err == 0)
		return fd;
	close(fd);
	return error_detail_set(why, err, "connect to %s:%u: %s", srv->host, srv->port, strerror(-err));
}

static int send_all(int fd, const void *buf, size_t len, uint32_t timeout_ms)
{
	const uint8_t *p = buf;

	while (len > 0) {
		ssize_t n = send(fd, p, len, MSG_NOSIGNAL);

		if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
			int err = errno == EAGAIN ? wait_for(fd, POLLOUT, timeout_ms) : 0;

			if (err != 0)
				return err;
			continue;
		}
		if (n < 0)
			return -errno;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Reads what is there (at most cap bytes): the count, 0 at the end, -errno. */
static ssize_t recv_some(int fd, void *buf, size_t cap, uint32_t timeout_ms)
{
	for (;;) {
		ssize_t n = recv(fd, buf, cap, 0);
		int err;

		if (n >= 0)
			return n;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN)
			return -errno;
		err = wait_for(fd, POLLIN, timeout_ms);
		if (err != 0)
			return err;
	}
}

/* The value of header name in line [s, e), trimmed, or NULL. */
static const char *header_value(const char *s, const char *e, const char *name, size_t *vlen)
{
	size_t n = strlen(name);

	if ((size_t)(e - s) <= n || strncasecmp(s, name, n) != 0 || s[n] != ':')
		return NULL;
	s += n + 1;
	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		e--;
	*vlen = (size_t)(e - s);
	return s;
}

/* A decimal number of [s, s + n): 0 or -EPROTO. */
static int decimal(const char *s, size_t n, uint64_t *out)
{
	uint64_t v = 0;

	if (n == 0 || n > 19)
		return -EPROTO;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -EPROTO;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	*out = v;
	return 0;
}

int http_parse_head(const char *head, size_t len, struct http_response *resp, struct error_detail *why)
{
	const char *p = head, *end = head + len;
	bool have_length = false;
	uint64_t v;

	memset(resp, 0, sizeof(*resp));
	resp->reports_acked = -1;
	if (len < 12 || (memcmp(head, "HTTP/1.1 ", 9) != 0 && memcmp(head, "HTTP/1.0 ", 9) != 0) ||
	    decimal(head + 9, 3, &v) != 0)
		return error_detail_set(why, -EPROTO, "not an HTTP response");
	resp->status = (int)v;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;
		const char *val;
		size_t vlen;

		if ((val = header_value(p, e, "Content-Length", &vlen)) != NULL) {
			if (decimal(val, vlen, &resp->content_length) != 0)
				return error_detail_set(why, -EPROTO, "a bad Content-Length");
			have_length = true;
		} else if ((val = header_value(p, e, "Content-Range", &vlen)) != NULL) {
			const char *dash = memchr(val, '-', vlen);

			if (vlen < 7 || memcmp(val, "bytes ", 6) != 0 || !dash ||
			    decimal(val + 6, (size_t)(dash - val - 6), &resp->range_from) != 0)
				return error_detail_set(why, -EPROTO, "a bad Content-Range");
		} else if ((val = header_value(p, e, "X-Spherule-Check-Period", &vlen)) != NULL) {
			if (decimal(val, vlen, &v) == 0 && v <= UINT32_MAX)
				resp->check_period_s = (uint32_t)v;
		} else if ((val = header_value(p, e, "X-Spherule-Update-Window", &vlen)) != NULL) {
			if (vlen < sizeof(resp->window))
				memcpy(resp->window, val, vlen);
		} else if ((val = header_value(p, e, "X-Spherule-Reports-Acked", &vlen)) != NULL) {
			if (decimal(val, vlen, &v) == 0 && v <= UINT32_MAX)
				resp->reports_acked = (int64_t)v;
		} else if ((val = header_value(p, e, "Transfer-Encoding", &vlen)) != NULL) {
			return error_detail_set(why, -EPROTO, "a Transfer-Encoding (only Content-Length bodies)");
		}
		p = nl ? nl + 1 : end;
	}
	if (!have_length)
		return error_detail_set(why, -EPROTO, "no Content-Length");
	return 0;
}

static int format_request(const struct http_server *srv, const struct http_request *req, char *out, size_t cap)
{
	int n = snprintf(out, cap, "%s %s HTTP/1.1\r\nHost: %s:%u\r\nConnection: close\r\n", req->method, req->path,
			 srv->host, srv->port);
	size_t len = n < 0 ? cap : (size_t)n;

	if (len < cap && req->range_from > 0)
		len += (size_t)snprintf(out + len, cap - len, "Range: bytes=%" PRIu64 "-\r\n", req->range_from);
	if (len < cap && req->content_type)
		len += (size_t)snprintf(out + len, cap - len, "Content-Type: %s\r\nContent-Length: %zu\r\n",
					req->content_type, req->body_len);
	if (len < cap)
		len += (size_t)snprintf(out + len, cap - len, "\r\n");
	return len < cap ? (int)len : -ENAMETOOLONG;
}

/* Reads the head into buf; the body bytes read past it: their count in *extra
 * (they start at buf + *head_len). */
static int read_head(int fd, char *buf, size_t cap, uint32_t timeout_ms, size_t *head_len, size_t *extra,
		     struct error_detail *why)
{
	size_t have = 0;

	for (;;) {
		char *blank;
		ssize_t n;

		if (have == cap)
			return error_detail_set(why, -EPROTO, "a head of more than %zu bytes", cap);
		n = recv_some(fd, buf + have, cap - have, timeout_ms);
		if (n == 0)
			return error_detail_set(why, -ECONNRESET, "the connection ended before the response's head");
		if (n < 0)
			return error_detail_set(why, (int)n, "reading the response: %s", strerror((int)-n));
		have += (size_t)n;
		blank = memmem(buf, have, "\r\n\r\n", 4);
		if (blank) {
			*head_len = (size_t)(blank - buf) + 4;
			*extra = have - *head_len;
			return 0;
		}
	}
}

static int read_body(int fd, const struct http_server *srv, struct http_response *resp, const uint8_t *first,
		     size_t first_len, http_sink sink, void *ctx, struct error_detail *why)
{
	static uint8_t chunk[BODY_CHUNK];
	int err;

	if (first_len > resp->content_length)
		first_len = (size_t)resp->content_length;
	if (first_len > 0 && (err = sink(ctx, first, first_len)) != 0)
		return error_detail_set(why, err, "the body's receiver: %s", strerror(-err));
	resp->received = first_len;
	while (resp->received < resp->content_length) {
		uint64_t left = resp->content_length - resp->received;
		ssize_t n = recv_some(fd, chunk, left < sizeof(chunk) ? (size_t)left : sizeof(chunk), srv->timeout_ms);

		if (n == 0)
			return error_detail_set(why, -ECONNRESET, "the connection ended after %" PRIu64 " of %" PRIu64
						" bytes", resp->received, resp->content_length);
		if (n < 0)
			return error_detail_set(why, (int)n, "after %" PRIu64 " of %" PRIu64 " bytes: %s",
						resp->received, resp->content_length, strerror((int)-n));
		if ((err = sink(ctx, chunk, (size_t)n)) != 0)
			return error_detail_set(why, err, "the body's receiver: %s", strerror(-err));
		resp->received += (uint64_t)n;
	}
	return 0;
}

int http_fetch(const struct http_server *srv, const struct http_request *req, struct http_response *resp,
	       http_sink sink, void *ctx, struct error_detail *why)
{
	static char head[HTTP_HEAD_MAX];
	size_t head_len = 0, extra = 0;
	int fd, err, n = format_request(srv, req, head, sizeof(head));

	memset(resp, 0, sizeof(*resp));
	resp->reports_acked = -1;
	if (n < 0)
		return error_detail_set(why, n, "the request's head is too long");
	fd = connect_to(srv, why);
	if (fd < 0)
		return fd;
	err = send_all(fd, head, (size_t)n, srv->timeout_ms);
	if (err == 0 && req->body_len)
		err = send_all(fd, req->body, req->body_len, srv->timeout_ms);
	if (err != 0)
		error_detail_set(why, err, "sending the request: %s", strerror(-err));
	if (err == 0)
		err = read_head(fd, head, sizeof(head), srv->timeout_ms, &head_len, &extra, why);
	if (err == 0)
		err = http_parse_head(head, head_len, resp, why);
	if (err == 0 && req->want_status && resp->status != req->want_status)
		err = error_detail_set(why, -EPROTO, "%s %s: HTTP %d (expected %d)", req->method, req->path,
				       resp->status, req->want_status);
	if (err == 0 && resp->status == 206 && resp->range_from != req->range_from)
		err = error_detail_set(why, -EPROTO, "206 from byte %" PRIu64 ", asked from %" PRIu64,
				       resp->range_from, req->range_from);
	if (err == 0)
		err = read_body(fd, srv, resp, (const uint8_t *)head + head_len, extra, sink, ctx, why);
	close(fd);
	return err;
}
