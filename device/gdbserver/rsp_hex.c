/* rsp_hex.c — hex numbers and byte strings of the RSP (see rsp_hex.h). */
#include "rsp_hex.h"

#include <errno.h>
#include <string.h>

static const char digits[] = "0123456789abcdef";

int rsp_hex_digit(char c)
{
	const char *d;

	if (c >= 'A' && c <= 'F')
		c = (char)(c - 'A' + 'a');
	d = memchr(digits, c, 16);
	return d ? (int)(d - digits) : -1;
}

int rsp_hex_u32(const char **p, const char *end, uint32_t *value)
{
	const char *s = *p;
	uint32_t v = 0;
	int n = 0, d;

	while (s < end && (d = rsp_hex_digit(*s)) >= 0) {
		if (++n > 8)
			return -EINVAL;
		v = v << 4 | (uint32_t)d;
		s++;
	}
	if (n == 0)
		return -EINVAL;
	*p = s;
	*value = v;
	return 0;
}

int rsp_hex_decode(const char *p, size_t n, uint8_t *out)
{
	for (size_t i = 0; i < n; i++) {
		int hi = rsp_hex_digit(p[2 * i]), lo = rsp_hex_digit(p[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return -EINVAL;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

char *rsp_hex_encode(const uint8_t *in, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++) {
		*out++ = digits[in[i] >> 4];
		*out++ = digits[in[i] & 0xf];
	}
	return out;
}

char *rsp_hex_u32_text(uint32_t value, char *out)
{
	int shift = 28;

	while (shift > 0 && (value >> shift) == 0)
		shift -= 4;
	for (; shift >= 0; shift -= 4)
		*out++ = digits[(value >> shift) & 0xf];
	return out;
}
