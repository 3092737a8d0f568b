/* app_echo.h — echoes an app's log ring to the console line by line, each
 * line prefixed "[<app name>] ", and reports what the ring lost before the
 * console could take it as "[<app name>] (N bytes dropped)". */
#ifndef APPMGR_APP_ECHO_H
#define APPMGR_APP_ECHO_H

#include <stdbool.h>
#include <stdint.h>

#include "console.h"
#include "log_ring.h"

#define ECHO_LINE_MAX 160u     /* longer lines are echoed in pieces */

struct app_echo {
	uint64_t cursor;       /* ring stream position echoed up to */
};

/* Starts echoing from the ring's current end. */
void app_echo_init(struct app_echo *e, const struct log_ring *r);

/* Queues the complete lines after the cursor while the console has room
 * for app output; with flush_partial (the app's output has ended) a last
 * line without a newline is queued too. Control characters other than tab
 * are shown as '?' so an app cannot rewrite the console. */
void app_echo_pump(struct app_echo *e, const struct log_ring *r, const char *name,
		   struct console *c, bool flush_partial);

#endif
