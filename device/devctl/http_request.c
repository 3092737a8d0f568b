/* http_request.c — the request head parser (see http_request.h). Lines end
 * with CRLF or LF; a bare CR, a folded header line, a header name that is
 * not a token, a control character in a value, a bad or conflicting
 * Content-Length, a target that is not an absolute path, or a version other
 * than HTTP/1.0 or HTTP/1.1 make the request bad. */
#include "http_request.h"

#include <errno.h>
#include <string.h>
#include <strings.h>

#define CONTENT_LENGTH_DIGITS_MAX 15 /* far above any image, far below overflow */
#define METHOD_MAX 16               /* a longer token cannot start a request devctl serves */

static const struct {
	const char *name;
	enum http_method method;
} methods[] = {
	{ "GET", HTTP_GET }, { "PUT", HTTP_PUT }, { "POST", HTTP_POST },
	{ "PATCH", HTTP_PATCH }, { "DELETE", HTTP_DELETE },
};

void http_request_reset(struct http_request *r, size_t keep)
{
	r->len = keep;
	r->scanned = 0;
	r->head_len = 0;
	r->method = HTTP_OTHER;
	r->path = r->query = "";
	r->content_length = -1;
	r->expect_continue = false;
}

bool http_request_head_complete(struct http_request *r)
{
	/* The head ends at an empty line: "\n\n" or "\n\r\n". */
	for (size_t i = r->scanned; i < r->len; i++) {
		if (r->buf[i] != '\n')
			continue;
		if (i + 1 < r->len && r->buf[i + 1] == '\n') {
			r->head_len = i + 2;
			return true;
		}
		if (i + 2 < r->len && r->buf[i + 1] == '\r' && r->buf[i + 2] == '\n') {
			r->head_len = i + 3;
			return true;
		}
	}
	/* Look again from the last newline, which a later byte may complete. */
	r->scanned = r->len > 2 ? r->len - 2 : 0;
	return false;
}

const char *http_request_body_start(const struct http_request *r, size_t *len)
{
	*len = r->len - r->head_len;
	return r->buf + r->head_len;
}

static bool is_tchar(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c != '\0' && strchr("!#$%&'*+-.^_`|~", c));
}

static int bad(struct api_error *e, int status, const char *code, const char *message)
{
	*e = (struct api_error){ status, code, message };
	return -EINVAL;
}

static int bad_request(struct api_error *e, const char *message)
{
	return bad(e, 400, "bad_request", message);
}

/* Cuts the next line out of [*p, end): NUL-terminates it without its CRLF
 * or LF. Returns it, or NULL when it holds a bare CR. */
static char *next_line(char **p, char *end)
{
	char *line = *p, *nl = memchr(line, '\n', (size_t)(end - line));
	char *stop = nl ? nl : end;

	*p = nl ? nl + 1 : end;
	if (stop > line && stop[-1] == '\r')
		stop--;
	*stop = '\0';
	return memchr(line, '\r', (size_t)(stop - line)) ? NULL : line;
}

static int parse_request_line(struct http_request *r, char *line, struct api_error *e)
{
	char *sp1 = strchr(line, ' '), *sp2, *q;

	if (!sp1 || sp1 == line)
		return bad_request(e, "malformed request line");
	*sp1 = '\0';
	for (char *c = line; *c; c++)
		if (!is_tchar(*c))
			return bad_request(e, "malformed request line: the method is not a token");
	for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
		if (strcmp(line, methods[i].name) == 0)
			r->method = methods[i].method;
	sp2 = strchr(sp1 + 1, ' ');
	if (!sp2 || sp1[1] != '/')
		return bad_request(e, "malformed request line: the target must be a path");
	*sp2 = '\0';
	if (strcmp(sp2 + 1, "HTTP/1.1") != 0 && strcmp(sp2 + 1, "HTTP/1.0") != 0)
		return bad_request(e, "malformed request line: not HTTP/1.1");
	for (char *c = sp1 + 1; *c; c++)
		if ((unsigned char)*c <= 0x20 || *c == 0x7f)
			return bad_request(e, "malformed request line: a control character in the target");
	r->path = sp1 + 1;
	q = strchr(sp1 + 1, '?');
	if (q) {
		*q = '\0';
		r->query = q + 1;
	}
	return 0;
}

static int parse_content_length(struct http_request *r, const char *v, struct api_error *e)
{
	size_t n = strlen(v);
	int64_t len = 0;

	if (n == 0 || n > CONTENT_LENGTH_DIGITS_MAX || strspn(v, "0123456789") != n)
		return bad_request(e, "Content-Length is not a number");
	for (size_t i = 0; i < n; i++)
		len = len * 10 + (v[i] - '0');
	if (r->content_length >= 0 && r->content_length != len)
		return bad_request(e, "two different Content-Length headers");
	r->content_length = len;
	return 0;
}

static int parse_header(struct http_request *r, char *line, struct api_error *e)
{
	char *colon = strchr(line, ':'), *v, *v_end;

	if (line[0] == ' ' || line[0] == '\t')
		return bad_request(e, "folded header lines are not accepted");
	if (!colon || colon == line)
		return bad_request(e, "malformed header line");
	*colon = '\0';
	for (char *c = line; *c; c++)
		if (!is_tchar(*c))
			return bad_request(e, "malformed header name");
	v = colon + 1;
	v += strspn(v, " \t");
	v_end = v + strlen(v);
	while (v_end > v && (v_end[-1] == ' ' || v_end[-1] == '\t'))
		*--v_end = '\0';
	for (char *c = v; *c; c++)
		if (((unsigned char)*c < 0x20 && *c != '\t') || *c == 0x7f)
			return bad_request(e, "a control character in a header value");
	if (strcasecmp(line, "Content-Length") == 0)
		return parse_content_length(r, v, e);
	if (strcasecmp(line, "Transfer-Encoding") == 0)
		return bad(e, 411, "length_required",
			   "Transfer-Encoding is not accepted: send the body with Content-Length");
	if (strcasecmp(line, "Expect") == 0 && strcasecmp(v, "100-continue") == 0)
		r->expect_continue = true;
	return 0;
}

int http_request_parse(struct http_request *r, struct api_error *e)
{
	char *p = r->buf, *end = r->buf + r->head_len;
	char *line;
	int err;

	if (memchr(r->buf, '\0', r->head_len))
		return bad_request(e, "a NUL byte in the request head");
	line = next_line(&p, end);
	if (!line)
		return bad_request(e, "a bare CR in the request line");
	err = parse_request_line(r, line, e);
	while (err == 0 && p < end) {
		line = next_line(&p, end);
		if (!line)
			return bad_request(e, "a bare CR in a header");
		if (*line == '\0')
			break;
		err = parse_header(r, line, e);
	}
	return err;
}

enum http_start http_request_start(const char *bytes, size_t n)
{
	size_t i = 0;

	while (i < n && i < METHOD_MAX && is_tchar(bytes[i]))
		i++;
	if (i == n)
		return i <= METHOD_MAX ? HTTP_START_MAYBE : HTTP_START_NO;
	if (i == 0 || bytes[i] != ' ')
		return HTTP_START_NO;
	if (i + 1 == n)
		return HTTP_START_MAYBE;
	return bytes[i + 1] == '/' ? HTTP_START_YES : HTTP_START_NO;
}
