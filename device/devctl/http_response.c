/* http_response.c — status lines, heads and JSON bodies on the link (see
 * http_response.h). */
#include "http_response.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define HEAD_MAX 192
#define BODY_CHUNK 512

static const struct {
	int status;
	const char *reason;
} reasons[] = {
	{ 200, "OK" }, { 400, "Bad Request" }, { 403, "Forbidden" }, { 404, "Not Found" },
	{ 405, "Method Not Allowed" }, { 408, "Request Timeout" }, { 409, "Conflict" },
	{ 411, "Length Required" }, { 413, "Content Too Large" }, { 422, "Unprocessable Content" },
	{ 431, "Request Header Fields Too Large" }, { 500, "Internal Server Error" },
	{ 507, "Insufficient Storage" },
};

static char body_buf[BODY_CHUNK];

static const char *reason_of(int status)
{
	for (size_t i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++)
		if (reasons[i].status == status)
			return reasons[i].reason;
	return "Unknown";
}

static int to_link(void *ctx, const char *bytes, size_t n)
{
	return link_write(ctx, bytes, n);
}

/* The status line and headers; length < 0: no Content-Length. */
static int send_head(const struct link *l, int status, const char *content_type, int64_t length)
{
	char head[HEAD_MAX], size[40] = "";
	int n;

	if (length >= 0)
		snprintf(size, sizeof(size), "Content-Length: %" PRId64 "\r\n", length);
	n = snprintf(head, sizeof(head), "HTTP/1.1 %d %s\r\nContent-Type: %s\r\n%sConnection: close\r\n\r\n",
		     status, reason_of(status), content_type, size);
	return link_write(l, head, (size_t)n);
}

int http_respond(const struct link *l, int status, json_render render, const void *data)
{
	struct json_out j;
	int err;

	json_out_counter(&j);
	render(&j, data);
	err = json_out_end(&j);
	if (err == 0)
		err = send_head(l, status, "application/json", (int64_t)j.total);
	if (err < 0)
		return err;
	json_out_init(&j, to_link, (void *)l, body_buf, sizeof(body_buf));
	render(&j, data);
	return json_out_end(&j);
}

void http_error_body(struct json_out *j, const void *data)
{
	const struct api_error *e = data;

	json_obj(j);
	json_key(j, "error");
	json_obj(j);
	json_key_str(j, "code", e->code);
	json_key_str(j, "message", e->message);
	json_obj_end(j);
	json_obj_end(j);
}

int http_respond_error(const struct link *l, const struct api_error *e)
{
	return http_respond(l, e->status, http_error_body, e);
}

int http_respond_stream(const struct link *l, int status, const char *content_type, struct json_out *j)
{
	json_out_init(j, to_link, (void *)l, body_buf, sizeof(body_buf));
	return send_head(l, status, content_type, -1);
}

int http_respond_continue(const struct link *l)
{
	static const char line[] = "HTTP/1.1 100 Continue\r\n\r\n";

	return link_write(l, line, sizeof(line) - 1);
}
