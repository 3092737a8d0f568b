/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Spherule LSM - its files in securityfs (interface.c), the user-space
 * interface of include/uapi/linux/spherule.h.
 */

#ifndef _SECURITY_SPHERULE_INTERFACE_H
#define _SECURITY_SPHERULE_INTERFACE_H

#include <linux/fs.h>
#include <linux/types.h>

/* The operations of each file, defined where its rule is. */
extern const struct file_operations spherule_identity_fops;	/* identity.c */
extern const struct file_operations spherule_policy_fops;	/* policy_file.c */
extern const struct file_operations spherule_hosts_fops;	/* hosts.c */
extern const struct file_operations spherule_mailbox_fops;	/* mailbox.c */

/*
 * True when inode is one of the Spherule securityfs files, which app tasks
 * may open (each file's own rule then decides what they may do with it).
 */
bool spherule_is_interface_inode(const struct inode *inode);

#endif /* _SECURITY_SPHERULE_INTERFACE_H */
