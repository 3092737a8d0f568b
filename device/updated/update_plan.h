/* update_plan.h — what updated does with a verified targets list: which
 * targets to download and install given what the device runs (the OS
 * version, each app's component and version), and whether the device
 * group's update window is open. Pure: no I/O, no clock. */
#ifndef UPDATED_UPDATE_PLAN_H
#define UPDATED_UPDATE_PLAN_H

#include <stdbool.h>
#include <stdint.h>

#include "checkin_json.h"
#include "spherule/update_meta.h"

struct installed {
	uint32_t os_version;
	unsigned app_count;
	struct checkin_app apps[CHECKIN_APPS_MAX];
};

struct update_plan {
	int os;                   /* the OS target's index, or -1: none to install */
	unsigned app_count;       /* app targets to install, by index */
	unsigned apps[UPDATE_META_TARGETS_MAX];
};

/* Fills p from targets t and what the device runs: the OS target when its
 * version differs from the running OS's and its SHA-256 is not failed_os
 * (an OS that failed its trial boot here: not tried again until another
 * image is targeted; NULL: none); each app target whose component is not
 * installed or runs another version. */
void update_plan_make(const struct update_meta_targets *t, const struct installed *in, const uint8_t *failed_os,
		      struct update_plan *p);

/* Whether anything is to be done. */
static inline bool update_plan_empty(const struct update_plan *p)
{
	return p->os < 0 && p->app_count == 0;
}

/* The update window, "start-end" in whole UTC hours (0..23) or "none" / ""
 * (always open): 0 with *start, *end (-1 none), or -EINVAL. */
int update_window_parse(const char *text, int *start, int *end);

/* Whether hour (0..23, UTC) is inside the window [start, end), which wraps
 * past midnight when end < start; start == end is the whole day; start < 0:
 * no window. */
bool update_window_open(int start, int end, unsigned hour);

#endif
