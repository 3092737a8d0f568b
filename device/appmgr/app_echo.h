/* app_echo.h — echoes an app's log ring to the console line by line, each
 * line prefixed "[<app name>] ", at most ECHO_RATE_BYTES_PER_S per app (with
 * bursts of ECHO_BURST_BYTES) so that one app cannot flood the console, and
 * reports what the ring lost before it could be echoed as
 * "[<app name>] (N bytes dropped)". */
#ifndef APPMGR_APP_ECHO_H
#define APPMGR_APP_ECHO_H

#include <stdbool.h>
#include <stdint.h>

#include "console.h"
#include "log_ring.h"

#define ECHO_LINE_MAX 160u            /* longer lines are echoed in pieces */
#define ECHO_RATE_BYTES_PER_S 2048u   /* console bytes per app and second */
#define ECHO_BURST_BYTES 4096u

struct app_echo {
	uint64_t cursor;       /* ring stream position echoed up to */
	uint32_t tokens;       /* console bytes the app may use now */
	uint64_t refill_ms;    /* when tokens were last added */
};

enum app_echo_state {
	ECHO_DONE,             /* everything echoable was queued */
	ECHO_THROTTLED,        /* the app used its console rate: try again later */
	ECHO_CONSOLE_FULL,     /* the console has no room: try when it drains */
};

/* Starts echoing from the ring's current end with a full burst allowance. */
void app_echo_init(struct app_echo *e, const struct log_ring *r, uint64_t now_ms);

/* Queues the complete lines after the cursor while the console has room
 * for app output and the app has rate left; with flush_partial (the app's
 * output has ended) a last line without a newline is queued too. Only
 * valid UTF-8 text passes (text_filter.h): anything else is shown as '?' so
 * an app cannot rewrite the console. */
enum app_echo_state app_echo_pump(struct app_echo *e, const struct log_ring *r, const char *name,
				  struct console *c, bool flush_partial, uint64_t now_ms);

#endif
