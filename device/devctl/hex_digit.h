/* hex_digit.h — the value of a hex digit, either case (component ids,
 * JSON's \u escapes). */
#ifndef DEVCTL_HEX_DIGIT_H
#define DEVCTL_HEX_DIGIT_H

#include <string.h>

/* 0 to 15, or -1 when c is not a hex digit. */
static inline int hex_digit(char c)
{
	static const char digits[] = "0123456789abcdef";
	const char *at = c ? strchr(digits, c >= 'A' && c <= 'F' ? c - 'A' + 'a' : c) : NULL;

	return at ? (int)(at - digits) : -1;
}

#endif
