/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Spherule LSM - the app identity a task credential carries.
 */

#ifndef _SECURITY_SPHERULE_CRED_H
#define _SECURITY_SPHERULE_CRED_H

#include <linux/bits.h>
#include <linux/cred.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/types.h>
#include <linux/uuid.h>

#include "policy.h"
#include "setup.h"

/* The credential belongs to an app: component_id and image_dev are set. */
#define SPHERULE_CRED_APP BIT(0)

/**
 * struct spherule_cred - Spherule state of a credential
 * @component_id: component id of the app (the manifest's ComponentId, in
 *	the byte order of its canonical text)
 * @image_dev: device of the app's own image filesystem, the read-only
 *	mount that was the writer's working directory when the identity
 *	was set; the only place the app may execute from
 * @flags: %SPHERULE_CRED_APP, or 0 for a task outside any app
 * @policy: the app's grants (policy.h), or NULL for none; loaded by the
 *	same child before its identity, and sealed by it
 *
 * Zero (no identity) for every task until the app manager's child sets
 * it; copied into every new credential (with a reference to the policy),
 * so fork and exec inherit it, and never changed once set.
 */
struct spherule_cred {
	uuid_t component_id;
	dev_t image_dev;
	u32 flags;
	struct spherule_policy *policy;
};

static inline struct spherule_cred *spherule_cred(const struct cred *cred)
{
	return cred->security + spherule_blob_sizes.lbs_cred;
}

static inline bool spherule_cred_is_app(const struct cred *cred)
{
	return spherule_cred(cred)->flags & SPHERULE_CRED_APP;
}

/*
 * The current task's identity, or NULL when it is not an app task. On every
 * hook's path: always inlined.
 */
static __always_inline const struct spherule_cred *spherule_current_app(void)
{
	const struct spherule_cred *c = spherule_cred(current_cred());

	return (c->flags & SPHERULE_CRED_APP) ? c : NULL;
}

/*
 * True when the task with credential b belongs to the same app as
 * subject a (an app): same component id. A task without an identity
 * (the app manager, kernel threads) is never the same app.
 */
static inline bool spherule_same_app(const struct spherule_cred *a,
				     const struct spherule_cred *b)
{
	return (b->flags & SPHERULE_CRED_APP) &&
	       uuid_equal(&a->component_id, &b->component_id);
}

/* spherule_same_app() against a task's objective credential. */
static inline bool spherule_same_app_task(const struct spherule_cred *a,
					  struct task_struct *task)
{
	bool same;

	rcu_read_lock();
	same = spherule_same_app(a, spherule_cred(__task_cred(task)));
	rcu_read_unlock();
	return same;
}

#endif /* _SECURITY_SPHERULE_CRED_H */
