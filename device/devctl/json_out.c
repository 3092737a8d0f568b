/* json_out.c — the bounded JSON writer (see json_out.h). */
#include "json_out.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

void json_out_init(struct json_out *j, json_sink sink, void *ctx, char *buf, size_t cap)
{
	*j = (struct json_out){ .sink = sink, .ctx = ctx, .buf = buf, .cap = cap };
}

void json_out_counter(struct json_out *j)
{
	json_out_init(j, NULL, NULL, NULL, 0);
}

static void flush(struct json_out *j)
{
	if (j->len > 0 && j->err == 0)
		j->err = j->sink(j->ctx, j->buf, j->len);
	j->len = 0;
}

static void json_raw(struct json_out *j, const char *s, size_t n)
{
	if (j->err)
		return;
	j->total += n;
	if (!j->sink)
		return;
	while (n > 0 && j->err == 0) {
		size_t room = j->cap - j->len, take = n < room ? n : room;

		memcpy(j->buf + j->len, s, take);
		j->len += take;
		s += take;
		n -= take;
		if (j->len == j->cap)
			flush(j);
	}
}

void json_newline(struct json_out *j)
{
	json_raw(j, "\n", 1);
	j->has_items = 0;
	j->after_key = false;
}

int json_out_end(struct json_out *j)
{
	if (j->sink)
		flush(j);
	return j->err;
}

/* Before a value or a key: the comma that separates it from the last. */
static void separate(struct json_out *j)
{
	uint32_t bit = 1u << j->depth;

	if (j->after_key) {
		j->after_key = false;
		return;
	}
	if (j->has_items & bit)
		json_raw(j, ",", 1);
	j->has_items |= bit;
}

static void open_level(struct json_out *j, const char *c)
{
	separate(j);
	if (j->depth + 1 >= JSON_OUT_MAX_DEPTH) {
		j->err = j->err ? j->err : -E2BIG;
		return;
	}
	json_raw(j, c, 1);
	j->depth++;
	j->has_items &= ~(1u << j->depth);
}

static void close_level(struct json_out *j, const char *c)
{
	if (j->depth == 0) {
		j->err = j->err ? j->err : -EINVAL;
		return;
	}
	json_raw(j, c, 1);
	j->depth--;
}

void json_obj(struct json_out *j) { open_level(j, "{"); }
void json_obj_end(struct json_out *j) { close_level(j, "}"); }
void json_arr(struct json_out *j) { open_level(j, "["); }
void json_arr_end(struct json_out *j) { close_level(j, "]"); }

/* Length of the valid UTF-8 sequence at s (at most n bytes), 0 if invalid:
 * no overlong forms, no surrogates, nothing above U+10FFFF. */
static size_t utf8_sequence(const unsigned char *s, size_t n)
{
	size_t len;
	unsigned char lo = 0x80, hi = 0xbf;

	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4;
	else
		return 0;
	if (len > n)
		return 0;
	if (s[0] == 0xe0)
		lo = 0xa0;
	else if (s[0] == 0xed)
		hi = 0x9f;
	else if (s[0] == 0xf0)
		lo = 0x90;
	else if (s[0] == 0xf4)
		hi = 0x8f;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return len;
}

/* The escape for byte c, or NULL when it goes as it is. */
static const char *escape(unsigned char c, char tmp[7])
{
	switch (c) {
	case '"': return "\\\"";
	case '\\': return "\\\\";
	case '\b': return "\\b";
	case '\f': return "\\f";
	case '\n': return "\\n";
	case '\r': return "\\r";
	case '\t': return "\\t";
	default:
		break;
	}
	if (c >= 0x20 && c != 0x7f)
		return NULL;
	snprintf(tmp, 7, "\\u%04x", c);
	return tmp;
}

void json_strn(struct json_out *j, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, run = 0; /* bytes from i - run to i go as they are */
	char tmp[7];

	separate(j);
	json_raw(j, "\"", 1);
	while (i < n) {
		const char *esc = NULL;
		size_t step = 1;

		if (u[i] >= 0x80) {
			step = utf8_sequence(u + i, n - i);
			if (step == 0) {
				esc = "\\ufffd";
				step = 1;
			}
		} else {
			esc = escape(u[i], tmp);
		}
		if (esc) {
			json_raw(j, (const char *)u + i - run, run);
			json_raw(j, esc, strlen(esc));
			run = 0;
		} else {
			run += step;
		}
		i += step;
	}
	json_raw(j, (const char *)u + i - run, run);
	json_raw(j, "\"", 1);
}

void json_str(struct json_out *j, const char *s)
{
	json_strn(j, s, strlen(s));
}

static void scalar(struct json_out *j, const char *text)
{
	separate(j);
	json_raw(j, text, strlen(text));
}

void json_uint(struct json_out *j, uint64_t v)
{
	char t[24];

	snprintf(t, sizeof(t), "%" PRIu64, v);
	scalar(j, t);
}

void json_int(struct json_out *j, int64_t v)
{
	char t[24];

	snprintf(t, sizeof(t), "%" PRId64, v);
	scalar(j, t);
}

void json_bool(struct json_out *j, bool v) { scalar(j, v ? "true" : "false"); }
void json_null_value(struct json_out *j) { scalar(j, "null"); }

void json_key(struct json_out *j, const char *key)
{
	json_str(j, key);
	json_raw(j, ":", 1);
	j->after_key = true;
}

void json_key_str(struct json_out *j, const char *key, const char *s)
{
	json_key(j, key);
	json_str(j, s);
}

void json_key_uint(struct json_out *j, const char *key, uint64_t v)
{
	json_key(j, key);
	json_uint(j, v);
}

void json_key_bool(struct json_out *j, const char *key, bool v)
{
	json_key(j, key);
	json_bool(j, v);
}
