/* hostile — the attack suite's hostile app. It runs every case of the
 * tables in cases_*.c, one after the other, and prints one line each:
 *   attack: ok N - <case> (got <errno name>)
 *   attack: not ok N - <case> (expected <name>, got <name>)
 * then "attack: done P passed, F failed", waits a moment and exits 0 (so
 * the test sees appmgr log the exit). Its CmdArgs are the victim app's
 * component id and uid. The victim is the app appmgr started just before
 * this one (slot order), so its main process is the highest pid below this
 * one that exists; the host checks that it is the pid the victim prints.
 * Lines are paced so that the per-app console rate of appmgr never drops
 * one.
 * "hostile --identity-check" (what the exec cases run) only exits 0 when
 * it still has the hostile app's identity, 1 otherwise. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../case_report.h"
#include "attack.h"

struct attack_targets targets;

/* The highest pid below its own that exists, or 0. kill(pid, 0) says only
 * that: EPERM for another app's process (the kernel's uid check answers
 * before the LSM, so nothing is logged), ESRCH for a free pid. Which app a
 * pid belongs to is what the LSM hides (/proc/<pid> is closed). */
static pid_t find_previous_pid(void)
{
	for (pid_t pid = getpid() - 1; pid > 1; pid--)
		if (kill(pid, 0) == 0 || errno == EPERM)
			return pid;
	return 0;
}

int main(int argc, char **argv)
{
	struct case_run run = { .prefix = "attack", .pace_ms = CASE_LINE_PACE_MS };

	if (argc == 2 && strcmp(argv[1], IDENTITY_CHECK_ARG) == 0)
		return own_identity_check() == 0 ? 0 : 1;
	if (argc != 3) {
		printf("attack: usage: hostile VICTIM_COMPONENT_ID VICTIM_UID\n");
		return 2;
	}
	targets.victim_id = argv[1];
	snprintf(targets.victim_image, sizeof(targets.victim_image), "/mnt/apps/%s", argv[1]);
	targets.victim_uid = (uid_t)strtoul(argv[2], NULL, 10);
	sleep(2);   /* the victim, started just before, is up */
	targets.victim_pid = find_previous_pid();
	printf("attack: start, victim pid %d\n", (int)targets.victim_pid);
	fflush(stdout);
	case_run_table(&run, identity_cases, identity_case_count);
	case_run_table(&run, file_cases, file_case_count);
	case_run_table(&run, proc_cases, proc_case_count);
	case_run_table(&run, exec_cases, exec_case_count);
	case_run_table(&run, leak_cases, leak_case_count);
	case_run_table(&run, task_cases, task_case_count);
	case_run_table(&run, net_cases, net_case_count);
	case_run_table(&run, system_cases, system_case_count);
	case_run_table(&run, limit_cases, limit_case_count);
	/* Well after the storage victim (a later slot) opened its directory,
	 * and before the flood of denials, whose audit limit would hide
	 * these cases' own. */
	case_run_table(&run, storage_cases, storage_case_count);
	case_run_table(&run, mailbox_cases, mailbox_case_count);
	case_run_table(&run, appsvc_cases, appsvc_case_count);
	case_run_table(&run, audit_cases, audit_case_count);
	case_run_table(&run, last_cases, last_case_count);
	case_run_done(&run);
	sleep(3);
	return 0;
}
