/* store_hostile — the storage hostile app of the attack suite (per-app
 * storage, docs/security-model.md). Its manifest gives it 8 KiB of
 * storage, like the storage victim's. It waits for the victim (the app
 * appmgr started just before it) to write its secret, then runs the cases
 * of cases_own.c, cases_other.c and cases_quota.c and prints one line each:
 *   store-hostile: ok N - <case> (got <errno name>)
 *   store-hostile: not ok N - <case> (expected <name>, got <name>)
 * (case_report.h), a few "store-hostile: # ..." lines with the figures
 * of the quota cases, then "store-hostile: done P passed, F failed", and
 * stays idle, so that appmgr does not run it again. */
#include <stdio.h>
#include <unistd.h>

#include "case_report.h"
#include "store_hostile.h"

#define VICTIM_SETUP_S 5   /* the victim writes its secret in well under this */

int main(void)
{
	struct case_run run = { .prefix = "store-hostile", .pace_ms = CASE_LINE_PACE_MS };

	setvbuf(stdout, NULL, _IOLBF, 0);
	sleep(VICTIM_SETUP_S);
	printf("store-hostile: start\n");
	case_run_table(&run, own_cases, own_case_count);
	case_run_table(&run, other_cases, other_case_count);
	case_run_table(&run, quota_cases, quota_case_count);
	case_run_done(&run);
	for (;;)
		pause();
}
