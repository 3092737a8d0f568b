/* log.c — appmgr's own log lines (see log.h). */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "log_ring.h"

#define LOG_LINE_MAX 320

static struct console *log_console;
/* The newest lines, for the device API's log (appmgr_ctl.h LOG). */
static struct log_ring own_ring;

void log_attach(struct console *c)
{
	log_console = c;
}

void log_line(const char *fmt, ...)
{
	char text[LOG_LINE_MAX];
	va_list ap;
	int n;

	if (!log_console)
		return;
	va_start(ap, fmt);
	n = vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(text))
		n = sizeof(text) - 1;
	console_put_own(log_console, text, (size_t)n);
	log_ring_append(&own_ring, text, (size_t)n);
	log_ring_append(&own_ring, "\n", 1);
	/* A console error is reported nowhere else: the queue is discarded
	 * and later lines try again. */
	(void)console_flush(log_console);
}

void log_to_app(struct log_ring *r, const char *fmt, ...)
{
	static const char prefix[] = "appmgr: ";
	/* The text, then room for the newline (vsnprintf's NUL takes its place). */
	char text[LOG_LINE_MAX];
	size_t room = sizeof(text) - (sizeof(prefix) - 1) - 1, len;
	va_list ap;
	int n;

	memcpy(text, prefix, sizeof(prefix) - 1);
	va_start(ap, fmt);
	n = vsnprintf(text + sizeof(prefix) - 1, room, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	len = sizeof(prefix) - 1 + ((size_t)n < room ? (size_t)n : room - 1);
	text[len++] = '\n';
	log_ring_append(r, text, len);
}

const struct log_ring *log_own_ring(void)
{
	return &own_ring;
}
