/* app_scan.c — boot-time scan of the app slots (see app_scan.h). */
#include "app_scan.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "app_policy.h"
#include "log.h"
#include "mtd_slots.h"
#include "small_file.h"
#include "storage_budget.h"

#define PROC_MTD_MAX 4096

/* Index of an accepted app that was granted a GPIO line app asks for (its
 * board-wide number in *number), or -1: a line is granted to at most one app. */
static int find_gpio_owner(const struct app *apps, size_t count, const struct app *app,
			   uint32_t *number)
{
	for (size_t i = 0; i < count; i++)
		if (app_gpio_conflict(&app->gpio, &apps[i].gpio, number))
			return (int)i;
	return -1;
}

/* 0 when every GPIO number app asks for is a line of the board, else -ENOENT
 * with the first one that is not in *number. */
static int check_gpio_numbers(const struct gpio_map *gpio, const struct app *app,
			      uint32_t *number)
{
	uint32_t line;

	for (unsigned i = 0; i < app->gpio.count; i++)
		if (!gpio_map_find(gpio, app->gpio.item[i], &line)) {
			*number = app->gpio.item[i];
			return -ENOENT;
		}
	return 0;
}

/* True when app asks for GPIO number. */
static bool asks_for_gpio(const struct app *app, uint32_t number)
{
	for (unsigned i = 0; i < app->gpio.count; i++)
		if (app->gpio.item[i] == number)
			return true;
	return false;
}

/* Adds a verified image's component id to those installed (once). */
static void note_installed(struct app_scan_result *res, const char *component_str)
{
	for (size_t i = 0; i < res->installed; i++)
		if (strcmp(res->installed_id[i], component_str) == 0)
			return;
	memcpy(res->installed_id[res->installed++], component_str, APP_COMPONENT_STR_SIZE);
}

/* Index of an accepted app with the same component id, or -1. */
static int find_component(const struct app *apps, size_t count, const uint8_t id[16])
{
	for (size_t i = 0; i < count; i++)
		if (memcmp(apps[i].component_id, id, 16) == 0)
			return (int)i;
	return -1;
}

int app_scan(const char *proc_mtd, const struct slot_check_paths *paths,
	     const struct board_conf *board, const struct gpio_map *gpio,
	     struct app apps[APPMGR_MAX_APPS], struct app_scan_result *res)
{
	char text[PROC_MTD_MAX];
	struct mtd_slot slots[APPMGR_MAX_APPS];
	struct storage_budget storage;
	uint32_t max_size = board->budgets.app_flash_kib * 1024u;
	uint32_t power_key = board->power.power_key_gpio;
	size_t len;
	int count, err;

	memset(res, 0, sizeof(*res));
	storage_budget_init(&storage, &board->budgets);
	err = small_file_read(proc_mtd, text, sizeof(text), &len);
	if (err != 0) {
		log_line("cannot read %s: %s", proc_mtd, strerror(-err));
		return err;
	}
	count = mtd_find_app_slots(text, len, slots);
	if (count < 0) {
		log_line("%s: unexpected format", proc_mtd);
		return count;
	}
	log_line("found %d app slots", count);
	for (int i = 0; i < count; i++) {
		struct app *a = &apps[res->accepted];
		const struct gpio_map_chip *chip;
		struct error_detail why;
		uint32_t number, line;
		int dup;

		err = slot_check(paths, &slots[i], max_size, a, &why);
		if (err == SLOT_EMPTY) {
			res->empty++;
			continue;
		}
		if (err != 0) {
			log_line("app%u: refused: %s", slots[i].slot, why.msg);
			res->refused++;
			res->unverified++;
			continue;
		}
		note_installed(res, a->component_str);
		dup = find_component(apps, res->accepted, a->component_id);
		if (dup >= 0) {
			log_line("app%u: refused: component id %s is already installed in app%u",
				 slots[i].slot, a->component_str, apps[dup].slot);
			res->refused++;
			continue;
		}
		if (check_gpio_numbers(gpio, a, &number) != 0) {
			log_line("app%u: refused: %s asks for GPIO %u, which is not a line of this board",
				 slots[i].slot, a->name, number);
			res->refused++;
			continue;
		}
		if (asks_for_gpio(a, power_key)) {
			chip = gpio_map_find(gpio, power_key, &line);
			log_line("app%u: refused: %s asks for GPIO %u (line %u of %s), reserved for the power key",
				 slots[i].slot, a->name, power_key, line, chip->label);
			res->refused++;
			continue;
		}
		dup = find_gpio_owner(apps, res->accepted, a, &number);
		if (dup >= 0) {
			chip = gpio_map_find(gpio, number, &line);
			log_line("app%u: refused: %s asks for GPIO %u (line %u of %s), already granted to %s",
				 slots[i].slot, a->name, number, line, chip->label, apps[dup].name);
			res->refused++;
			continue;
		}
		if (storage_budget_admit(&storage, a->storage_kib, &why) != 0) {
			log_line("%s: not started: %s", a->name, why.msg);
			res->refused++;
			continue;
		}
		log_line("app%u: %s (%s) verified", a->slot, a->name, a->component_str);
		res->accepted++;
	}
	return 0;
}
