/* hex.h - lowercase hex text of bytes and back, for ids, nonces and keys in
 * the service's JSON and database. */
#ifndef SPHERULE_CLOUD_HEX_H
#define SPHERULE_CLOUD_HEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Writes 2*len hex digits and a NUL. */
void hex_encode(const uint8_t *bytes, size_t len, char *out);
/* Exactly len bytes from text (2*len hex digits, any case, nothing after):
 * 0 or -EINVAL. */
int hex_decode(const char *text, uint8_t *out, size_t len);
/* The decoded length of text into out (cap bytes), or -EINVAL. */
long hex_decode_any(const char *text, uint8_t *out, size_t cap);
/* True when the first n characters of text are hex digits. */
bool hex_valid(const char *text, size_t n);

#endif
