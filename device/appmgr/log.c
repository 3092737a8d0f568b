/* log.c — appmgr's own log lines (see log.h). */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>

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

const struct log_ring *log_own_ring(void)
{
	return &own_ring;
}
