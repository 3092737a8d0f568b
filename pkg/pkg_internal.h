/*
 * pkg_internal.h - helpers shared by the package library's own files:
 * alignment and error reporting. Not installed.
 */
#ifndef SPHERULE_PKG_INTERNAL_H
#define SPHERULE_PKG_INTERNAL_H

#include <stdint.h>

#include "spherule/pkg.h"

/* Rounds n up to the 4-byte alignment of sections and records. */
static inline uint32_t pkg_align4(uint32_t n)
{
	return (n + 3u) & ~3u;
}

/* Formats err->msg (err may be NULL) and returns code. */
int pkg_fail(struct pkg_error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
