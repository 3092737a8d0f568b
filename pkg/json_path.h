/*
 * json_path.h - helpers for the host-side JSON checkers (manifest compiler,
 * hardware definitions): error messages that start with the JSON path of the
 * problem, unknown-key rejection and UUID parsing.
 */
#ifndef SPHERULE_PKG_JSON_PATH_H
#define SPHERULE_PKG_JSON_PATH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "spherule/pkg.h"

#define JSON_PATH_MAX 96

/* "path: <message>" into err; returns code. */
int json_path_fail(struct error_detail *err, int code, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* path.key (or key at the top level) and path[index]. */
void json_path_key(char out[JSON_PATH_MAX], const char *path, const char *key);
void json_path_index(char out[JSON_PATH_MAX], const char *path, size_t index);

/* Parses text (duplicate keys refused) into *root; a syntax error names line and column. */
int json_path_load(const char *text, size_t len, json_t **root, struct error_detail *err);

/* -EINVAL naming the first key of obj not in allowed (a NULL-terminated list). */
int json_path_known_keys(const json_t *obj, const char *path, const char *const *allowed,
			 struct error_detail *err);

/* Parses "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" (hex, either case) into 16 bytes in text order. */
bool json_path_parse_uuid(const char *text, uint8_t out[16]);

#endif
