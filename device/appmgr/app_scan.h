/* app_scan.h — finds and checks every installed app image at boot. */
#ifndef APPMGR_APP_SCAN_H
#define APPMGR_APP_SCAN_H

#include <stddef.h>
#include <stdint.h>

#include "app.h"
#include "board_conf.h"
#include "gpio_map.h"
#include "slot_check.h"

struct app_scan_result {
	size_t accepted;    /* valid images, in apps[0 .. accepted) */
	size_t refused;     /* images refused, each with one log line */
	size_t empty;       /* erased slots */
	size_t unverified;  /* of the refused: slots that could not be read or verified */
	size_t installed;   /* verified images, accepted or refused: */
	char installed_id[APPMGR_MAX_APPS][APP_COMPONENT_STR_SIZE]; /* their component ids */
	size_t superseded_count; /* valid images of a component kept in another slot: */
	unsigned superseded[APPMGR_MAX_APPS]; /* their slots (erased at boot, app_install.h) */
};

/* Reads the app slots from proc_mtd, checks each one (slot_check) with the
 * image budget of board and keeps the valid ones in apps. A valid image is
 * refused when its component id is already accepted, when it asks for a
 * GPIO number that is not a line of the board (gpio), the power key's
 * number (board's power_key_gpio) or a line an accepted app has, and when
 * its storage quota does not fit the board's storage budgets
 * (app_admit.h). Of two valid images of one component (an update cut short),
 * the higher version is kept (the first one when equal) and the other is
 * listed in res->superseded. Logs one line per slot. 0, or -errno when proc_mtd
 * cannot be read or parsed. */
int app_scan(const char *proc_mtd, const struct slot_check_paths *paths,
	     const struct board_conf *board, const struct gpio_map *gpio,
	     struct app apps[APPMGR_MAX_APPS], struct app_scan_result *res);

#endif
