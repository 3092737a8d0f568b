/* json_in.c — the minimal JSON reader (see json_in.h). */
#include "json_in.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "hex_digit.h"

#define KEY_MAX 64

struct reader {
	const char *p, *end;
};

static void skip_space(struct reader *r)
{
	while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
		r->p++;
}

static bool take(struct reader *r, char c)
{
	skip_space(r);
	if (r->p < r->end && *r->p == c) {
		r->p++;
		return true;
	}
	return false;
}

/* The character of the escape at r->p (after the backslash), or -EINVAL. */
static int unescape(struct reader *r)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *at;
	int v = 0;

	if (r->p >= r->end)
		return -EINVAL;
	at = strchr(from, *r->p);
	if (*r->p != '\0' && at) {
		r->p++;
		return to[at - from];
	}
	if (*r->p != 'u' || r->end - r->p < 5)
		return -EINVAL;
	for (int i = 1; i <= 4; i++) {
		int d = hex_digit(r->p[i]);

		if (d < 0)
			return -EINVAL;
		v = v << 4 | d;
	}
	r->p += 5;
	return v >= 1 && v < 0x80 ? v : '?';
}

/* Reads a string at r->p into out[cap] (NUL-terminated), or past it when
 * out is NULL. */
static int read_string(struct reader *r, char *out, size_t cap)
{
	size_t n = 0;

	if (!take(r, '"'))
		return -EINVAL;
	while (r->p < r->end && *r->p != '"') {
		int c = (unsigned char)*r->p++;

		if (c < 0x20)
			return -EINVAL;
		if (c == '\\' && (c = unescape(r)) < 0)
			return c;
		if (!out)
			continue;
		if (n + 1 >= cap)
			return -E2BIG;
		out[n++] = (char)c;
	}
	if (r->p >= r->end)
		return -EINVAL;
	r->p++;
	if (out)
		out[n] = '\0';
	return 0;
}

/* Skips a number, true, false or null. */
static int skip_scalar(struct reader *r)
{
	const char *start = r->p;

	while (r->p < r->end && strchr("0123456789+-.eEtruefalsn", *r->p) && *r->p != '\0')
		r->p++;
	return r->p > start ? 0 : -EINVAL;
}

/* Walks the object in text[len]: the first member key's value is read by
 * take(r, ctx), the others skipped. 0, -ENOENT without the member, take's
 * failure, or -EINVAL when text is no such object. */
static int member(const char *text, size_t len, const char *key, int (*take_value)(struct reader *r, void *ctx),
		  void *ctx)
{
	struct reader r = { text, text + len };
	char name[KEY_MAX];
	bool found = false;
	int err;

	if (!take(&r, '{'))
		return -EINVAL;
	if (!take(&r, '}')) {
		do {
			err = read_string(&r, name, sizeof(name));
			if (err < 0 || !take(&r, ':'))
				return -EINVAL;
			skip_space(&r);
			if (strcmp(name, key) == 0 && !found) {
				err = take_value(&r, ctx);
				found = err == 0;
			} else if (r.p < r.end && *r.p == '"') {
				err = read_string(&r, NULL, 0);
			} else {
				err = skip_scalar(&r);
			}
			if (err < 0)
				return err;
		} while (take(&r, ','));
		if (!take(&r, '}'))
			return -EINVAL;
	}
	skip_space(&r);
	if (r.p != r.end)
		return -EINVAL;
	return found ? 0 : -ENOENT;
}

struct string_out {
	char *out;
	size_t cap;
};

static int take_string(struct reader *r, void *ctx)
{
	struct string_out *s = ctx;

	return read_string(r, s->out, s->cap);
}

int json_in_string_member(const char *text, size_t len, const char *key, char *out, size_t cap)
{
	struct string_out s = { out, cap };

	return member(text, len, key, take_string, &s);
}

/* A number of decimal digits only (no sign, fraction or exponent) into *ctx. */
static int take_uint(struct reader *r, void *ctx)
{
	uint64_t v = 0;
	const char *start = r->p;

	while (r->p < r->end && *r->p >= '0' && *r->p <= '9') {
		uint64_t digit = (uint64_t)(*r->p++ - '0');

		if (v > (UINT64_MAX - digit) / 10)
			return -ERANGE;
		v = v * 10 + digit;
	}
	if (r->p == start || (r->p < r->end && strchr(".eE", *r->p) && *r->p != '\0'))
		return -EINVAL;
	*(uint64_t *)ctx = v;
	return 0;
}

int json_in_uint_member(const char *text, size_t len, const char *key, uint64_t *out)
{
	return member(text, len, key, take_uint, out);
}
