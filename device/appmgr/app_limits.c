/* app_limits.c — rlimits from budgets (see app_limits.h).
 *
 * The RAM budget covers all of an app, every process and the kernel memory
 * they cause: its memory cgroup (app_cgroup.h) enforces it. RLIMIT_DATA
 * also bounds each process's private writable mappings (brk and anonymous
 * mmap, which is all musl's malloc uses) to the budget, so that one
 * allocation larger than the whole budget fails with ENOMEM instead of
 * stopping the app. RLIMIT_NPROC counts processes of the app's uid, so a
 * fork bomb stops at the budget. There is no RLIMIT_FSIZE: an app writes
 * files only in its storage directory (the Spherule LSM), whose littlefs
 * quota bounds them (app_storage.h). */
#include "app_limits.h"

#include <errno.h>

void app_limits_compute(const struct board_budgets *b, struct app_limit out[APP_LIMIT_COUNT])
{
	rlim_t ram = (rlim_t)b->app_ram_kib * 1024u;
	const struct app_limit limits[APP_LIMIT_COUNT] = {
		{ RLIMIT_DATA, ram },
		{ RLIMIT_STACK, APP_STACK_BYTES },
		{ RLIMIT_NPROC, b->app_nproc },
		{ RLIMIT_NOFILE, b->app_nofile },
		{ RLIMIT_CORE, 0 },
		{ RLIMIT_MEMLOCK, 0 },
		{ RLIMIT_MSGQUEUE, 0 },
	};

	for (int i = 0; i < APP_LIMIT_COUNT; i++)
		out[i] = limits[i];
}

int app_limits_apply(const struct app_limit limits[APP_LIMIT_COUNT], int *failed)
{
	for (int i = 0; i < APP_LIMIT_COUNT; i++) {
		struct rlimit rl = { limits[i].value, limits[i].value };

		if (setrlimit(limits[i].resource, &rl) != 0) {
			*failed = limits[i].resource;
			return -errno;
		}
	}
	return 0;
}

const char *app_limit_name(int resource)
{
	switch (resource) {
	case RLIMIT_DATA: return "RLIMIT_DATA";
	case RLIMIT_STACK: return "RLIMIT_STACK";
	case RLIMIT_NPROC: return "RLIMIT_NPROC";
	case RLIMIT_NOFILE: return "RLIMIT_NOFILE";
	case RLIMIT_CORE: return "RLIMIT_CORE";
	case RLIMIT_MEMLOCK: return "RLIMIT_MEMLOCK";
	case RLIMIT_MSGQUEUE: return "RLIMIT_MSGQUEUE";
	default: return "RLIMIT_?";
	}
}
