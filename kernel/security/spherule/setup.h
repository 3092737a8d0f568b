/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Spherule LSM - registration: the blob sizes shared by every part, and
 * the function each part uses to add its hooks.
 */

#ifndef _SECURITY_SPHERULE_SETUP_H
#define _SECURITY_SPHERULE_SETUP_H

#include <linux/init.h>
#include <linux/lsm_hooks.h>

#define SPHERULE_NAME "spherule"

extern struct lsm_blob_sizes spherule_blob_sizes;
extern bool spherule_initialized;

__init void spherule_add_cred_hooks(void);
__init void spherule_add_task_hooks(void);
__init void spherule_add_fs_hooks(void);
__init void spherule_add_storage_hooks(void);
__init void spherule_add_exec_hooks(void);
__init void spherule_add_net_hooks(void);
__init void spherule_add_sock_mark_hooks(void);
__init void spherule_add_system_hooks(void);
__init void spherule_add_gpio_hooks(void);

#endif /* _SECURITY_SPHERULE_SETUP_H */
