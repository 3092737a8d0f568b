/* log.h — appmgr's own log lines ("appmgr: ..." on the console). */
#ifndef APPMGR_LOG_H
#define APPMGR_LOG_H

#include "console.h"
#include "log_ring.h"

/* Sends every later log line to c. */
void log_attach(struct console *c);

/* Queues "appmgr: <formatted text>" and flushes what the console takes. */
void log_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The newest LOG_RING_SIZE bytes of appmgr's own lines (without the
 * "appmgr: " prefix), each ended by a newline. */
const struct log_ring *log_own_ring(void);

#endif
