/* json_in.h — the minimal JSON reader for devctl's small request bodies
 * ({"trigger":"start"}, {"appControlMode":"Manual"}, {"value":1},
 * {"updateType":"App","maxDeferralInMinutes":10}): one flat object whose
 * members are strings, numbers, true, false or null. */
#ifndef DEVCTL_JSON_IN_H
#define DEVCTL_JSON_IN_H

#include <stddef.h>
#include <stdint.h>

/* Finds member key of the object in text[len] and copies its string value,
 * NUL-terminated, into out[cap] (escapes decoded; a \u escape outside ASCII
 * becomes '?'). Returns 0, -ENOENT when the object has no such member,
 * -EINVAL when text is not such an object or the member is not a string,
 * -E2BIG when the value does not fit. */
int json_in_string_member(const char *text, size_t len, const char *key, char *out, size_t cap);

/* Finds member key as above and reads its value, a whole number of decimal
 * digits (no sign, fraction or exponent), into *out. Returns 0, -ENOENT,
 * -EINVAL when text is not such an object or the member is no such number,
 * -ERANGE past 2^64 - 1. */
int json_in_uint_member(const char *text, size_t len, const char *key, uint64_t *out);

#endif
