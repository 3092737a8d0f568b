/* pem.c — PEM blocks decoded and written (see pem.h). */
#include "pem.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define LINE_CHARS 64u

static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* A base64 digit's value, or -1. */
static int digit(char c)
{
	const char *p = c ? strchr(alphabet, c) : NULL;

	return p ? (int)(p - alphabet) : -1;
}

/* Decodes the base64 of [s, e) (line breaks and blanks skipped, '='
 * padding at the end only) into der. */
static int base64_decode(const char *s, const char *e, uint8_t *der, size_t cap, size_t *der_len)
{
	uint32_t acc = 0;
	unsigned bits = 0, pad = 0;
	size_t n = 0;

	for (; s < e; s++) {
		int v = digit(*s);

		if (*s == '\n' || *s == '\r' || *s == ' ' || *s == '\t')
			continue;
		if (*s == '=') {
			pad++;
			continue;
		}
		if (v < 0 || pad)
			return -EINVAL;
		acc = (acc << 6) | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (n == cap)
				return -EFBIG;
			der[n++] = (uint8_t)(acc >> bits);
		}
	}
	if (pad > 2 || (bits == 0 && pad) || (bits && bits / 2 != pad) || (acc & ((1u << bits) - 1u)))
		return -EINVAL;
	*der_len = n;
	return 0;
}

int pem_decode(const char *text, size_t len, const char *label, uint8_t *der, size_t cap, size_t *der_len,
	       const char **end)
{
	char begin_line[64], end_line[64];
	const char *b, *e, *stop = text + len;
	int bn = snprintf(begin_line, sizeof(begin_line), "-----BEGIN %s-----", label);
	int en = snprintf(end_line, sizeof(end_line), "-----END %s-----", label);
	int err;

	if (bn < 0 || (size_t)bn >= sizeof(begin_line) || en < 0 || (size_t)en >= sizeof(end_line))
		return -EINVAL;
	b = memmem(text, len, begin_line, (size_t)bn);
	if (!b)
		return -ENOENT;
	b += bn;
	e = memmem(b, (size_t)(stop - b), end_line, (size_t)en);
	if (!e)
		return -EINVAL;
	err = base64_decode(b, e, der, cap, der_len);
	if (err == 0 && end)
		*end = e + en;
	return err;
}

int pem_encode(const char *label, const uint8_t *der, size_t n, char *out, size_t cap)
{
	size_t len = 0, col = 0;
	int k = snprintf(out, cap, "-----BEGIN %s-----\n", label);

	if (k < 0 || (size_t)k >= cap)
		return -ENOSPC;
	len = (size_t)k;
	for (size_t i = 0; i < n; i += 3) {
		uint32_t v = (uint32_t)der[i] << 16 | (i + 1 < n ? (uint32_t)der[i + 1] << 8 : 0) |
			     (i + 2 < n ? der[i + 2] : 0);
		char quad[4] = { alphabet[v >> 18], alphabet[(v >> 12) & 63], i + 1 < n ? alphabet[(v >> 6) & 63] : '=',
				 i + 2 < n ? alphabet[v & 63] : '=' };

		if (len + 6 >= cap)
			return -ENOSPC;
		memcpy(out + len, quad, 4);
		len += 4;
		col += 4;
		if (col == LINE_CHARS || i + 3 >= n) {
			out[len++] = '\n';
			col = 0;
		}
	}
	k = snprintf(out + len, cap - len, "-----END %s-----\n", label);
	if (k < 0 || (size_t)k >= cap - len)
		return -ENOSPC;
	return (int)(len + (size_t)k);
}
