/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Spherule LSM - the /proc/<pid> rule (proc.c) as the filesystem hooks
 * see it.
 */

#ifndef _SECURITY_SPHERULE_PROC_H
#define _SECURITY_SPHERULE_PROC_H

#include <linux/fs.h>
#include <linux/types.h>

#include "cred.h"

/*
 * True when inode is a /proc/<pid> entry (the directory, a file or
 * directory under it, /proc/<pid>/task/<tid> and below) of a task of app's
 * own app; false for other tasks' entries and for every inode that is not
 * a task's.
 */
bool spherule_proc_inode_is_own(const struct spherule_cred *app, const struct inode *inode);

#endif /* _SECURITY_SPHERULE_PROC_H */
