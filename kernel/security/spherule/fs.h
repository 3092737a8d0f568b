/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Spherule LSM - the state the LSM keeps in every inode: for a /proc/<pid>
 * entry, the identity of its task (proc.c).
 */

#ifndef _SECURITY_SPHERULE_FS_H
#define _SECURITY_SPHERULE_FS_H

#include <linux/bits.h>
#include <linux/fs.h>
#include <linux/types.h>
#include <linux/uuid.h>

#include "setup.h"

/* The inode is a /proc/<pid> entry (task_to_inode saw it). */
#define SPHERULE_INODE_TASK BIT(0)
/* ... and its task had an app identity, task_app. */
#define SPHERULE_INODE_TASK_APP BIT(1)

/**
 * struct spherule_inode - Spherule state of an inode
 * @task_app: for a /proc/<pid> inode whose task is an app task, the
 *	component id of that app
 * @flags: %SPHERULE_INODE_TASK, %SPHERULE_INODE_TASK_APP; 0 for every
 *	inode that is not a /proc/<pid> entry
 *
 * Filled by the task_to_inode hook each time procfs (re)validates the
 * inode, so it follows the task's identity.
 */
struct spherule_inode {
	uuid_t task_app;
	u32 flags;
};

static inline struct spherule_inode *spherule_inode(const struct inode *inode)
{
	return inode->i_security + spherule_blob_sizes.lbs_inode;
}

#endif /* _SECURITY_SPHERULE_FS_H */
