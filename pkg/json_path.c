/* json_path.c - JSON path error messages and checks for the host-side compilers. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "json_path.h"

int json_path_fail(struct error_detail *err, int code, const char *path, const char *fmt, ...)
{
	int n = snprintf(err->msg, sizeof(err->msg), "%s: ", path[0] ? path : "(top level)");
	va_list ap;

	if (n >= 0 && (size_t)n < sizeof(err->msg)) {
		va_start(ap, fmt);
		vsnprintf(err->msg + n, sizeof(err->msg) - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return code;
}

void json_path_key(char out[JSON_PATH_MAX], const char *path, const char *key)
{
	snprintf(out, JSON_PATH_MAX, "%s%s%s", path, path[0] ? "." : "", key);
}

void json_path_index(char out[JSON_PATH_MAX], const char *path, size_t index)
{
	snprintf(out, JSON_PATH_MAX, "%s[%zu]", path, index);
}

int json_path_load(const char *text, size_t len, json_t **root, struct error_detail *err)
{
	json_error_t je;

	*root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	if (!*root)
		return error_detail_set(err, -EINVAL, "line %d, column %d: %s", je.line, je.column,
					je.text);
	if (!json_is_object(*root)) {
		json_decref(*root);
		*root = NULL;
		return error_detail_set(err, -EINVAL, "expected a JSON object at the top level");
	}
	return 0;
}

int json_path_known_keys(const json_t *obj, const char *path, const char *const *allowed,
			 struct error_detail *err)
{
	const char *key;
	json_t *value;

	json_object_foreach((json_t *)obj, key, value) {
		const char *const *a = allowed;
		char at[JSON_PATH_MAX];

		while (*a && strcmp(*a, key) != 0)
			a++;
		if (!*a) {
			json_path_key(at, path, key);
			return json_path_fail(err, -EINVAL, at, "unknown key");
		}
	}
	return 0;
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

bool json_path_parse_uuid(const char *text, uint8_t out[16])
{
	unsigned byte = 0;

	if (strlen(text) != 36)
		return false;
	for (unsigned i = 0; i < 36; i++) {
		bool dash_here = i == 8 || i == 13 || i == 18 || i == 23;
		int hi, lo;

		if (dash_here) {
			if (text[i] != '-')
				return false;
			continue;
		}
		hi = hex_value(text[i]);
		lo = hex_value(text[i + 1]);
		if (hi < 0 || lo < 0)
			return false;
		out[byte++] = (uint8_t)(hi << 4 | lo);
		i++;
	}
	return true;
}
