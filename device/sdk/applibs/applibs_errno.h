/* applibs_errno.h — how applibs functions report failure: -1 (or NULL)
 * with errno, the C library's way, where the library's own helpers return
 * 0 or a negative errno value. */
#ifndef APPLIBS_ERRNO_H
#define APPLIBS_ERRNO_H

#include <errno.h>

/* Sets errno to err and returns -1. */
static inline int applibs_fail(int err)
{
	errno = err;
	return -1;
}

/* A helper's result (>= 0, or a negative errno value) as a function's:
 * the value itself, or -1 with errno. */
static inline int applibs_result(int result)
{
	return result < 0 ? applibs_fail(-result) : result;
}

#endif
