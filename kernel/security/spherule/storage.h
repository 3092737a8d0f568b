/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Spherule LSM - app storage (storage.c): which entries of a littlefs
 * filesystem an app task reaches.
 */

#ifndef _SECURITY_SPHERULE_STORAGE_H
#define _SECURITY_SPHERULE_STORAGE_H

#include <linux/fs.h>

#include "cred.h"

enum spherule_storage {
	SPHERULE_STORAGE_NOT_STORAGE, /* not on littlefs: the other rules decide */
	SPHERULE_STORAGE_OWN,         /* the app's own entry, and it has storage */
	SPHERULE_STORAGE_READ_ONLY,   /* the device certificate's, and it may read it */
	SPHERULE_STORAGE_CLOSED,      /* on littlefs, closed to the app */
};

enum spherule_storage spherule_storage_reaches(const struct spherule_cred *app,
					       const struct inode *inode);
enum spherule_storage spherule_storage_permission(const struct spherule_cred *app,
						  const struct inode *inode, int mask);

#endif /* _SECURITY_SPHERULE_STORAGE_H */
