/* query.h — parameters of a request target's query (after '?'):
 * name=value pairs separated by '&', taken as they are (devctl's
 * parameters are UUIDs and numbers: nothing to percent-decode). */
#ifndef DEVCTL_QUERY_H
#define DEVCTL_QUERY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Finds parameter name in q[len]; sets *value and *value_len (the first
 * one when it is given twice). */
bool query_get(const char *q, size_t len, const char *name, const char **value, size_t *value_len);

/* A decimal number of at most 19 digits. */
bool query_u64(const char *s, size_t n, uint64_t *out);

#endif
