/* app_scan.h — finds and checks every installed app image at boot. */
#ifndef APPMGR_APP_SCAN_H
#define APPMGR_APP_SCAN_H

#include <stddef.h>
#include <stdint.h>

#include "app.h"
#include "slot_check.h"

struct app_scan_result {
	size_t accepted;    /* valid images, in apps[0 .. accepted) */
	size_t refused;     /* images refused, each with one log line */
	size_t empty;       /* erased slots */
};

/* Reads the app slots from proc_mtd, checks each one (slot_check) and
 * keeps the valid ones in apps; a second valid image with a component id
 * already accepted is refused. Logs one line per slot. 0, or -errno when
 * proc_mtd cannot be read or parsed. */
int app_scan(const char *proc_mtd, const struct slot_check_paths *paths, uint32_t max_size,
	     struct app apps[APPMGR_MAX_APPS], struct app_scan_result *res);

#endif
