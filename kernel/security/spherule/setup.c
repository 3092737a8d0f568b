// SPDX-License-Identifier: GPL-2.0-only
/*
 * Spherule LSM - registration with the LSM framework.
 */

#include <linux/init.h>
#include <linux/lsm_hooks.h>
#include <linux/printk.h>

#include "cred.h"
#include "policy.h"
#include "setup.h"

bool spherule_initialized __lsm_ro_after_init;

struct lsm_blob_sizes spherule_blob_sizes __lsm_ro_after_init = {
	.lbs_cred = sizeof(struct spherule_cred),
};

static int __init spherule_init(void)
{
	spherule_add_cred_hooks();
	spherule_add_task_hooks();
	spherule_add_fs_hooks();
	spherule_add_storage_hooks();
	spherule_add_exec_hooks();
	spherule_add_net_hooks();
	spherule_add_sock_mark_hooks();
	spherule_add_system_hooks();
	spherule_add_gpio_hooks();
	spherule_initialized = true;
	pr_info(SPHERULE_NAME ": app isolation active (%zu B per credential, policy %zu B + %zu B per GPIO line, 4 B per address, 2 B per port, length + 1 B per host name)\n",
		sizeof(struct spherule_cred), sizeof(struct spherule_policy),
		sizeof(struct spherule_gpio_grant));
	return 0;
}

DEFINE_LSM(spherule) = {
	.name = SPHERULE_NAME,
	.init = spherule_init,
	.blobs = &spherule_blob_sizes,
};
