/* text_filter.c — valid UTF-8 text for the console (see text_filter.h). */
#include "text_filter.h"

#include <stdint.h>

/* The length of the sequence a lead byte announces, 0 for a byte that
 * cannot start one (continuation bytes, 0xC0, 0xC1, 0xF5..0xFF). */
static size_t sequence_length(unsigned char lead)
{
	if (lead < 0x80)
		return 1;
	if (lead >= 0xc2 && lead <= 0xdf)
		return 2;
	if (lead >= 0xe0 && lead <= 0xef)
		return 3;
	if (lead >= 0xf0 && lead <= 0xf4)
		return 4;
	return 0;
}

/* The code point of the n-byte sequence at s, or UINT32_MAX when it is not
 * valid (a byte is not a continuation, an overlong form, a surrogate, past
 * U+10FFFF). */
static uint32_t decode(const unsigned char *s, size_t n)
{
	static const uint32_t lowest[] = { 0, 0, 0x80, 0x800, 0x10000 };
	uint32_t cp = n == 1 ? s[0] : s[0] & (0x7f >> n);

	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return UINT32_MAX;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if (cp < lowest[n] || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return UINT32_MAX;
	return cp;
}

/* A decoded code point (UINT32_MAX: invalid) that is not a control but tab. */
static int printable(uint32_t cp)
{
	return cp == '\t' ||
	       (cp >= 0x20 && cp != 0x7f && !(cp >= 0x80 && cp <= 0x9f) && cp != UINT32_MAX);
}

size_t text_filter(const char *in, size_t len, char *out)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t i = 0, o = 0;

	while (i < len) {
		size_t n = sequence_length(s[i]);

		if (n == 0 || n > len - i || !printable(decode(s + i, n))) {
			out[o++] = '?';
			i++;
			continue;
		}
		for (size_t k = 0; k < n; k++)
			out[o++] = (char)s[i + k];
		i += n;
	}
	return o;
}

size_t text_whole_chars(const char *buf, size_t len)
{
	const unsigned char *s = (const unsigned char *)buf;

	/* A lead byte among the last three whose sequence runs past the end. */
	for (size_t back = 1; back <= 3 && back <= len; back++) {
		size_t n = sequence_length(s[len - back]);

		if ((s[len - back] & 0xc0) == 0x80)
			continue;
		return n > back ? len - back : len;
	}
	return len;
}
