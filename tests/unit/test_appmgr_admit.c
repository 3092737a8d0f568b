/* test_appmgr_admit.c — app_admit(): the rules that admit a verified image
 * next to the accepted apps, at boot and for an image installed while the
 * device runs (the app it replaces is skipped). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "app_admit.h"
#include "tap.h"

static struct app apps[3];
static struct gpio_map gpio;
static struct board_conf board;

static void make_app(struct app *a, const char *name, uint8_t id, uint32_t line, uint32_t storage_kib)
{
	memset(a, 0, sizeof(*a));
	snprintf(a->name, sizeof(a->name), "%s", name);
	a->component_id[15] = id;
	snprintf(a->component_str, sizeof(a->component_str), "00000000-0000-0000-0000-0000000000%02x", id);
	a->slot = id;
	if (line != UINT32_MAX) {
		a->gpio.item[0] = line;
		a->gpio.count = 1;
	}
	a->storage_kib = storage_kib;
}

int main(void)
{
	static const char conf[] = "0 8 9030000.pl061\n8 8 sim0\n";
	struct error_detail why = { "" };
	struct app a;
	size_t dup = 99;
	int err;

	board_conf_defaults(&board);
	board.power.power_key_gpio = 3;
	board.budgets.app_storage_kib = 64;
	board.budgets.app_storage_total_kib = 128;
	tap_ok(gpio_map_parse(conf, strlen(conf), &gpio, &why) == 0, "board numbering parsed");
	make_app(&apps[0], "blink", 1, 0, 64);
	make_app(&apps[1], "counter", 2, UINT32_MAX, 32);

	make_app(&a, "new", 3, 9, 16);
	tap_ok(app_admit(apps, 2, 2, &a, &board, &gpio, &dup, &why) == 0, "a free line and storage that fits");

	make_app(&a, "blink", 1, 1, 0);
	err = app_admit(apps, 2, 2, &a, &board, &gpio, &dup, &why);
	tap_ok(err == -EEXIST && dup == 0 &&
		       !strcmp(why.msg, "component id 00000000-0000-0000-0000-000000000001 is already installed in app1"),
	       "an installed component id is refused, naming its slot");
	tap_ok(app_admit(apps, 2, 0, &a, &board, &gpio, &dup, &why) == 0,
	       "the same component replacing the app it skips is admitted");

	make_app(&a, "rival", 4, 0, 0);
	err = app_admit(apps, 2, 2, &a, &board, &gpio, &dup, &why);
	tap_ok(err == -EADDRINUSE &&
		       !strcmp(why.msg, "rival asks for GPIO 0 (line 0 of 9030000.pl061), already granted to blink"),
	       "a line another app holds is refused with the holder's name");
	tap_ok(app_admit(apps, 2, 0, &a, &board, &gpio, &dup, &why) == 0,
	       "the line of the app being replaced is free for its replacement");

	make_app(&a, "key", 5, 3, 0);
	tap_ok(app_admit(apps, 2, 2, &a, &board, &gpio, &dup, &why) == -EPERM &&
		       strstr(why.msg, "reserved for the power key"),
	       "the power key's line is refused");

	make_app(&a, "far", 6, 40, 0);
	tap_ok(app_admit(apps, 2, 2, &a, &board, &gpio, &dup, &why) == -ENOENT &&
		       !strcmp(why.msg, "far asks for GPIO 40, which is not a line of this board"),
	       "a number that is no line of the board is refused");

	make_app(&a, "big", 7, UINT32_MAX, 64);
	tap_ok(app_admit(apps, 2, 2, &a, &board, &gpio, &dup, &why) == -EDQUOT,
	       "storage past the total budget (64 + 32 + 64 > 128 KiB) is refused");
	tap_ok(app_admit(apps, 2, 0, &a, &board, &gpio, &dup, &why) == 0,
	       "the quota of the app being replaced is not counted");
	return tap_done();
}
