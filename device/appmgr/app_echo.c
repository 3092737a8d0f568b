/* app_echo.c — prefixed, non-blocking echo of app output (see app_echo.h). */
#include "app_echo.h"

#include <stdio.h>
#include <string.h>

#define ECHO_NAME_MAX 64u

void app_echo_init(struct app_echo *e, const struct log_ring *r)
{
	e->cursor = r->end;
}

/* Queues "[name] (N bytes dropped)\n" for bytes the ring overwrote. */
static bool report_lost(struct app_echo *e, const struct log_ring *r, const char *name,
			struct console *c)
{
	char note[ECHO_NAME_MAX + 48];
	uint64_t start = log_ring_start(r);
	int n = snprintf(note, sizeof(note), "[%.*s] (%llu bytes dropped)\n", (int)ECHO_NAME_MAX,
			 name, (unsigned long long)(start - e->cursor));

	if (n < 0 || (size_t)n >= sizeof(note) || !console_put_app(c, note, (size_t)n))
		return false;
	e->cursor = start;
	return true;
}

void app_echo_pump(struct app_echo *e, const struct log_ring *r, const char *name,
		   struct console *c, bool flush_partial)
{
	char chunk[ECHO_LINE_MAX];
	char line[ECHO_NAME_MAX + 3 + ECHO_LINE_MAX + 1];

	for (;;) {
		size_t n, len, consumed, at;
		const char *nl;
		int prefix;

		if (e->cursor < log_ring_start(r) && !report_lost(e, r, name, c))
			return;
		n = log_ring_copy(r, e->cursor, chunk, sizeof(chunk));
		if (n == 0)
			return;
		nl = memchr(chunk, '\n', n);
		if (nl) {
			len = (size_t)(nl - chunk);
			consumed = len + 1;
		} else if (n == sizeof(chunk) || flush_partial) {
			len = consumed = n;
		} else {
			return;
		}
		prefix = snprintf(line, sizeof(line), "[%.*s] ", (int)ECHO_NAME_MAX, name);
		if (prefix < 0)
			return;
		at = (size_t)prefix;
		for (size_t i = 0; i < len; i++) {
			unsigned char ch = (unsigned char)chunk[i];

			line[at++] = (ch < 0x20 && ch != '\t') || ch == 0x7f ? '?' : (char)ch;
		}
		line[at++] = '\n';
		if (!console_put_app(c, line, at))
			return;
		e->cursor += consumed;
	}
}
