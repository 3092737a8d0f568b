/* attack.h — the hostile app's cases: each attempt is a function returning
 * 0 when the operation succeeded or -errno when it was refused, listed in a
 * table with the result the Spherule model requires (0 for the positive
 * cases, which show that what an app may do still works). */
#ifndef ATTACK_ATTACK_H
#define ATTACK_ATTACK_H

#include <sys/types.h>

struct attack_case {
	const char *name;
	int expected;          /* 0 or -errno */
	int (*run)(void);
};

/* The hostile app's own component id (its manifest's). */
#define HOSTILE_ID "6f1d2c3e-8a47-4b5e-9c1d-2e3f4a5b6c7d"

/* What the cases aim at, found before they run. */
struct attack_targets {
	const char *victim_id;     /* the victim app's component id */
	char victim_image[96];     /* /mnt/apps/<victim id> */
	uid_t victim_uid;          /* its uid */
	pid_t victim_pid;          /* its main process, 0 when not found */
};

extern struct attack_targets targets;

/* Each file of cases exports its table and its length. */
extern const struct attack_case identity_cases[], file_cases[], proc_cases[], exec_cases[],
	leak_cases[], task_cases[], net_cases[], system_cases[], limit_cases[], audit_cases[],
	storage_cases[], mailbox_cases[], appsvc_cases[], last_cases[];
extern const unsigned identity_case_count, file_case_count, proc_case_count, exec_case_count,
	leak_case_count, task_case_count, net_case_count, system_case_count, limit_case_count,
	audit_case_count, storage_case_count, mailbox_case_count, appsvc_case_count, last_case_count;

/* The argument that makes the hostile binary only check its identity. */
#define IDENTITY_CHECK_ARG "--identity-check"

/* 0 when the identity file names the hostile app, -EINVAL when it names
 * another, -errno when it cannot be read. */
int own_identity_check(void);

/* The name of errno value err ("EPERM"), "0" for 0, "E?" when unknown. */
const char *errno_name(int err);

#define CASE_COUNT(table) (sizeof(table) / sizeof((table)[0]))

#endif
