/* log_lines.h — log bytes (appmgr's LOG: raw bytes of a stream) cut into
 * lines for GET /log and GET /log/stream. */
#ifndef DEVCTL_LOG_LINES_H
#define DEVCTL_LOG_LINES_H

#include <stdbool.h>
#include <stddef.h>

/* Gets one line without its "\n" (or "\r\n"). */
typedef void (*log_line_fn)(void *ctx, const char *line, size_t len);

/* Calls fn for each line of bytes[n]; the bytes after the last newline
 * are a line too when tail is true, else they are left. Returns the
 * number of bytes taken. */
size_t log_lines(const char *bytes, size_t n, bool tail, log_line_fn fn, void *ctx);

#endif
