/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Spherule LSM - the identity interface in securityfs:
 * /sys/kernel/security/spherule/identity.
 */

#ifndef _SECURITY_SPHERULE_IDENTITY_H
#define _SECURITY_SPHERULE_IDENTITY_H

#include <linux/dcache.h>

/* True when dentry is the identity file (which app tasks may open). */
bool spherule_is_identity_file(const struct dentry *dentry);

#endif /* _SECURITY_SPHERULE_IDENTITY_H */
