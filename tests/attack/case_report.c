/* case_report.c — the console line of one attack suite case (see
 * case_report.h). */
#include "case_report.h"

#include <stdio.h>

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

unsigned cases_run(const char *prefix, const struct attack_case *cases, unsigned count)
{
	unsigned failed = 0;

	for (unsigned i = 0; i < count; i++)
		if (!case_report(prefix, i + 1, cases[i].name, cases[i].expected, cases[i].run()))
			failed++;
	printf("%s: done %u passed, %u failed\n", prefix, count - failed, failed);
	return failed;
}
