/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Spherule LSM - abstract AF_UNIX names belong to the app that bound them
 * first (unix_names.c).
 */

#ifndef _SECURITY_SPHERULE_UNIX_NAMES_H
#define _SECURITY_SPHERULE_UNIX_NAMES_H

#include <linux/types.h>

#include "cred.h"

/* At most this many names are recorded, and at most this many per app. */
#define SPHERULE_UNIX_NAMES_MAX 128
#define SPHERULE_UNIX_NAMES_PER_APP 16

/*
 * May app bind the abstract name of len bytes at name (without the
 * leading NUL)? 0 when the name is its own or nobody's (it becomes its
 * own), -EACCES when another app bound it first, -ENOSPC when app or the
 * table has no room left for a new name.
 */
int spherule_unix_name_claim(const struct spherule_cred *app, const char *name, size_t len);

#endif /* _SECURITY_SPHERULE_UNIX_NAMES_H */
