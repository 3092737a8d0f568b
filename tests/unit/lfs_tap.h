/*
 * lfs_tap.h - minimal TAP output for the littlefs core tests: one
 * "ok N - name" / "not ok N - name" line per check, the plan at the end,
 * exit status non-zero when a check failed.
 */
#ifndef SPHERULE_LFS_TAP_H
#define SPHERULE_LFS_TAP_H

#include <stdarg.h>
#include <stdio.h>

static int tap_count;
static int tap_failures;

__attribute__((format(printf, 2, 3), unused))
static int tap_ok(int cond, const char *fmt, ...)
{
	va_list ap;
	printf("%sok %d - ", cond ? "" : "not ", ++tap_count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	if (!cond)
		tap_failures++;
	return cond;
}

__attribute__((unused))
static int tap_done(void)
{
	printf("1..%d\n", tap_count);
	return tap_failures ? 1 : 0;
}

#endif
