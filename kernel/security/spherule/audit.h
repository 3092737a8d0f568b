/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Spherule LSM - the audit line of a denial:
 *   spherule: denied <op> <object> app=<component id> pid=<pid>
 * rate-limited per app (audit.c).
 */

#ifndef _SECURITY_SPHERULE_AUDIT_H
#define _SECURITY_SPHERULE_AUDIT_H

#include <linux/compiler.h>
#include <linux/path.h>
#include <linux/sched.h>

#include "audit_limit.h"
#include "cred.h"

/* Logs that app subj was denied op on the object described by fmt. */
__printf(3, 4)
void spherule_audit(const struct spherule_cred *subj, const char *op, const char *fmt, ...);

/* Logs that app subj was denied op on the file at path. */
void spherule_audit_path(const struct spherule_cred *subj, const char *op,
			 const struct path *path);

/* Logs that app subj was denied op on task target. */
void spherule_audit_task(const struct spherule_cred *subj, const char *op,
			 struct task_struct *target);

/* Reports what the app of limit did not log: its policy is being freed. */
void spherule_audit_release(struct spherule_audit_limit *limit);

#endif /* _SECURITY_SPHERULE_AUDIT_H */
