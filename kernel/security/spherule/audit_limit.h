/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Spherule LSM - the allowance of audit lines each app has (audit.c), kept
 * in its policy so that one app's flood of denials hides no other app's.
 */

#ifndef _SECURITY_SPHERULE_AUDIT_LIMIT_H
#define _SECURITY_SPHERULE_AUDIT_LIMIT_H

#include <linux/jiffies.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/uuid.h>

/**
 * struct spherule_audit_limit - one app's allowance of audit lines
 * @lock: serializes the other fields
 * @begin: jiffies at which the current interval began
 * @printed: lines logged in the current interval
 * @missed: denials not logged since the last line that said how many
 * @app: the component id of the app, for that line (set with the
 *	identity, identity.c)
 */
struct spherule_audit_limit {
	spinlock_t lock;
	unsigned long begin;
	u32 printed;
	u32 missed;
	uuid_t app;
};

static inline void spherule_audit_limit_init(struct spherule_audit_limit *limit)
{
	spin_lock_init(&limit->lock);
	limit->begin = jiffies;
	limit->printed = 0;
	limit->missed = 0;
	uuid_copy(&limit->app, &uuid_null);
}

#endif /* _SECURITY_SPHERULE_AUDIT_LIMIT_H */
