/* log.h — appmgr's own log lines ("appmgr: ..." on the console). */
#ifndef APPMGR_LOG_H
#define APPMGR_LOG_H

#include "console.h"
#include "log_ring.h"

/* Sends every later log line to c. */
void log_attach(struct console *c);

/* Queues "appmgr: <formatted text>" and flushes what the console takes. */
void log_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Appends "appmgr: <formatted text>" and a newline to an app's log ring:
 * what appmgr tells an app about itself (a refused request, a dropped
 * event), which the app's echo shows at the app's console rate. */
void log_to_app(struct log_ring *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The newest LOG_RING_SIZE bytes of appmgr's own lines (without the
 * "appmgr: " prefix), each ended by a newline. */
const struct log_ring *log_own_ring(void);

#endif
