/*
 * lfs_port.h - everything the littlefs core takes from its environment.
 *
 * The core is built from the same sources by the host tools and tests
 * (hosted C library), by the device check (static musl, liblfs-dev.a) and
 * into the Linux kernel as the littlefs module, which has no C library.
 * This is the only file of the core that includes system headers (the
 * build refuses an `#include <...>` in any other file of lfs/): the rest of
 * the core uses the fixed-width integer types, bool, size_t and NULL, and
 * reaches memory and string functions only through the lfs_* helpers
 * below. A new environment provides those here and nothing else.
 *
 * Errors are the core's own negative errno values (enum lfs_error in
 * lfs.h); memory comes from the allocation hook of struct lfs_config; the
 * compiler builtins __builtin_ctz and __builtin_clz are used directly (gcc
 * and clang both have them, in and out of the kernel).
 */
#ifndef SPHERULE_LFS_PORT_H
#define SPHERULE_LFS_PORT_H

#ifdef __KERNEL__
#include <linux/kernel.h>  /* NULL, true, false */
#include <linux/string.h>  /* memcpy, memset, memcmp, strlen, strncmp */
#include <linux/types.h>   /* bool, size_t, uint8_t ... uint64_t, int32_t, int64_t */
#else
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#endif

static inline void *lfs_memcpy(void *dst, const void *src, size_t n)
{
	return memcpy(dst, src, n);
}

static inline void *lfs_memset(void *dst, int c, size_t n)
{
	return memset(dst, c, n);
}

static inline int lfs_memcmp(const void *a, const void *b, size_t n)
{
	return memcmp(a, b, n);
}

static inline size_t lfs_strlen(const char *s)
{
	return strlen(s);
}

static inline int lfs_strncmp(const char *a, const char *b, size_t n)
{
	return strncmp(a, b, n);
}

#endif
