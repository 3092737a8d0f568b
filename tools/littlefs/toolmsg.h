/* toolmsg: the command-line conventions shared by the littlefs host tools:
 * one-line errors prefixed with the tool's name, and option values parsed as
 * sizes ("4096", "4K", "4M") with a clear message when they are not. */
#ifndef SPHERULE_TOOLS_LITTLEFS_TOOLMSG_H
#define SPHERULE_TOOLS_LITTLEFS_TOOLMSG_H

#include <stdint.h>

/* The tool's name used as the prefix of every message (set once in main). */
extern const char *toolmsg_name;

/* Prints "NAME: MESSAGE\n" to stderr. */
void toolmsg_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Prints "NAME: WHAT: strerror(-err)\n" to stderr. */
void toolmsg_errno(const char *what, int err);

/* Checks that path names a directory; prints "NAME: PATH: reason" and
 * returns a negative errno when it does not. */
int toolmsg_check_dir(const char *path);

/* Parses text as a size: decimal digits with an optional K or M suffix
 * (binary multiples). Prints "NAME: OPTION: ..." and returns -EINVAL when
 * text is not a size, is zero, or does not fit in 32 bits. */
int toolmsg_parse_size(const char *option, const char *text, uint32_t *out);

/* Prints "NAME: MESSAGE" and "Try 'NAME --help'." for a usage error;
 * returns the exit status for usage errors (2). */
int toolmsg_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
