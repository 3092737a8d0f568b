/* app_launch.h — starts an app's main process (ending all of an app's
 * processes is app_cgroup_kill). */
#ifndef APPMGR_APP_LAUNCH_H
#define APPMGR_APP_LAUNCH_H

#include <stdint.h>

#include "app.h"
#include "app_limits.h"
#include "gpio_map.h"

/* Forks the app's main process (see app_sandbox_exec) with a fresh output
 * pipe; sets a->pid, a->out_fd (non-blocking) and a->started_ms. A
 * previous output pipe still open is closed first. 0 or -errno. */
int app_launch(struct app *a, const struct app_limit limits[APP_LIMIT_COUNT],
	       const struct gpio_map *gpio, uint64_t now_ms);

#endif
