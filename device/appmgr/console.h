/* console.h — appmgr's console output: a bounded buffer drained into a
 * non-blocking fd, so a slow console never blocks appmgr. App output may use
 * only part of the buffer; the rest is kept for appmgr's own lines. */
#ifndef APPMGR_CONSOLE_H
#define APPMGR_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CONSOLE_BUF_SIZE 8192u
#define CONSOLE_APP_SHARE 4096u    /* app output is queued only below this fill */

struct console {
	int fd;
	size_t len;                    /* bytes queued in buf */
	uint64_t own_dropped;          /* bytes of appmgr's lines not queued */
	char buf[CONSOLE_BUF_SIZE];
};

void console_init(struct console *c, int fd);

/* Queues app output, all or nothing: false when it does not fit. */
bool console_put_app(struct console *c, const char *data, size_t len);

/* Queues one of appmgr's own lines ("appmgr: " + text + "\n"), reporting
 * earlier drops first; counts the bytes as dropped when they do not fit. */
void console_put_own(struct console *c, const char *text, size_t len);

/* Writes as much as the fd takes without blocking: 0, or -errno for an
 * error other than EAGAIN (the queue is then discarded). */
int console_flush(struct console *c);

/* Flushes the whole queue, waiting for the fd to take more (each wait at
 * most timeout_ms): 0, -ETIMEDOUT, or -errno as console_flush(). */
int console_drain(struct console *c, int timeout_ms);

bool console_pending(const struct console *c);

#endif
