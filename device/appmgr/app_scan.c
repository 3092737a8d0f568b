/* app_scan.c — boot-time scan of the app slots (see app_scan.h). */
#include "app_scan.h"

#include <errno.h>
#include <string.h>

#include "app_policy.h"
#include "log.h"
#include "mtd_slots.h"
#include "small_file.h"

#define PROC_MTD_MAX 4096

/* Index of an accepted app that was granted a GPIO line app asks for (the
 * line in *line), or -1: a line is granted to at most one app. */
static int find_gpio_owner(const struct app *apps, size_t count, const struct app *app,
			   uint32_t *line)
{
	for (size_t i = 0; i < count; i++)
		if (app_gpio_conflict(&app->gpio, &apps[i].gpio, line))
			return (int)i;
	return -1;
}

/* Index of an accepted app with the same component id, or -1. */
static int find_component(const struct app *apps, size_t count, const uint8_t id[16])
{
	for (size_t i = 0; i < count; i++)
		if (memcmp(apps[i].component_id, id, 16) == 0)
			return (int)i;
	return -1;
}

int app_scan(const char *proc_mtd, const struct slot_check_paths *paths, uint32_t max_size,
	     struct app apps[APPMGR_MAX_APPS], struct app_scan_result *res)
{
	char text[PROC_MTD_MAX];
	struct mtd_slot slots[APPMGR_MAX_APPS];
	size_t len;
	int count, err;

	memset(res, 0, sizeof(*res));
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
		char why[256];
		uint32_t line;
		int dup;

		err = slot_check(paths, &slots[i], max_size, a, why, sizeof(why));
		if (err == SLOT_EMPTY) {
			res->empty++;
			continue;
		}
		if (err != 0) {
			log_line("app%u: refused: %s", slots[i].slot, why);
			res->refused++;
			continue;
		}
		dup = find_component(apps, res->accepted, a->component_id);
		if (dup >= 0) {
			log_line("app%u: refused: component id %s is already installed in app%u",
				 slots[i].slot, a->component_str, apps[dup].slot);
			res->refused++;
			continue;
		}
		dup = find_gpio_owner(apps, res->accepted, a, &line);
		if (dup >= 0) {
			log_line("app%u: refused: GPIO line %u of %s is already granted to %s",
				 slots[i].slot, (unsigned)line, APP_GPIO_CHIP_NAME, apps[dup].name);
			res->refused++;
			continue;
		}
		log_line("app%u: %s (%s) verified", a->slot, a->name, a->component_str);
		res->accepted++;
	}
	return 0;
}
