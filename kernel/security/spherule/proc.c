// SPDX-License-Identifier: GPL-2.0-only
/*
 * Spherule LSM - /proc/<pid> of other tasks. An app task cannot reach the
 * /proc/<pid> entries (and /proc/<pid>/task/<tid>) of any task that is not
 * of its own app: tasks of other apps, the app manager, kernel threads.
 * Walking into such a directory, listing it, opening, accessing or
 * stat-ing it or anything below it is EACCES (inode_permission,
 * inode_getattr), whatever the entry's mode, so world-readable entries
 * (cmdline, stat, status, ...) are closed like the ones the ptrace rule
 * guards. /proc/self and /proc/thread-self lead to its own entries, which
 * stay open for reading (fs.c). A pid that does not exist is ENOENT, as
 * for any path: that a pid exists is not hidden (kill(pid, 0) tells it
 * too); which app it belongs to is.
 *
 * The task behind an inode is recorded in the inode by task_to_inode,
 * which procfs calls when it makes the inode and each time it revalidates
 * its dentry, i.e. on every lookup by name: the record follows the task's
 * identity (which changes only once, from none to an app's).
 */

#include <linux/dcache.h>
#include <linux/fs.h>
#include <linux/lsm_hooks.h>
#include <linux/path.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>

#include "audit.h"
#include "cred.h"
#include "fs.h"
#include "proc.h"
#include "setup.h"

/* True when inode is a /proc/<pid> entry of any task. */
static bool is_task_inode(const struct inode *inode)
{
	return READ_ONCE(spherule_inode(inode)->flags) & SPHERULE_INODE_TASK;
}

bool spherule_proc_inode_is_own(const struct spherule_cred *app, const struct inode *inode)
{
	const struct spherule_inode *isec = spherule_inode(inode);
	/* Pairs with the release in hook_task_to_inode(): task_app is valid. */
	u32 flags = smp_load_acquire(&isec->flags);

	return (flags & SPHERULE_INODE_TASK_APP) &&
	       uuid_equal(&isec->task_app, &app->component_id);
}

static int hook_inode_permission(struct inode *inode, int mask)
{
	const struct spherule_cred *app = spherule_current_app();
	struct dentry *dentry;

	if (!app || !is_task_inode(inode) || spherule_proc_inode_is_own(app, inode))
		return 0;
	/*
	 * The audit line names the entry, which takes a dentry reference:
	 * an RCU path walk is asked to retry in ref-walk mode.
	 */
	if (mask & MAY_NOT_BLOCK)
		return -ECHILD;
	dentry = d_find_alias(inode);
	/* Its name in procfs, at most four components: /1, /1/task/1. */
	spherule_audit(app, "proc", "%pd4", dentry);
	dput(dentry);
	return -EACCES;
}

static int hook_inode_getattr(const struct path *path)
{
	const struct spherule_cred *app = spherule_current_app();
	const struct inode *inode = d_backing_inode(path->dentry);

	if (!app || !is_task_inode(inode) || spherule_proc_inode_is_own(app, inode))
		return 0;
	spherule_audit_path(app, "stat", path);
	return -EACCES;
}

static void hook_task_to_inode(struct task_struct *p, struct inode *inode)
{
	struct spherule_inode *isec = spherule_inode(inode);
	const struct spherule_cred *c;
	u32 flags = SPHERULE_INODE_TASK;

	rcu_read_lock();
	c = spherule_cred(__task_cred(p));
	if (c->flags & SPHERULE_CRED_APP) {
		isec->task_app = c->component_id;
		flags |= SPHERULE_INODE_TASK_APP;
	}
	rcu_read_unlock();
	/* task_app is written before the flags that make it valid. */
	smp_store_release(&isec->flags, flags);
}

static struct security_hook_list spherule_proc_hooks[] __lsm_ro_after_init = {
	LSM_HOOK_INIT(inode_permission, hook_inode_permission),
	LSM_HOOK_INIT(inode_getattr, hook_inode_getattr),
	LSM_HOOK_INIT(task_to_inode, hook_task_to_inode),
};

__init void spherule_add_proc_hooks(void)
{
	security_add_hooks(spherule_proc_hooks, ARRAY_SIZE(spherule_proc_hooks), SPHERULE_NAME);
}
