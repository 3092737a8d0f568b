/* uuid_text.h — component ids in request paths and parameters: canonical
 * UUID text (8-4-4-4-12 hex digits, either case) to the 16 bytes appmgr
 * uses, in text order. The other way is pkg_uuid_text() (spherule/pkg.h). */
#ifndef DEVCTL_UUID_TEXT_H
#define DEVCTL_UUID_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Parses the n bytes at s; false unless they are exactly a canonical UUID. */
bool uuid_parse(const char *s, size_t n, uint8_t out[16]);

#endif
