/* query.c — query parameters (see query.h). */
#include "query.h"

#include <string.h>

bool query_get(const char *q, size_t len, const char *name, const char **value, size_t *value_len)
{
	size_t name_len = strlen(name);
	const char *end = q + len;

	while (q < end) {
		const char *amp = memchr(q, '&', (size_t)(end - q));
		const char *pair_end = amp ? amp : end;

		if ((size_t)(pair_end - q) > name_len && memcmp(q, name, name_len) == 0 && q[name_len] == '=') {
			*value = q + name_len + 1;
			*value_len = (size_t)(pair_end - *value);
			return true;
		}
		q = pair_end + (amp != NULL);
	}
	return false;
}

bool query_u64(const char *s, size_t n, uint64_t *out)
{
	uint64_t v = 0;

	if (n == 0 || n > 19)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	*out = v;
	return true;
}
