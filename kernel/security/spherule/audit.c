// SPDX-License-Identifier: GPL-2.0-only
/*
 * Spherule LSM - audit lines of denials, at most SPHERULE_AUDIT_BURST per
 * SPHERULE_AUDIT_INTERVAL for the whole system (the ratelimit code reports
 * how many it suppressed).
 */

#define pr_fmt(fmt) "spherule: " fmt

#include <linux/dcache.h>
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/printk.h>
#include <linux/ratelimit.h>
#include <linux/sched.h>

#include "audit.h"

#define SPHERULE_AUDIT_INTERVAL (5 * HZ)
#define SPHERULE_AUDIT_BURST 100
#define SPHERULE_AUDIT_PATH_MAX 128

static DEFINE_RATELIMIT_STATE(spherule_audit_rs, SPHERULE_AUDIT_INTERVAL, SPHERULE_AUDIT_BURST);

void spherule_audit(const struct spherule_cred *subj, const char *op, const char *fmt, ...)
{
	struct va_format vaf;
	va_list args;

	if (!__ratelimit(&spherule_audit_rs))
		return;
	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	pr_notice("denied %s %pV app=%pUb pid=%d\n", op, &vaf, &subj->component_id,
		  task_pid_nr(current));
	va_end(args);
}

void spherule_audit_path(const struct spherule_cred *subj, const char *op,
			 const struct path *path)
{
	char buf[SPHERULE_AUDIT_PATH_MAX];
	char *name;

	if (!__ratelimit(&spherule_audit_rs))
		return;
	name = d_path(path, buf, sizeof(buf));
	if (IS_ERR(name))
		name = "(unnamed)";
	pr_notice("denied %s %s app=%pUb pid=%d\n", op, name, &subj->component_id,
		  task_pid_nr(current));
}

void spherule_audit_task(const struct spherule_cred *subj, const char *op,
			 struct task_struct *target)
{
	spherule_audit(subj, op, "task %d", task_pid_nr(target));
}
