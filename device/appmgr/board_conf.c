/* board_conf.c — parses /etc/spherule/board.conf (see board_conf.h). */
#include "board_conf.h"

#include "conf_lines.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "spherule/manifest.h"
#include "update_gate.h"

#define BOARD_CONF_MAX_BYTES 4096

struct conf_key {
	const char *name;
	size_t offset;
	uint32_t min, max;
};

static const struct conf_key conf_keys[] = {
	{ "app_ram_kib", offsetof(struct board_conf, budgets.app_ram_kib), 16, 65536 },
	{ "app_flash_kib", offsetof(struct board_conf, budgets.app_flash_kib), 64, 65536 },
	{ "app_storage_kib", offsetof(struct board_conf, budgets.app_storage_kib), 0, 1048576 },
	{ "app_storage_total_kib", offsetof(struct board_conf, budgets.app_storage_total_kib), 0,
	  1048576 },
	{ "app_nproc", offsetof(struct board_conf, budgets.app_nproc), 1, 4096 },
	{ "app_nofile", offsetof(struct board_conf, budgets.app_nofile), 4, 4096 },
	{ "power_key_gpio", offsetof(struct board_conf, power.power_key_gpio), 0,
	  MANIFEST_MAX_GPIO_LINE },
	{ "shutdown_deadline_ms", offsetof(struct board_conf, power.shutdown_deadline_ms), 0,
	  60000 },
	{ "update_warning_s", offsetof(struct board_conf, power.update_warning_s), 1, 600 },
};

void board_conf_defaults(struct board_conf *c)
{
	c->budgets.app_ram_kib = 256;
	c->budgets.app_flash_kib = 1024;
	c->budgets.app_storage_kib = 64;
	c->budgets.app_storage_total_kib = BOARD_STORAGE_TOTAL_KIB;
	c->budgets.app_nproc = 4;
	c->budgets.app_nofile = 32;
	c->power.power_key_gpio = BOARD_NO_POWER_KEY;
	c->power.shutdown_deadline_ms = BOARD_SHUTDOWN_DEADLINE_MS;
	c->power.update_warning_s = UPDATE_GATE_WARNING_S;
	c->name[0] = '\0';
	c->peripherals.count = 0;
	c->idle_high.count = 0;
}

static bool same_key(const char *key, size_t key_len, const char *name)
{
	return strlen(name) == key_len && memcmp(name, key, key_len) == 0;
}

/* name=: 1..31 letters, digits, '-', '_' and '.'. */
static int apply_name(struct board_conf *c, const char *val, size_t len, unsigned lineno,
		      struct error_detail *why)
{
	bool ok = len > 0 && len < BOARD_NAME_MAX;

	for (size_t i = 0; ok && i < len; i++)
		ok = (val[i] >= 'a' && val[i] <= 'z') || (val[i] >= 'A' && val[i] <= 'Z') ||
		     (val[i] >= '0' && val[i] <= '9') || val[i] == '-' || val[i] == '_' || val[i] == '.';
	if (!ok)
		return error_detail_set(why, -EINVAL,
					"line %u: name must be 1 to %u letters, digits, '-', '_' or '.'",
					lineno, BOARD_NAME_MAX - 1);
	memcpy(c->name, val, len);
	c->name[len] = '\0';
	return 0;
}

/**
 * struct list_parse - a comma-separated value being parsed into a list.
 * @list: the list being filled (struct peripherals or struct board_idle_high),
 *        empty at the start and kept by the caller only when every item parsed
 * @lineno: the line, for errors
 * @why: the first error
 */
struct list_parse {
	void *list;
	unsigned lineno;
	struct error_detail *why;
};

/* One Kind:NAME of peripherals=. */
static int add_peripheral(const char *item, size_t n, void *ctx)
{
	struct list_parse *lp = ctx;
	struct peripherals *list = lp->list;
	struct peripheral p;

	if (peripheral_parse(item, n, &p) != 0)
		return error_detail_set(lp->why, -EINVAL,
					"line %u: peripherals: '%.*s' is not Kind:NAME with Kind one of "
					"Uart, I2cMaster, I2cSlave, SpiMaster, Pwm, Adc, ExternalInterrupt",
					lp->lineno, (int)(n > 40 ? 40 : n), item);
	if (peripherals_has(list, &p))
		return error_detail_set(lp->why, -EINVAL, "line %u: peripherals: %.*s twice", lp->lineno,
					(int)n, item);
	if (list->count == PERIPHERALS_MAX)
		return error_detail_set(lp->why, -EINVAL, "line %u: peripherals: more than %u", lp->lineno,
					PERIPHERALS_MAX);
	list->item[list->count++] = p;
	return 0;
}

/* One GPIO number of gpio_idle_high=. */
static int add_idle_high(const char *item, size_t n, void *ctx)
{
	struct list_parse *lp = ctx;
	struct board_idle_high *list = lp->list;
	uint32_t gpio;

	if (conf_parse_u32(item, n, &gpio) != 0 || gpio > MANIFEST_MAX_GPIO_LINE)
		return error_detail_set(lp->why, -EINVAL, "line %u: gpio_idle_high: '%.*s' is not a GPIO "
					"number from 0 to %u", lp->lineno, (int)(n > 40 ? 40 : n), item,
					MANIFEST_MAX_GPIO_LINE);
	if (list->count == BOARD_IDLE_HIGH_MAX)
		return error_detail_set(lp->why, -EINVAL, "line %u: gpio_idle_high: more than %u", lp->lineno,
					BOARD_IDLE_HIGH_MAX);
	list->gpio[list->count++] = gpio;
	return 0;
}

/* peripherals=Kind:NAME[,Kind:NAME...] (blanks around each item allowed;
 * empty: none): the whole list, or none of it. */
static int apply_peripherals(struct board_conf *c, const char *val, size_t len, unsigned lineno,
			     struct error_detail *why)
{
	struct peripherals list = { .count = 0 };
	int err = conf_each_item(val, len, add_peripheral, &(struct list_parse){ &list, lineno, why });

	if (err == 0)
		c->peripherals = list;
	return err;
}

/* gpio_idle_high=N[,N...], as peripherals=. */
static int apply_idle_high(struct board_conf *c, const char *val, size_t len, unsigned lineno,
			   struct error_detail *why)
{
	struct board_idle_high list = { .count = 0 };
	int err = conf_each_item(val, len, add_idle_high, &(struct list_parse){ &list, lineno, why });

	if (err == 0)
		c->idle_high = list;
	return err;
}

/* Applies one non-empty, non-comment line; 0 or -EINVAL with why filled. */
static int apply_line(const char *s, size_t n, unsigned lineno, void *ctx, struct error_detail *why)
{
	struct board_conf *c = ctx;
	const char *key, *val;
	size_t key_len, val_len;
	uint32_t v;

	if (conf_split_key_value(s, n, &key, &key_len, &val, &val_len) != 0)
		return error_detail_set(why, -EINVAL, "line %u: expected key=value", lineno);
	if (same_key(key, key_len, "name"))
		return apply_name(c, val, val_len, lineno, why);
	if (same_key(key, key_len, "peripherals"))
		return apply_peripherals(c, val, val_len, lineno, why);
	if (same_key(key, key_len, "gpio_idle_high"))
		return apply_idle_high(c, val, val_len, lineno, why);
	for (size_t i = 0; i < sizeof(conf_keys) / sizeof(conf_keys[0]); i++) {
		const struct conf_key *k = &conf_keys[i];

		if (!same_key(key, key_len, k->name))
			continue;
		if (conf_parse_u32(val, val_len, &v) != 0 || v < k->min || v > k->max)
			return error_detail_set(why, -EINVAL,
						"line %u: %s must be a number from %u to %u",
						lineno, k->name, k->min, k->max);
		memcpy((char *)c + k->offset, &v, sizeof(v));
		return 0;
	}
	return error_detail_set(why, -EINVAL, "line %u: unknown key '%.*s'", lineno,
				(int)(key_len > 40 ? 40 : key_len), key);
}

int board_conf_parse(const char *text, size_t len, struct board_conf *c, struct error_detail *why)
{
	return conf_lines_apply(text, len, apply_line, c, why);
}

int board_conf_load(const char *path, struct board_conf *c, struct error_detail *why)
{
	char text[BOARD_CONF_MAX_BYTES];

	return conf_lines_load(path, text, sizeof(text), apply_line, c, why);
}
