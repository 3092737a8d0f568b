/* rsp_hex.h — the hexadecimal text of the GDB Remote Serial Protocol:
 * numbers (most significant digit first, as in "m10144,4") and byte
 * strings (two digits a byte, in memory order). Every parser is bounded by
 * the length it is given and refuses what is not hex. */
#ifndef GDBSERVER_RSP_HEX_H
#define GDBSERVER_RSP_HEX_H

#include <stddef.h>
#include <stdint.h>

/* The value of hex digit c, or -1. */
int rsp_hex_digit(char c);

/* Parses the number at *p (up to end): at least one digit, at most 8
 * (32 bits), stopping at the first non-digit, where *p is left. 0, or
 * -EINVAL (no digit, more than 8). */
int rsp_hex_u32(const char **p, const char *end, uint32_t *value);

/* Decodes exactly 2 * n hex digits at p into out. 0 or -EINVAL. */
int rsp_hex_decode(const char *p, size_t n, uint8_t *out);

/* Writes 2 * n digits (lowercase) for the n bytes at in to out; returns out
 * past them. No NUL. */
char *rsp_hex_encode(const uint8_t *in, size_t n, char *out);

/* Writes value as a number without leading zeros ("0" for 0) to out (room
 * for 8 digits); returns out past it. No NUL. */
char *rsp_hex_u32_text(uint32_t value, char *out);

#endif
