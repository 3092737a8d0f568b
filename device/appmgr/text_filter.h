/* text_filter.h — what of an app's output may reach the console: valid
 * UTF-8 text only. Every byte that is not part of a valid UTF-8 sequence
 * (stray continuation bytes, overlong forms, surrogates, code points past
 * U+10FFFF, truncated sequences), every C0 control but tab, DEL, and every
 * C1 control (U+0080..U+009F, whose single-byte forms such as 0x9B, the
 * 8-bit CSI, some terminals obey) becomes '?', so an app cannot move the
 * cursor, rewrite or clear the console, or forge lines of another app. */
#ifndef APPMGR_TEXT_FILTER_H
#define APPMGR_TEXT_FILTER_H

#include <stddef.h>

/* Writes the filtered form of the len bytes at in to out (room for len
 * bytes: the filter never lengthens) and returns its length. */
size_t text_filter(const char *in, size_t len, char *out);

/* The length of the first len bytes at buf without a UTF-8 sequence that
 * the end cuts short (so that a line split there is split between
 * characters). */
size_t text_whole_chars(const char *buf, size_t len);

#endif
