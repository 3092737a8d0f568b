/* conf_lines.h — the text format of appmgr's board files under
 * /etc/spherule (board.conf, gpio.conf, net.conf, sysctl.conf): one setting
 * per line, '#' starts a comment line, blanks around a line are ignored,
 * numbers are decimal. */
#ifndef APPMGR_CONF_LINES_H
#define APPMGR_CONF_LINES_H

#include <stddef.h>
#include <stdint.h>

#include "spherule/error_detail.h"

/* Applies one trimmed, non-empty, non-comment line [s, s + n) (line number
 * lineno, from 1) to ctx: 0, or -EINVAL with why set to the reason (why may
 * be NULL: error_detail_set() then keeps nothing). */
typedef int (*conf_line_fn)(const char *s, size_t n, unsigned lineno, void *ctx,
			    struct error_detail *why);

/* Calls apply for every setting line of text. Returns the number of lines
 * apply refused; why receives the reason for the first of them (the later
 * lines are given no detail to fill, so no second buffer is needed). */
int conf_lines_apply(const char *text, size_t len, conf_line_fn apply, void *ctx,
		     struct error_detail *why);

/* Reads path into buf (at most cap - 1 bytes) and calls apply for every
 * setting line: the number of lines apply refused, or -errno when the file
 * cannot be read (-ENOENT when it does not exist; -EFBIG when it is larger,
 * with why saying so); why receives the reason for the first refusal. */
int conf_lines_load(const char *path, char *buf, size_t cap, conf_line_fn apply, void *ctx,
		    struct error_detail *why);

/* Splits the line [s, s + n) at its first '=' into a key and a value, each
 * trimmed: 0, or -EINVAL when there is no '='. */
int conf_split_key_value(const char *s, size_t n, const char **key, size_t *key_len,
			 const char **val, size_t *val_len);

/* Splits [s, s + n) at blanks into at most max fields, NUL-terminated
 * copies in out (each shorter than CONF_FIELD_SIZE): the number of fields,
 * or -1 when there are more or one is too long. */
#define CONF_FIELD_SIZE 32
int conf_split_fields(const char *s, size_t n, char out[][CONF_FIELD_SIZE], int max);

/* Trims blanks (space, tab, CR) on both sides of [*s, *s + *n). */
void conf_trim(const char **s, size_t *n);

/* Calls item(s, n, ctx) for each comma-separated item of [s, s + n),
 * trimmed (an empty [s, s + n): no call); stops at the first non-zero
 * return and returns it, else 0. */
int conf_each_item(const char *s, size_t n, int (*item)(const char *s, size_t n, void *ctx), void *ctx);

/* Parses [s, s + n) as a decimal number: 0, or -EINVAL (empty, not a digit)
 * or -ERANGE (above UINT32_MAX). */
int conf_parse_u32(const char *s, size_t n, uint32_t *out);

#endif
