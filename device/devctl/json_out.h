/* json_out.h — a bounded JSON writer for devctl's responses. It writes
 * through a small buffer into a sink (the service link), or only counts the
 * bytes (sink NULL): a response is rendered twice, once to learn its
 * Content-Length and once to send it, so no response is ever held whole.
 * Strings are escaped (quotes, backslash, control characters) and invalid
 * UTF-8 becomes U+FFFD. After the first error every call does nothing and
 * json_out_end() returns it. */
#ifndef DEVCTL_JSON_OUT_H
#define DEVCTL_JSON_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define JSON_OUT_MAX_DEPTH 16u

/* Takes n bytes; returns 0 or a negative errno. */
typedef int (*json_sink)(void *ctx, const char *bytes, size_t n);

struct json_out {
	json_sink sink;     /* NULL: count only */
	void *ctx;
	char *buf;
	size_t cap, len;    /* bytes waiting in buf */
	uint64_t total;     /* bytes produced so far */
	int err;
	unsigned depth;
	uint32_t has_items; /* bit d: the object or array at depth d has a member */
	bool after_key;     /* the next value is a member's */
};

/* A writer into sink through buf[cap]. */
void json_out_init(struct json_out *j, json_sink sink, void *ctx, char *buf, size_t cap);
/* A writer that only counts. */
void json_out_counter(struct json_out *j);
/* Hands what is buffered to the sink; returns 0 or the first error. */
int json_out_end(struct json_out *j);

void json_obj(struct json_out *j);
void json_obj_end(struct json_out *j);
void json_arr(struct json_out *j);
void json_arr_end(struct json_out *j);
void json_key(struct json_out *j, const char *key);
void json_str(struct json_out *j, const char *s);
void json_strn(struct json_out *j, const char *s, size_t n);
void json_uint(struct json_out *j, uint64_t v);
void json_int(struct json_out *j, int64_t v);
void json_bool(struct json_out *j, bool v);
void json_null_value(struct json_out *j);
/* Ends a line of NDJSON: a newline, and the next value is a new document. */
void json_newline(struct json_out *j);

/* A member: key and value. */
void json_key_str(struct json_out *j, const char *key, const char *s);
void json_key_uint(struct json_out *j, const char *key, uint64_t v);
void json_key_bool(struct json_out *j, const char *key, bool v);

#endif
