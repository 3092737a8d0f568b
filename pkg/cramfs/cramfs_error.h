/*
 * cramfs_error.h - formatting of the error messages the cramfs builder and
 * reader hand back to their callers in a caller-supplied buffer.
 */
#ifndef SPHERULE_CRAMFS_ERROR_H
#define SPHERULE_CRAMFS_ERROR_H

#include <stddef.h>

/* Writes the printf-style message into err (errlen bytes; nothing if 0) and
 * returns rc, so that callers can write `return cramfs_fail(...)`. */
int cramfs_fail(int rc, char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#endif
