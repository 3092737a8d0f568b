/*
 * cramfs_error.c - error message formatting for pkg/cramfs.
 */
#include "cramfs_error.h"

#include <stdarg.h>
#include <stdio.h>

int cramfs_fail(int rc, char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return rc;
}
