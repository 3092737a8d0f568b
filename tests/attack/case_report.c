/* case_report.c — the console line of one attack suite case (see
 * case_report.h). */
#include "case_report.h"

#include <stdio.h>
#include <time.h>

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

static void pace(unsigned ms)
{
	struct timespec t = { ms / 1000u, (long)(ms % 1000u) * 1000000L };

	fflush(stdout);
	if (ms != 0)
		nanosleep(&t, NULL);
}

void case_run_table(struct case_run *run, const struct attack_case *cases, unsigned count)
{
	for (unsigned i = 0; i < count; i++) {
		if (!case_report(run->prefix, ++run->n, cases[i].name, cases[i].expected, cases[i].run()))
			run->failed++;
		pace(run->pace_ms);
	}
}

unsigned case_run_done(struct case_run *run)
{
	printf("%s: done %u passed, %u failed\n", run->prefix, run->n - run->failed, run->failed);
	pace(run->pace_ms);
	return run->failed;
}

unsigned cases_run(const char *prefix, const struct attack_case *cases, unsigned count)
{
	struct case_run run = { .prefix = prefix };

	case_run_table(&run, cases, count);
	return case_run_done(&run);
}
