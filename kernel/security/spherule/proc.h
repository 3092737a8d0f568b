/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Spherule LSM - whose task a /proc entry is (proc.c).
 */

#ifndef _SECURITY_SPHERULE_PROC_H
#define _SECURITY_SPHERULE_PROC_H

#include <linux/compiler.h>
#include <linux/dcache.h>
#include <linux/fs.h>
#include <linux/magic.h>

#include "cred.h"

/**
 * enum spherule_proc_owner - what a procfs inode is to an app
 * @SPHERULE_PROC_NOT_TASK: not in any task's /proc/<pid> directory (or not
 *	a procfs inode at all)
 * @SPHERULE_PROC_OWN: in the /proc/<pid> directory of a task of the app
 * @SPHERULE_PROC_OTHER: in the /proc/<pid> directory of any other task (of
 *	another app, without identity, or that has ended)
 */
enum spherule_proc_owner {
	SPHERULE_PROC_NOT_TASK,
	SPHERULE_PROC_OWN,
	SPHERULE_PROC_OTHER,
};

/* What a procfs inode is to app (proc.c). */
enum spherule_proc_owner spherule_proc_task_owner(const struct spherule_cred *app,
						  const struct inode *inode);

/*
 * What inode is to app: see enum spherule_proc_owner. Every path walk step
 * asks (fs.c): the answer for the inodes of other filesystems is inline.
 */
static __always_inline enum spherule_proc_owner
spherule_proc_owner(const struct spherule_cred *app, const struct inode *inode)
{
	if (likely(inode->i_sb->s_magic != PROC_SUPER_MAGIC))
		return SPHERULE_PROC_NOT_TASK;
	return spherule_proc_task_owner(app, inode);
}

/*
 * True when dentry, a /proc/<pid> entry, lists the mounts of the task's
 * mount namespace (mounts, mountinfo, mountstats): the mount points name
 * every installed app.
 */
bool spherule_proc_lists_mounts(const struct dentry *dentry);

#endif /* _SECURITY_SPHERULE_PROC_H */
