/*
 * pkg_internal.h - helpers shared by the package library's own files:
 * little-endian field access and error reporting. Not installed.
 */
#ifndef SPHERULE_PKG_INTERNAL_H
#define SPHERULE_PKG_INTERNAL_H

#include <stdint.h>
#include <string.h>

#include "spherule/pkg.h"

static inline uint16_t pkg_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

static inline uint32_t pkg_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static inline void pkg_put_le16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static inline void pkg_put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/* Rounds n up to the 4-byte alignment of sections and records. */
static inline uint32_t pkg_align4(uint32_t n)
{
	return (n + 3u) & ~3u;
}

/* Formats err->msg (err may be NULL) and returns code. */
int pkg_fail(struct pkg_error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
