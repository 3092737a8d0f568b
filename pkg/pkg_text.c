/* pkg_text.c - the text forms of package fields: key thumbprints and
 * component and image ids (UUIDs), in lowercase hex. */
#include "pkg_internal.h"

/* Writes two hex digits per byte at o; returns the end. */
static char *put_hex(char *o, const uint8_t *bytes, unsigned n)
{
	static const char digits[] = "0123456789abcdef";

	for (unsigned i = 0; i < n; i++) {
		*o++ = digits[bytes[i] >> 4];
		*o++ = digits[bytes[i] & 15];
	}
	return o;
}

void pkg_thumbprint_hex(const uint8_t thumbprint[PKG_THUMBPRINT_SIZE], char out[65])
{
	*put_hex(out, thumbprint, PKG_THUMBPRINT_SIZE) = '\0';
}

void pkg_uuid_text(const uint8_t id[16], char out[37])
{
	static const unsigned char group_bytes[] = { 4, 2, 2, 2, 6 };
	char *o = out;

	for (unsigned g = 0; g < sizeof(group_bytes); id += group_bytes[g++]) {
		if (g > 0)
			*o++ = '-';
		o = put_hex(o, id, group_bytes[g]);
	}
	*o = '\0';
}
