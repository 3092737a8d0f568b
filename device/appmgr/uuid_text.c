/* uuid_text.c — formats component ids (see uuid_text.h). */
#include "uuid_text.h"

void uuid_text(const uint8_t id[16], char out[37])
{
	static const char digits[] = "0123456789abcdef";
	char *o = out;

	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			*o++ = '-';
		*o++ = digits[id[i] >> 4];
		*o++ = digits[id[i] & 0xf];
	}
	*o = '\0';
}
