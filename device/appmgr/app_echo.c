/* app_echo.c — prefixed, non-blocking echo of app output (see app_echo.h). */
#include "app_echo.h"

#include <stdio.h>
#include <string.h>

#include "text_filter.h"

#define ECHO_NAME_MAX 64u

void app_echo_init(struct app_echo *e, const struct log_ring *r, uint64_t now_ms)
{
	e->cursor = r->end;
	e->tokens = ECHO_BURST_BYTES;
	e->refill_ms = now_ms;
}

/* Adds the allowance earned since the last refill, up to a burst. */
static void refill(struct app_echo *e, uint64_t now_ms)
{
	uint64_t earned;

	if (now_ms <= e->refill_ms)
		return;
	earned = (now_ms - e->refill_ms) * ECHO_RATE_BYTES_PER_S / 1000u;
	if (earned == 0)
		return;
	e->refill_ms = now_ms;
	e->tokens = earned >= ECHO_BURST_BYTES - e->tokens ? ECHO_BURST_BYTES
							    : e->tokens + (uint32_t)earned;
}

/* Queues "[name] (N bytes dropped)\n" for the bytes the ring overwrote
 * before they were echoed. It waits for a full burst allowance, so while an
 * app floods the console shows one note and a burst of its lines every
 * ECHO_BURST_BYTES / ECHO_RATE_BYTES_PER_S seconds. */
static enum app_echo_state report_lost(struct app_echo *e, const struct log_ring *r,
				       const char *name, struct console *c)
{
	char note[ECHO_NAME_MAX + 48];
	uint64_t start = log_ring_start(r);
	int n = snprintf(note, sizeof(note), "[%.*s] (%llu bytes dropped)\n", (int)ECHO_NAME_MAX,
			 name, (unsigned long long)(start - e->cursor));

	if (n < 0 || (size_t)n >= sizeof(note))
		return ECHO_DONE;
	if (e->tokens < ECHO_BURST_BYTES)
		return ECHO_THROTTLED;
	if (!console_put_app(c, note, (size_t)n))
		return ECHO_CONSOLE_FULL;
	e->tokens -= (uint32_t)n;
	e->cursor = start;
	return ECHO_DONE;
}

enum app_echo_state app_echo_pump(struct app_echo *e, const struct log_ring *r, const char *name,
				  struct console *c, bool flush_partial, uint64_t now_ms)
{
	char chunk[ECHO_LINE_MAX];
	char line[ECHO_NAME_MAX + 3 + ECHO_LINE_MAX + 1];

	refill(e, now_ms);
	for (;;) {
		size_t n, len, consumed, at;
		const char *nl;
		int prefix;

		if (e->cursor < log_ring_start(r)) {
			enum app_echo_state st = report_lost(e, r, name, c);

			if (st != ECHO_DONE)
				return st;
		}
		n = log_ring_copy(r, e->cursor, chunk, sizeof(chunk));
		if (n == 0)
			return ECHO_DONE;
		nl = memchr(chunk, '\n', n);
		if (nl) {
			len = (size_t)(nl - chunk);
			consumed = len + 1;
		} else if (n == sizeof(chunk)) {
			/* A long line goes in pieces, split between characters. */
			len = consumed = text_whole_chars(chunk, n) ?: n;
		} else if (flush_partial) {
			len = consumed = n;
		} else {
			return ECHO_DONE;
		}
		prefix = snprintf(line, sizeof(line), "[%.*s] ", (int)ECHO_NAME_MAX, name);
		if (prefix < 0)
			return ECHO_DONE;
		at = (size_t)prefix + text_filter(chunk, len, line + prefix);
		line[at++] = '\n';
		if (at > e->tokens)
			return ECHO_THROTTLED;
		if (!console_put_app(c, line, at))
			return ECHO_CONSOLE_FULL;
		e->tokens -= (uint32_t)at;
		e->cursor += consumed;
	}
}
