// SPDX-License-Identifier: GPL-2.0-only
/*
 * Spherule LSM - system-wide operations an app task never gets: reading
 * or clearing the kernel log (syslog, /proc/kmsg: EPERM) and loading
 * anything into the kernel (kernel_load_data, kernel_read_file: EPERM).
 * Mounts are in fs.c, capabilities (reboot, sethostname, settimeofday, ...)
 * in task.c.
 */

#include <linux/fs.h>
#include <linux/kernel_read_file.h>
#include <linux/lsm_hooks.h>
#include <linux/security.h>

#include "audit.h"
#include "cred.h"
#include "setup.h"

static int hook_syslog(int type)
{
	const struct spherule_cred *app = spherule_current_app();

	if (!app)
		return 0;
	spherule_audit(app, "syslog", "action %d", type);
	return -EPERM;
}

static int hook_kernel_load_data(enum kernel_load_data_id id, bool contents)
{
	const struct spherule_cred *app = spherule_current_app();

	if (!app)
		return 0;
	spherule_audit(app, "kernel_load", "%s", kernel_load_data_id_str(id));
	return -EPERM;
}

static int hook_kernel_read_file(struct file *file, enum kernel_read_file_id id, bool contents)
{
	const struct spherule_cred *app = spherule_current_app();

	if (!app)
		return 0;
	spherule_audit(app, "kernel_load", "%s", kernel_read_file_id_str(id));
	return -EPERM;
}

static struct security_hook_list spherule_system_hooks[] __lsm_ro_after_init = {
	LSM_HOOK_INIT(syslog, hook_syslog),
	LSM_HOOK_INIT(kernel_load_data, hook_kernel_load_data),
	LSM_HOOK_INIT(kernel_read_file, hook_kernel_read_file),
};

__init void spherule_add_system_hooks(void)
{
	security_add_hooks(spherule_system_hooks, ARRAY_SIZE(spherule_system_hooks), SPHERULE_NAME);
}
