/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Spherule LSM - whose task a /proc entry is (proc.c).
 */

#ifndef _SECURITY_SPHERULE_PROC_H
#define _SECURITY_SPHERULE_PROC_H

#include <linux/dcache.h>
#include <linux/fs.h>

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

/* What inode is to app: see enum spherule_proc_owner. */
enum spherule_proc_owner spherule_proc_owner(const struct spherule_cred *app,
					     const struct inode *inode);

/*
 * True when dentry, a /proc/<pid> entry, lists the mounts of the task's
 * mount namespace (mounts, mountinfo, mountstats): the mount points name
 * every installed app.
 */
bool spherule_proc_lists_mounts(const struct dentry *dentry);

#endif /* _SECURITY_SPHERULE_PROC_H */
