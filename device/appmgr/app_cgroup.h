/* app_cgroup.h — one memory cgroup per app: every process of the app runs
 * in it, and its limit is the app's RAM budget, covering the processes'
 * memory and the kernel memory they cause (page tables, kernel stacks,
 * pipes, socket buffers, files). The kernel stops the whole app (its OOM
 * killer confined to the group, memory.oom.group) when it would exceed
 * the budget; nothing outside the group is touched. cgroup v2, mounted by
 * mounts_system() on APP_CGROUP_ROOT. */
#ifndef APPMGR_APP_CGROUP_H
#define APPMGR_APP_CGROUP_H

#include <stdint.h>

#include "app.h"

#define APP_CGROUP_ROOT "/sys/fs/cgroup"

/* The cgroup files appmgr uses, read as one figure each (app_cgroup_read). */
enum app_cgroup_figure {
	APP_CGROUP_CURRENT,   /* memory.current: bytes charged now */
	APP_CGROUP_PEAK,      /* memory.peak: the most bytes charged since it was made */
	APP_CGROUP_OOM_STOPS, /* memory.events "oom_group_kill": times the app was stopped */
	APP_CGROUP_POPULATED, /* cgroup.events "populated": 1 while a process of the app lives */
};

/* Enables the memory controller for the groups below the root. 0 or -errno. */
int app_cgroup_enable(void);

/* Makes (or reuses) the group of app a, APP_CGROUP_ROOT/<component id>,
 * with its budget of budget_bytes and the whole group stopped on OOM.
 * 0 or -errno. */
int app_cgroup_create(const struct app *a, uint64_t budget_bytes);

/* Removes the group of app a, whose processes have all ended (an app
 * deleted while the device runs). 0 (also when it did not exist) or -errno. */
int app_cgroup_remove(const struct app *a);

/* Moves the calling process (the app's child between fork and exec, still
 * root) into the group of app a. 0 or -errno. */
int app_cgroup_join(const struct app *a);

/* Sends SIGKILL to every process in the group of app a (cgroup.kill: also
 * the ones being forked meanwhile). 0 or -errno. */
int app_cgroup_kill(const struct app *a);

/* Sends sig to every process in the group of app a (those its cgroup.procs
 * lists: a process forked meanwhile may be missed). The number of processes
 * signalled, or -errno when the list cannot be read. */
int app_cgroup_signal(const struct app *a, int sig);

/* Calls fn(pid, ctx) for every process the group of app a lists
 * (cgroup.procs). 0 or -errno when the list cannot be read. */
int app_cgroup_for_each_pid(const struct app *a, void (*fn)(pid_t pid, void *ctx), void *ctx);

/* Reads one figure of the group of app a into *value. 0 or -errno. */
int app_cgroup_read(const struct app *a, enum app_cgroup_figure what, uint64_t *value);

#endif
