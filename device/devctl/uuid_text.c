/* uuid_text.c — canonical UUID text to bytes (see uuid_text.h). */
#include "uuid_text.h"

#include "hex_digit.h"

#define UUID_TEXT_LEN 36

bool uuid_parse(const char *s, size_t n, uint8_t out[16])
{
	unsigned byte = 0;

	if (n != UUID_TEXT_LEN)
		return false;
	for (size_t i = 0; i < UUID_TEXT_LEN; i += 2) {
		int hi, lo;

		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return false;
			i++;
		}
		hi = hex_digit(s[i]);
		lo = hex_digit(s[i + 1]);
		if (hi < 0 || lo < 0)
			return false;
		out[byte++] = (uint8_t)(hi << 4 | lo);
	}
	return true;
}
