/* hex.c - hex text of bytes and back (hex.h). */
#include <errno.h>
#include <string.h>

#include "hex.h"

static int nibble(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

void hex_encode(const uint8_t *bytes, size_t len, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < len; i++) {
		out[2 * i] = digits[bytes[i] >> 4];
		out[2 * i + 1] = digits[bytes[i] & 15];
	}
	out[2 * len] = '\0';
}

long hex_decode_any(const char *text, uint8_t *out, size_t cap)
{
	size_t n = strlen(text);

	if (n % 2 || n / 2 > cap)
		return -EINVAL;
	for (size_t i = 0; i < n / 2; i++) {
		int hi = nibble(text[2 * i]), lo = nibble(text[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -EINVAL;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return (long)(n / 2);
}

int hex_decode(const char *text, uint8_t *out, size_t len)
{
	return strlen(text) == 2 * len && hex_decode_any(text, out, len) == (long)len ? 0 : -EINVAL;
}

bool hex_valid(const char *text, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (nibble(text[i]) < 0)
			return false;
	return true;
}
