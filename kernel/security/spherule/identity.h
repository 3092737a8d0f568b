/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Spherule LSM - setting an app identity (identity.c).
 */

#ifndef _SECURITY_SPHERULE_IDENTITY_H
#define _SECURITY_SPHERULE_IDENTITY_H

#include <linux/types.h>

/*
 * The writer rule of identity.c: may the current task take an identity (or
 * load the policy that goes with it)? No identity yet, single-threaded,
 * forked by the app manager.
 */
bool spherule_may_set_identity(void);

#endif /* _SECURITY_SPHERULE_IDENTITY_H */
