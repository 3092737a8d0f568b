// SPDX-License-Identifier: GPL-2.0-only
/*
 * Spherule LSM - task hooks. An app task may act only on tasks of its own
 * app: read-mode ptrace checks (what /proc shows), signals, scheduling
 * (nice values and CPU clocks included, kernel/patches/0005 and 0006),
 * process groups, rlimits and capability sets of other tasks are denied
 * with EPERM toward other apps and toward tasks without an identity (the
 * app manager, kernel threads). Attaching (ptrace attach, seize, traceme, process_vm_readv and
 * _writev, which could change code behind the exec rule's back) is denied
 * to an app task toward every task, its own app's included. An app task
 * never changes its uids, gids or groups and never passes a capability
 * check (EPERM).
 */

#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/lsm_hooks.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <linux/security.h>

#include "audit.h"
#include "cred.h"
#include "setup.h"

/* 0 when the current task may do op on target, -EPERM (logged) otherwise. */
static int check_task(struct task_struct *target, const char *op)
{
	const struct spherule_cred *app = spherule_current_app();

	if (!app || spherule_same_app_task(app, target))
		return 0;
	spherule_audit_task(app, op, target);
	return -EPERM;
}

static int hook_ptrace_access_check(struct task_struct *child, unsigned int mode)
{
	const struct spherule_cred *app = spherule_current_app();

	if (!app || (!(mode & PTRACE_MODE_ATTACH) && spherule_same_app_task(app, child)))
		return 0;
	if (!(mode & PTRACE_MODE_NOAUDIT))
		spherule_audit_task(app, "ptrace", child);
	return -EPERM;
}

static int hook_ptrace_traceme(struct task_struct *parent)
{
	const struct spherule_cred *app = spherule_current_app();

	if (!app)
		return 0;
	spherule_audit_task(app, "traceme", parent);
	return -EPERM;
}

static int hook_capget(struct task_struct *target, kernel_cap_t *effective,
		       kernel_cap_t *inheritable, kernel_cap_t *permitted)
{
	return check_task(target, "capget");
}

static int hook_task_kill(struct task_struct *p, struct kernel_siginfo *info, int sig,
			  const struct cred *cred)
{
	const struct spherule_cred *sender = spherule_cred(cred ? cred : current_cred());

	if (!(sender->flags & SPHERULE_CRED_APP) || spherule_same_app_task(sender, p))
		return 0;
	spherule_audit(sender, "signal", "%d to task %d", sig, task_pid_nr(p));
	return -EPERM;
}

static int hook_task_setpgid(struct task_struct *p, pid_t pgid)
{
	return check_task(p, "setpgid");
}

static int hook_task_getpgid(struct task_struct *p)
{
	return check_task(p, "getpgid");
}

static int hook_task_getsid(struct task_struct *p)
{
	return check_task(p, "getsid");
}

static int hook_task_setnice(struct task_struct *p, int nice)
{
	return check_task(p, "setnice");
}

static int hook_task_setioprio(struct task_struct *p, int ioprio)
{
	return check_task(p, "setioprio");
}

static int hook_task_getioprio(struct task_struct *p)
{
	return check_task(p, "getioprio");
}

static int hook_task_setscheduler(struct task_struct *p)
{
	return check_task(p, "setscheduler");
}

static int hook_task_getscheduler(struct task_struct *p)
{
	return check_task(p, "getscheduler");
}

static int hook_task_movememory(struct task_struct *p)
{
	return check_task(p, "movememory");
}

static int hook_task_prlimit(const struct cred *cred, const struct cred *tcred,
			     unsigned int flags)
{
	const struct spherule_cred *app = spherule_cred(cred);

	if (!(app->flags & SPHERULE_CRED_APP) || spherule_same_app(app, spherule_cred(tcred)))
		return 0;
	spherule_audit(app, "prlimit", "of uid %u", from_kuid(&init_user_ns, tcred->uid));
	return -EPERM;
}

/* Ids: an app task keeps the uids, gids and groups appmgr gave it. */
static int deny_id_change(const struct cred *old, const char *op)
{
	const struct spherule_cred *app = spherule_cred(old);

	if (!(app->flags & SPHERULE_CRED_APP))
		return 0;
	spherule_audit(app, op, "of uid %u", from_kuid(&init_user_ns, old->uid));
	return -EPERM;
}

static int hook_task_fix_setuid(struct cred *new, const struct cred *old, int flags)
{
	return deny_id_change(old, "setuid");
}

static int hook_task_fix_setgid(struct cred *new, const struct cred *old, int flags)
{
	return deny_id_change(old, "setgid");
}

static int hook_task_fix_setgroups(struct cred *new, const struct cred *old)
{
	return deny_id_change(old, "setgroups");
}

static int hook_capable(const struct cred *cred, struct user_namespace *ns, int cap,
			unsigned int opts)
{
	const struct spherule_cred *app = spherule_cred(cred);

	if (!(app->flags & SPHERULE_CRED_APP))
		return 0;
	if (!(opts & CAP_OPT_NOAUDIT))
		spherule_audit(app, "capability", "%d", cap);
	return -EPERM;
}

static struct security_hook_list spherule_task_hooks[] __lsm_ro_after_init = {
	LSM_HOOK_INIT(ptrace_access_check, hook_ptrace_access_check),
	LSM_HOOK_INIT(ptrace_traceme, hook_ptrace_traceme),
	LSM_HOOK_INIT(capget, hook_capget),
	LSM_HOOK_INIT(task_kill, hook_task_kill),
	LSM_HOOK_INIT(task_setpgid, hook_task_setpgid),
	LSM_HOOK_INIT(task_getpgid, hook_task_getpgid),
	LSM_HOOK_INIT(task_getsid, hook_task_getsid),
	LSM_HOOK_INIT(task_setnice, hook_task_setnice),
	LSM_HOOK_INIT(task_setioprio, hook_task_setioprio),
	LSM_HOOK_INIT(task_getioprio, hook_task_getioprio),
	LSM_HOOK_INIT(task_setscheduler, hook_task_setscheduler),
	LSM_HOOK_INIT(task_getscheduler, hook_task_getscheduler),
	LSM_HOOK_INIT(task_movememory, hook_task_movememory),
	LSM_HOOK_INIT(task_prlimit, hook_task_prlimit),
	LSM_HOOK_INIT(task_fix_setuid, hook_task_fix_setuid),
	LSM_HOOK_INIT(task_fix_setgid, hook_task_fix_setgid),
	LSM_HOOK_INIT(task_fix_setgroups, hook_task_fix_setgroups),
	LSM_HOOK_INIT(capable, hook_capable),
};

__init void spherule_add_task_hooks(void)
{
	security_add_hooks(spherule_task_hooks, ARRAY_SIZE(spherule_task_hooks), SPHERULE_NAME);
}
