/*
 * tap.h - minimal TAP output shared by the host unit tests: one
 * "ok N - name" / "not ok N - name" line per check, "# SKIP" for checks that
 * cannot run here, the plan at the end, exit status non-zero when a check
 * failed. Header-only: the counters belong to the test program's main file,
 * which is the only one that calls these.
 */
#ifndef SPHERULE_TAP_H
#define SPHERULE_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

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

/* A check that cannot run on this machine, with the reason. */
__attribute__((format(printf, 2, 3), unused))
static void tap_skip(const char *reason, const char *fmt, ...)
{
	va_list ap;

	printf("ok %d - ", ++tap_count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf(" # SKIP %s\n", reason);
	fflush(stdout);
}

/* Checks that got equals want, printing both when not. */
__attribute__((unused))
static int tap_ok_str(const char *got, const char *want, const char *name)
{
	int ok = strcmp(got, want) == 0;

	if (!ok)
		printf("# got:  %s\n# want: %s\n", got, want);
	return tap_ok(ok, "%s", name);
}

/* Prints the plan; returns the exit status (1 if a check failed). */
__attribute__((unused))
static int tap_done(void)
{
	printf("1..%d\n", tap_count);
	return tap_failures ? 1 : 0;
}

#endif
