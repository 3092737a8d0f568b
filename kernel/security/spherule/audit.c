// SPDX-License-Identifier: GPL-2.0-only
/*
 * Spherule LSM - audit lines of denials. Each app may log at most
 * SPHERULE_AUDIT_BURST lines per SPHERULE_AUDIT_INTERVAL (its allowance is
 * kept in its policy, audit_limit.h), so one app's flood of denials hides
 * no other app's; the denials it did not log are counted and reported in
 * one line, "spherule: app=<id>: N denials not logged", before its next
 * logged one or when the app's last process ends. Tasks of an app without
 * a policy share one allowance.
 */

#define pr_fmt(fmt) "spherule: " fmt

#include <linux/dcache.h>
#include <linux/err.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/printk.h>
#include <linux/sched.h>
#include <linux/spinlock.h>

#include "audit.h"

#define SPHERULE_AUDIT_INTERVAL (5 * HZ)
#define SPHERULE_AUDIT_BURST 100
#define SPHERULE_AUDIT_PATH_MAX 128

static struct spherule_audit_limit policyless_limit = {
	.lock = __SPIN_LOCK_UNLOCKED(policyless_limit.lock),
};

static void report_missed(const struct spherule_audit_limit *limit, u32 missed)
{
	if (missed)
		pr_notice("app=%pUb: %u denials not logged\n", &limit->app, missed);
}

/*
 * True when subj may log a line now; reports the denials it did not log
 * once a new interval begins.
 */
static bool audit_allowed(const struct spherule_cred *subj)
{
	struct spherule_audit_limit *limit = subj->policy ? &subj->policy->audit : &policyless_limit;
	unsigned long flags;
	u32 missed = 0;
	bool allowed;

	spin_lock_irqsave(&limit->lock, flags);
	if (time_after_eq(jiffies, limit->begin + SPHERULE_AUDIT_INTERVAL)) {
		limit->begin = jiffies;
		limit->printed = 0;
		missed = limit->missed;
		limit->missed = 0;
	}
	allowed = limit->printed < SPHERULE_AUDIT_BURST;
	if (allowed)
		limit->printed++;
	else
		limit->missed++;
	spin_unlock_irqrestore(&limit->lock, flags);
	report_missed(limit, missed);
	return allowed;
}

void spherule_audit_release(struct spherule_audit_limit *limit)
{
	report_missed(limit, limit->missed);
}

void spherule_audit(const struct spherule_cred *subj, const char *op, const char *fmt, ...)
{
	struct va_format vaf;
	va_list args;

	if (!audit_allowed(subj))
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

	if (!audit_allowed(subj))
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
