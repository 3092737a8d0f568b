/* board_conf.c — parses /etc/spherule/board.conf into app budgets. */
#include "board_conf.h"

#include "small_file.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define BOARD_CONF_MAX_BYTES 4096

struct budget_key {
	const char *name;
	size_t offset;
	uint32_t min, max;
};

static const struct budget_key budget_keys[] = {
	{ "app_ram_kib", offsetof(struct board_budgets, app_ram_kib), 16, 65536 },
	{ "app_flash_kib", offsetof(struct board_budgets, app_flash_kib), 64, 65536 },
	{ "app_storage_kib", offsetof(struct board_budgets, app_storage_kib), 0, 1048576 },
	{ "app_nproc", offsetof(struct board_budgets, app_nproc), 1, 4096 },
	{ "app_nofile", offsetof(struct board_budgets, app_nofile), 4, 4096 },
};

void board_budgets_defaults(struct board_budgets *b)
{
	b->app_ram_kib = 256;
	b->app_flash_kib = 1024;
	b->app_storage_kib = 64;
	b->app_nproc = 16;
	b->app_nofile = 32;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Trims blanks on both sides of [*s, *s + *n). */
static void trim(const char **s, size_t *n)
{
	while (*n > 0 && is_blank(**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && is_blank((*s)[*n - 1]))
		(*n)--;
}

static int parse_u32(const char *s, size_t n, uint32_t *out)
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

/* Applies one non-empty, non-comment line; 0 or -EINVAL with why filled. */
static int apply_line(const char *s, size_t n, unsigned lineno, struct board_budgets *b,
		      char *why, size_t why_len)
{
	const char *eq = memchr(s, '=', n);
	const char *key = s, *val;
	size_t key_len, val_len;
	uint32_t v;

	if (!eq) {
		snprintf(why, why_len, "line %u: expected key=value", lineno);
		return -EINVAL;
	}
	key_len = (size_t)(eq - s);
	val = eq + 1;
	val_len = n - key_len - 1;
	trim(&key, &key_len);
	trim(&val, &val_len);
	for (size_t i = 0; i < sizeof(budget_keys) / sizeof(budget_keys[0]); i++) {
		const struct budget_key *k = &budget_keys[i];

		if (strlen(k->name) != key_len || memcmp(k->name, key, key_len) != 0)
			continue;
		if (parse_u32(val, val_len, &v) != 0 || v < k->min || v > k->max) {
			snprintf(why, why_len, "line %u: %s must be a number from %u to %u",
				 lineno, k->name, k->min, k->max);
			return -EINVAL;
		}
		memcpy((char *)b + k->offset, &v, sizeof(v));
		return 0;
	}
	snprintf(why, why_len, "line %u: unknown key '%.*s'", lineno, (int)(key_len > 40 ? 40 : key_len), key);
	return -EINVAL;
}

int board_conf_parse(const char *text, size_t len, struct board_budgets *b,
		     char *why, size_t why_len)
{
	int refused = 0;
	unsigned lineno = 0;
	size_t pos = 0;

	while (pos < len) {
		const char *line = text + pos;
		const char *nl = memchr(line, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - line) : len - pos;
		char line_why[128];

		pos += n + (nl ? 1 : 0);
		lineno++;
		trim(&line, &n);
		if (n == 0 || line[0] == '#')
			continue;
		if (apply_line(line, n, lineno, b, line_why, sizeof(line_why)) != 0) {
			if (refused == 0)
				snprintf(why, why_len, "%s", line_why);
			refused++;
		}
	}
	return refused;
}

int board_conf_load(const char *path, struct board_budgets *b, char *why, size_t why_len)
{
	char text[BOARD_CONF_MAX_BYTES];
	size_t len;
	int err = small_file_read(path, text, sizeof(text), &len);

	if (err == -EFBIG)
		snprintf(why, why_len, "larger than %d bytes", BOARD_CONF_MAX_BYTES - 1);
	if (err != 0)
		return err;
	return board_conf_parse(text, len, b, why, why_len);
}
