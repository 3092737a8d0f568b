/* test_updated_http.c — updated's HTTP client (device/updated/http_client.h)
 * against a loopback server of this test's own (loopback_server.h): a body in
 * small pieces and a head written byte by byte, the service's headers, a
 * Range answered 206, a server that closes mid-body then the resume from
 * where it stopped, a POST body received whole, and the refusals (no
 * Content-Length, a head too long, an unexpected status whose body is not
 * delivered, a 206 from the wrong byte, a server that never answers). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "http_client.h"
#include "loopback_server.h"
#include "tap.h"

#define FILE_SIZE 100000u
#define CUT_AT 30000u

static uint8_t file[FILE_SIZE];

static void put(int fd, const void *p, size_t n)
{
	while (n > 0) {
		ssize_t k = write(fd, p, n);

		if (k <= 0)
			return;
		p = (const uint8_t *)p + k;
		n -= (size_t)k;
	}
}

static void put_str(int fd, const char *s)
{
	put(fd, s, strlen(s));
}

/* Serves one connection: reads the head (and a POST's body), answers by path. */
static void serve(int c, void *ctx)
{
	char req[8192], head[512];
	size_t have = 0;
	char *end = NULL, *range, *len;
	unsigned long from = 0, body = 0;

	while (!end && have < sizeof(req) - 1) {
		ssize_t n = read(c, req + have, sizeof(req) - 1 - have);

		if (n <= 0)
			return;
		have += (size_t)n;
		req[have] = '\0';
		end = strstr(req, "\r\n\r\n");
	}
	if (!end)
		return;
	range = strstr(req, "Range: bytes=");
	if (range)
		from = strtoul(range + 13, NULL, 10);
	len = strstr(req, "Content-Length: ");
	if (len)
		body = strtoul(len + 16, NULL, 10);
	while (have - (size_t)(end + 4 - req) < body) {
		ssize_t n = read(c, req + have, sizeof(req) - 1 - have);

		if (n <= 0)
			return;
		have += (size_t)n;
	}
	if (strncmp(req, "GET /file ", 10) == 0 || strncmp(req, "GET /cut ", 9) == 0) {
		int cut = req[5] == 'c' && from == 0;

		if (from)
			snprintf(head, sizeof(head), "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes %lu-%u/%u\r\n"
				 "Content-Length: %lu\r\n\r\n", from, FILE_SIZE - 1, FILE_SIZE, FILE_SIZE - from);
		else
			snprintf(head, sizeof(head), "HTTP/1.1 200 OK\r\nContent-Length: %u\r\n"
				 "X-Spherule-Check-Period: 600\r\nX-Spherule-Update-Window: 22-4\r\n\r\n", FILE_SIZE);
		for (const char *p = head; *p; p++)
			put(c, p, 1); /* the head byte by byte */
		for (size_t off = from; off < (cut ? CUT_AT : FILE_SIZE); off += 777)
			put(c, file + off, (off + 777 > FILE_SIZE ? FILE_SIZE : off + 777) - off);
	} else if (strncmp(req, "POST /echo ", 11) == 0) {
		snprintf(head, sizeof(head), "HTTP/1.1 200 OK\r\nContent-Length: %zu\r\n\r\n", (size_t)body);
		put_str(c, head);
		put(c, end + 4, body);
	} else if (strncmp(req, "GET /nolength ", 14) == 0) {
		put_str(c, "HTTP/1.1 200 OK\r\n\r\nbody");
	} else if (strncmp(req, "GET /longhead ", 14) == 0) {
		put_str(c, "HTTP/1.1 200 OK\r\n");
		for (int i = 0; i < 300; i++)
			put_str(c, "X-Filler: 0123456789\r\n");
		put_str(c, "Content-Length: 0\r\n\r\n");
	} else if (strncmp(req, "GET /wrongrange ", 16) == 0) {
		put_str(c, "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 5-9/10\r\nContent-Length: 5\r\n\r\nabcde");
	} else if (strncmp(req, "GET /silent ", 12) == 0) {
		sleep(2);
	} else {
		put_str(c, "HTTP/1.1 404 Not Found\r\nContent-Length: 21\r\n\r\n{\"error\":\"not found\"}");
	}
}

struct collect {
	uint8_t buf[FILE_SIZE + 16];
	size_t len;
	unsigned calls;
};

static int collect(void *ctx, const uint8_t *p, size_t n)
{
	struct collect *c = ctx;

	if (n > sizeof(c->buf) - c->len)
		return -EMSGSIZE;
	memcpy(c->buf + c->len, p, n);
	c->len += n;
	c->calls++;
	return 0;
}

int main(void)
{
	static struct collect got;
	struct http_server srv = { "127.0.0.1", 0, 1000 };
	struct http_request req = { .method = "GET", .path = "/file" };
	struct http_response resp;
	struct error_detail why = { "" };
	pid_t pid;
	int err;

	signal(SIGPIPE, SIG_IGN);
	for (size_t i = 0; i < FILE_SIZE; i++)
		file[i] = (uint8_t)(i * 31 + (i >> 8));
	pid = loopback_server_start(&srv.port, serve, NULL);

	err = http_fetch(&srv, &req, &resp, collect, &got, &why);
	tap_ok(err == 0 && resp.status == 200 && got.len == FILE_SIZE && memcmp(got.buf, file, FILE_SIZE) == 0 &&
		       got.calls > 1 && resp.check_period_s == 600 && strcmp(resp.window, "22-4") == 0,
	       "200: the head byte by byte, the body in pieces, whole; the service's headers (%s)", why.msg);

	memset(&got, 0, sizeof(got));
	req.range_from = 12345;
	req.want_status = 206;
	err = http_fetch(&srv, &req, &resp, collect, &got, &why);
	tap_ok(err == 0 && resp.status == 206 && resp.range_from == 12345 && got.len == FILE_SIZE - 12345 &&
		       memcmp(got.buf, file + 12345, got.len) == 0,
	       "Range from 12345: 206, the rest of the file (%s)", why.msg);

	memset(&got, 0, sizeof(got));
	req = (struct http_request){ .method = "GET", .path = "/cut", .want_status = 200 };
	err = http_fetch(&srv, &req, &resp, collect, &got, &why);
	tap_ok(err == -ECONNRESET && resp.received >= CUT_AT && resp.received < FILE_SIZE && got.len == resp.received,
	       "a server that closes mid-body: ECONNRESET after %llu bytes (%s)", (unsigned long long)resp.received,
	       why.msg);
	req.range_from = resp.received;
	req.want_status = 206;
	err = http_fetch(&srv, &req, &resp, collect, &got, &why);
	tap_ok(err == 0 && got.len == FILE_SIZE && memcmp(got.buf, file, FILE_SIZE) == 0,
	       "resumed from there with Range: the whole file, byte for byte (%s)", why.msg);

	memset(&got, 0, sizeof(got));
	req = (struct http_request){ .method = "POST", .path = "/echo", .content_type = "application/json",
				     .body = "{\"state\":\"idle\"}", .body_len = 16 };
	err = http_fetch(&srv, &req, &resp, collect, &got, &why);
	tap_ok(err == 0 && got.len == 16 && memcmp(got.buf, "{\"state\":\"idle\"}", 16) == 0,
	       "POST: the body arrives whole (echoed)");

	memset(&got, 0, sizeof(got));
	req = (struct http_request){ .method = "GET", .path = "/nolength" };
	tap_ok(http_fetch(&srv, &req, &resp, collect, &got, &why) == -EPROTO && strstr(why.msg, "Content-Length"),
	       "no Content-Length: EPROTO (%s)", why.msg);
	req.path = "/longhead";
	tap_ok(http_fetch(&srv, &req, &resp, collect, &got, &why) == -EPROTO && strstr(why.msg, "head"),
	       "a head over %u bytes: EPROTO (%s)", HTTP_HEAD_MAX, why.msg);
	req.path = "/missing";
	req.want_status = 200;
	tap_ok(http_fetch(&srv, &req, &resp, collect, &got, &why) == -EPROTO && resp.status == 404 && got.len == 0,
	       "an unexpected status: EPROTO, its body not delivered (%s)", why.msg);
	req.path = "/missing";
	req.want_status = 0;
	tap_ok(http_fetch(&srv, &req, &resp, collect, &got, &why) == 0 && resp.status == 404 && got.len == 21,
	       "any status asked for: the 404 and its reason delivered");
	memset(&got, 0, sizeof(got));
	req = (struct http_request){ .method = "GET", .path = "/wrongrange", .range_from = 3 };
	tap_ok(http_fetch(&srv, &req, &resp, collect, &got, &why) == -EPROTO && got.len == 0,
	       "a 206 from another byte than asked: EPROTO (%s)", why.msg);
	req = (struct http_request){ .method = "GET", .path = "/silent" };
	tap_ok(http_fetch(&srv, &req, &resp, collect, &got, &why) == -ETIMEDOUT,
	       "a server that never answers: ETIMEDOUT after the timeout (%s)", why.msg);
	tap_ok(http_parse_head("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n", 66, &resp,
			       &why) == -EPROTO &&
		       http_parse_head("HTTP/1.1 2x0 OK\r\nContent-Length: 5\r\n\r\n", 38, &resp, &why) == -EPROTO &&
		       http_parse_head("HTTP/1.1 200 OK\r\ncontent-length: 7\r\n\r\n", 38, &resp, &why) == 0 &&
		       resp.content_length == 7,
	       "the head's parser: chunked and a bad status refused, header names in any case");
	{
		static const char acked[] = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nX-Spherule-Reports-Acked: 17\r\n\r\n";
		static const char none[] = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
		int64_t with;

		tap_ok(http_parse_head(acked, strlen(acked), &resp, &why) == 0 && (with = resp.reports_acked) == 17 &&
			       http_parse_head(none, strlen(none), &resp, &why) == 0 && resp.reports_acked == -1,
		       "X-Spherule-Reports-Acked: its seq, -1 without the header");
	}
	srv.port = 1;
	tap_ok(http_fetch(&srv, &req, &resp, collect, &got, &why) == -ECONNREFUSED, "nothing listening: ECONNREFUSED");
	loopback_server_stop(pid);
	return tap_done();
}
