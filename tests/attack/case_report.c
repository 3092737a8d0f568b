/* case_report.c — the console line of one attack suite case (see
 * case_report.h). */
#include "case_report.h"

#include <stdio.h>

#include "hostile/attack.h"

bool case_report(const char *prefix, unsigned n, const char *name, int expected, int got)
{
	if (got == expected) {
		printf("%s: ok %u - %s (got %s)\n", prefix, n, name, errno_name(got));
		return true;
	}
	printf("%s: not ok %u - %s (expected %s, got %s)\n", prefix, n, name, errno_name(expected),
	       errno_name(got));
	return false;
}
