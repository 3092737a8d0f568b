// SPDX-License-Identifier: GPL-2.0-only
/*
 * Spherule LSM - /proc/<pid> of other tasks. An app task cannot reach the
 * /proc/<pid> entries (and /proc/<pid>/task/<tid>) of any task that is not
 * of its own app: tasks of other apps, the app manager, kernel threads.
 * Walking into such a directory, listing it, opening, accessing or
 * stat-ing it or anything below it is EACCES (fs.c: inode_permission,
 * inode_getattr), whatever the entry's mode, so world-readable entries
 * (cmdline, stat, status, ...) are closed like the ones the ptrace rule
 * guards. /proc/self and /proc/thread-self lead to its own entries, which
 * stay open for reading, except the lists of mounts (mounts, mountinfo,
 * mountstats), whose mount points name every installed app. A pid that
 * does not exist is ENOENT, as for any path: that a pid exists is not
 * hidden (kill(pid, 0) tells it too); which app it belongs to is.
 *
 * The task is the one procfs pinned the inode to (proc_inode_pid(),
 * kernel/patches/0013), looked up at each decision, so the answer follows
 * the task's identity (which changes only once, from none to an app's)
 * and costs no state in the inodes.
 */

#include <linux/fs.h>
#include <linux/pid.h>
#include <linux/proc_fs.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/string.h>

#include "cred.h"
#include "proc.h"

enum spherule_proc_owner spherule_proc_task_owner(const struct spherule_cred *app,
						  const struct inode *inode)
{
	struct task_struct *task;
	struct pid *pid;
	bool own;

	pid = proc_inode_pid(inode);
	if (!pid)
		return SPHERULE_PROC_NOT_TASK;
	rcu_read_lock();
	task = pid_task(pid, PIDTYPE_PID);
	own = task && spherule_same_app(app, spherule_cred(__task_cred(task)));
	rcu_read_unlock();
	return own ? SPHERULE_PROC_OWN : SPHERULE_PROC_OTHER;
}

bool spherule_proc_lists_mounts(const struct dentry *dentry)
{
	static const char *const names[] = { "mounts", "mountinfo", "mountstats" };
	const char *name = (const char *)dentry->d_name.name;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (strcmp(name, names[i]) == 0)
			return true;
	return false;
}
