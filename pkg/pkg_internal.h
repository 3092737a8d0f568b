/*
 * pkg_internal.h - helpers shared by the package library's own files:
 * alignment. Not installed.
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

#endif
