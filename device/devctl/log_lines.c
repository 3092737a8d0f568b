/* log_lines.c — log bytes into lines (see log_lines.h). */
#include "log_lines.h"

#include <string.h>

size_t log_lines(const char *bytes, size_t n, bool tail, log_line_fn fn, void *ctx)
{
	size_t at = 0;

	while (at < n) {
		const char *nl = memchr(bytes + at, '\n', n - at);
		size_t len = nl ? (size_t)(nl - (bytes + at)) : n - at;

		if (!nl && !tail)
			break;
		fn(ctx, bytes + at, len > 0 && bytes[at + len - 1] == '\r' ? len - 1 : len);
		at += len + (nl != NULL);
	}
	return at;
}
