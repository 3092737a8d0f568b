/* app_admit.c — admitting a verified image next to the accepted apps (see app_admit.h). */
#include "app_admit.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "app_policy.h"
#include "storage_budget.h"

/* True when app asks for GPIO number. */
static bool asks_for_gpio(const struct app *app, uint32_t number)
{
	for (unsigned i = 0; i < app->gpio.count; i++)
		if (app->gpio.item[i] == number)
			return true;
	return false;
}

static int check_gpio(const struct app *apps, size_t count, size_t skip, const struct app *a,
		      const struct board_conf *board, const struct gpio_map *gpio,
		      struct error_detail *why)
{
	uint32_t power_key = board->power.power_key_gpio, number, line;
	const struct gpio_map_chip *chip;

	for (unsigned i = 0; i < a->gpio.count; i++)
		if (!gpio_map_find(gpio, a->gpio.item[i], &line))
			return error_detail_set(why, -ENOENT,
						"%s asks for GPIO %u, which is not a line of this board",
						a->name, a->gpio.item[i]);
	if (asks_for_gpio(a, power_key)) {
		chip = gpio_map_find(gpio, power_key, &line);
		return error_detail_set(why, -EPERM,
					"%s asks for GPIO %u (line %u of %s), reserved for the power key",
					a->name, power_key, line, chip->label);
	}
	for (size_t i = 0; i < count; i++) {
		if (i == skip || !app_gpio_conflict(&a->gpio, &apps[i].gpio, &number))
			continue;
		chip = gpio_map_find(gpio, number, &line);
		return error_detail_set(why, -EADDRINUSE,
					"%s asks for GPIO %u (line %u of %s), already granted to %s",
					a->name, number, line, chip->label, apps[i].name);
	}
	return 0;
}

/* What the app asks of the board itself: a real-time core, typed peripherals. */
static int check_board(const struct app *a, const struct board_conf *board, struct error_detail *why)
{
	char board_name[BOARD_NAME_MAX + 16], offered[256];

	snprintf(board_name, sizeof(board_name), "%s%s", board->name[0] ? "board " : "this board",
		 board->name);
	if (a->app_type == MANIFEST_APP_REAL_TIME_CAPABLE)
		return error_detail_set(why, -ENODEV,
					"%s: ApplicationType RealTimeCapable: %s has no real-time core",
					a->name, board_name);
	for (unsigned i = 0; i < a->peripherals.count; i++) {
		const struct peripheral *p = &a->peripherals.item[i];

		if (peripherals_has(&board->peripherals, p))
			continue;
		peripherals_text(&board->peripherals, offered, sizeof(offered));
		return error_detail_set(why, -ENODEV,
					"%s: Capabilities.%s: %s: %s has no such peripheral (its peripherals: %s)",
					a->name, manifest_tag_name(p->tag), p->name, board_name, offered);
	}
	return 0;
}

int app_admit(const struct app *apps, size_t count, size_t skip, const struct app *a,
	      const struct board_conf *board, const struct gpio_map *gpio, size_t *dup,
	      struct error_detail *why)
{
	struct storage_budget storage;
	int err;

	for (size_t i = 0; i < count; i++)
		if (i != skip && memcmp(apps[i].component_id, a->component_id, 16) == 0) {
			*dup = i;
			return error_detail_set(why, -EEXIST,
						"component id %s is already installed in app%u",
						a->component_str, apps[i].slot);
		}
	err = check_board(a, board, why);
	if (err == 0)
		err = check_gpio(apps, count, skip, a, board, gpio, why);
	if (err != 0)
		return err;
	storage_budget_init(&storage, &board->budgets);
	for (size_t i = 0; i < count; i++)
		if (i != skip)
			(void)storage_budget_admit(&storage, apps[i].storage_kib, why);
	return storage_budget_admit(&storage, a->storage_kib, why);
}
