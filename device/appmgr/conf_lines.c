/* conf_lines.c — line splitting, trimming and numbers of appmgr's board
 * files (see conf_lines.h). */
#include "conf_lines.h"

#include <errno.h>
#include <string.h>

#include "small_file.h"

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

void conf_trim(const char **s, size_t *n)
{
	while (*n > 0 && is_blank(**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && is_blank((*s)[*n - 1]))
		(*n)--;
}

int conf_each_item(const char *s, size_t n, int (*item)(const char *s, size_t n, void *ctx), void *ctx)
{
	while (n > 0) {
		const char *comma = memchr(s, ',', n);
		size_t len = comma ? (size_t)(comma - s) : n;
		const char *one = s;
		size_t one_len = len;
		int err;

		conf_trim(&one, &one_len);
		err = item(one, one_len, ctx);
		if (err != 0)
			return err;
		s += len + (comma ? 1 : 0);
		n -= len + (comma ? 1 : 0);
	}
	return 0;
}

int conf_split_key_value(const char *s, size_t n, const char **key, size_t *key_len,
			 const char **val, size_t *val_len)
{
	const char *eq = memchr(s, '=', n);

	if (!eq)
		return -EINVAL;
	*key = s;
	*key_len = (size_t)(eq - s);
	*val = eq + 1;
	*val_len = n - *key_len - 1;
	conf_trim(key, key_len);
	conf_trim(val, val_len);
	return 0;
}

int conf_split_fields(const char *s, size_t n, char out[][CONF_FIELD_SIZE], int max)
{
	int count = 0;
	size_t i = 0;

	while (i < n) {
		size_t start, len;

		while (i < n && is_blank(s[i]))
			i++;
		if (i == n)
			break;
		start = i;
		while (i < n && !is_blank(s[i]))
			i++;
		len = i - start;
		if (count == max || len >= CONF_FIELD_SIZE)
			return -1;
		memcpy(out[count], s + start, len);
		out[count++][len] = '\0';
	}
	return count;
}

int conf_parse_u32(const char *s, size_t n, uint32_t *out)
{
	uint64_t v = 0;

	if (n == 0)
		return -EINVAL;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -EINVAL;
		v = v * 10 + (uint64_t)(s[i] - '0');
		if (v > UINT32_MAX)
			return -ERANGE;
	}
	*out = (uint32_t)v;
	return 0;
}

int conf_lines_apply(const char *text, size_t len, conf_line_fn apply, void *ctx,
		     struct error_detail *why)
{
	int refused = 0;
	unsigned lineno = 0;
	size_t pos = 0;

	while (pos < len) {
		const char *line = text + pos;
		const char *nl = memchr(line, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - line) : len - pos;

		pos += n + (nl ? 1 : 0);
		lineno++;
		conf_trim(&line, &n);
		if (n == 0 || line[0] == '#')
			continue;
		if (apply(line, n, lineno, ctx, refused == 0 ? why : NULL) != 0)
			refused++;
	}
	return refused;
}

int conf_lines_load(const char *path, char *buf, size_t cap, conf_line_fn apply, void *ctx,
		    struct error_detail *why)
{
	size_t len;
	int err = small_file_read(path, buf, cap, &len);

	if (err == -EFBIG)
		return error_detail_set(why, err, "larger than %zu bytes", cap - 1);
	if (err != 0)
		return err;
	return conf_lines_apply(buf, len, apply, ctx, why);
}
