/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Spherule LSM - the identity interface in securityfs:
 * /sys/kernel/security/spherule/identity.
 */

#ifndef _SECURITY_SPHERULE_IDENTITY_H
#define _SECURITY_SPHERULE_IDENTITY_H

#include <linux/dcache.h>
#include <linux/init.h>

/* True when dentry is the identity file (which app tasks may open). */
bool spherule_is_identity_file(const struct dentry *dentry);

/*
 * The writer rule of identity.c: may the current task take an identity (or
 * load the policy that goes with it)? No identity yet, single-threaded,
 * forked by the app manager.
 */
bool spherule_may_set_identity(void);

/* True when dentry is the policy file (which app tasks may open: their
 * write is refused, see policy.c). */
bool spherule_is_policy_file(const struct dentry *dentry);

/* Creates the policy file (policy.c) in the Spherule securityfs directory. */
int __init spherule_policy_create_file(struct dentry *dir);

#endif /* _SECURITY_SPHERULE_IDENTITY_H */
