/* case_report.h — one result line of an attack suite case on the console:
 *   <prefix>: ok N - <case> (got <errno name>)
 *   <prefix>: not ok N - <case> (expected <name>, got <name>)
 * which tests/attack/test_attack.sh turns into a host TAP line. */
#ifndef ATTACK_CASE_REPORT_H
#define ATTACK_CASE_REPORT_H

#include <stdbool.h>

#include "hostile/attack.h"

/* Prints case n's line; true when got (0 or -errno) is expected. */
bool case_report(const char *prefix, unsigned n, const char *name, int expected, int got);

/* Runs the count cases in order, each reported, then prints
 * "<prefix>: done P passed, F failed"; returns F. */
unsigned cases_run(const char *prefix, const struct attack_case *cases, unsigned count);

#endif
