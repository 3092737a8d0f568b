/* case_report.h — one result line of an attack suite case on the console:
 *   <prefix>: ok N - <case> (got <errno name>)
 *   <prefix>: not ok N - <case> (expected <name>, got <name>)
 * which tests/attack/test_attack.sh turns into a host TAP line. */
#ifndef ATTACK_CASE_REPORT_H
#define ATTACK_CASE_REPORT_H

#include <stdbool.h>

#include "hostile/attack.h"

/* A pause after each line that keeps an app with many cases well under
 * appmgr's console rate per app (2 KiB/s): about 8 lines a second. */
#define CASE_LINE_PACE_MS 120u

/* A run of cases from one or more tables, numbered on across them. */
struct case_run {
	const char *prefix;
	unsigned pace_ms;     /* pause after each line: 0 or CASE_LINE_PACE_MS */
	unsigned n, failed;   /* cases reported so far, and how many failed */
};

/* Prints case n's line; true when got (0 or -errno) is expected. */
bool case_report(const char *prefix, unsigned n, const char *name, int expected, int got);

/* Runs the count cases of a table in order, each reported. */
void case_run_table(struct case_run *run, const struct attack_case *cases, unsigned count);

/* Prints "<prefix>: done P passed, F failed"; returns F. */
unsigned case_run_done(struct case_run *run);

/* The run of one table, without pauses: case_run_table then case_run_done. */
unsigned cases_run(const char *prefix, const struct attack_case *cases, unsigned count);

#endif
