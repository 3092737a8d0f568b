// SPDX-License-Identifier: GPL-2.0-only
/*
 * Spherule LSM - system-wide operations and figures. An app task never
 * reads or clears the kernel log (syslog, /proc/kmsg: EPERM) nor loads
 * anything into the kernel (kernel_load_data, kernel_read_file: EPERM).
 * sysinfo() tells it about its own app only (kernel/patches/0010): no load
 * averages (0), its own app's threads as the number of processes, its RAM
 * budget as the total and what is left of it as the free RAM (its memory
 * cgroup's limit and usage, set by the app manager), no shared, buffer or
 * high memory; the uptime stays. Mounts are in fs.c, capabilities
 * (reboot, sethostname, settimeofday, ...) in task.c.
 */

#include <linux/fs.h>
#include <linux/kernel_read_file.h>
#include <linux/lsm_hooks.h>
#include <linux/memcontrol.h>
#include <linux/minmax.h>
#include <linux/page_counter.h>
#include <linux/rcupdate.h>
#include <linux/sched/signal.h>
#include <linux/security.h>
#include <linux/sysinfo.h>

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

/* The number of threads of app. */
static unsigned short app_threads(const struct spherule_cred *app)
{
	struct task_struct *g, *t;
	unsigned short n = 0;

	rcu_read_lock();
	for_each_process_thread(g, t)
		if (spherule_same_app(app, spherule_cred(__task_cred(t))))
			n++;
	rcu_read_unlock();
	return n;
}

/*
 * The current task's RAM budget and what is left of it, in pages: the
 * limit and usage of its memory cgroup, no more than the system has. 0
 * and 0 when it has no limit (no cgroup, or the root one): then it learns
 * nothing about the system's memory either.
 */
static void app_memory(unsigned long *total, unsigned long *free)
{
	unsigned long limit = 0, usage = 0;
#ifdef CONFIG_MEMCG
	struct mem_cgroup *memcg = get_mem_cgroup_from_mm(current->mm);

	if (memcg && !mem_cgroup_is_root(memcg)) {
		limit = READ_ONCE(memcg->memory.max);
		usage = page_counter_read(&memcg->memory);
	}
	mem_cgroup_put(memcg);
#endif
	*total = min(limit, *total);
	*free = min(limit > usage ? limit - usage : 0, *free);
}

static void hook_sysinfo(struct sysinfo *info)
{
	const struct spherule_cred *app = spherule_current_app();

	if (!app)
		return;
	memset(info->loads, 0, sizeof(info->loads));
	info->procs = app_threads(app);
	app_memory(&info->totalram, &info->freeram);
	info->sharedram = 0;
	info->bufferram = 0;
	info->totalhigh = 0;
	info->freehigh = 0;
}

static struct security_hook_list spherule_system_hooks[] __lsm_ro_after_init = {
	LSM_HOOK_INIT(sysinfo, hook_sysinfo),
	LSM_HOOK_INIT(syslog, hook_syslog),
	LSM_HOOK_INIT(kernel_load_data, hook_kernel_load_data),
	LSM_HOOK_INIT(kernel_read_file, hook_kernel_read_file),
};

__init void spherule_add_system_hooks(void)
{
	security_add_hooks(spherule_system_hooks, ARRAY_SIZE(spherule_system_hooks), SPHERULE_NAME);
}
