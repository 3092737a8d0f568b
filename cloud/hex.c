/* hex.c - hex text of bytes and back (hex.h). */
#include <errno.h>
#include <openssl/crypto.h>
#include <string.h>

#include "hex.h"

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
		int hi = OPENSSL_hexchar2int((unsigned char)text[2 * i]);
		int lo = OPENSSL_hexchar2int((unsigned char)text[2 * i + 1]);
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
		if (OPENSSL_hexchar2int((unsigned char)text[i]) < 0)
			return false;
	return true;
}
