/* app_scan.c — boot-time scan of the app slots (see app_scan.h). */
#include "app_scan.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "app_admit.h"
#include "log.h"
#include "mtd_slots.h"
#include "small_file.h"

#define PROC_MTD_MAX 4096

/* Adds a verified image's component id to those installed (once). */
static void note_installed(struct app_scan_result *res, const char *component_str)
{
	for (size_t i = 0; i < res->installed; i++)
		if (strcmp(res->installed_id[i], component_str) == 0)
			return;
	memcpy(res->installed_id[res->installed++], component_str, APP_COMPONENT_STR_SIZE);
}

/* Of two valid images of one component (an update cut short by a power
 * loss), the one to keep: the higher version, or the one in the lower slot. */
static bool keeps_new(const struct app *kept, const struct app *candidate)
{
	return candidate->version > kept->version;
}

int app_scan(const char *proc_mtd, const struct slot_check_paths *paths,
	     const struct board_conf *board, const struct gpio_map *gpio,
	     struct app apps[APPMGR_MAX_APPS], struct app_scan_result *res)
{
	char text[PROC_MTD_MAX];
	struct mtd_slot slots[APPMGR_MAX_APPS];
	uint32_t max_size = board->budgets.app_flash_kib * 1024u;
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
		struct error_detail why;
		size_t dup = APPMGR_MAX_APPS;

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
		err = app_admit(apps, res->accepted, APPMGR_MAX_APPS, a, board, gpio, &dup, &why);
		if (err == -EEXIST && keeps_new(&apps[dup], a)) {
			size_t old = dup;

			err = app_admit(apps, res->accepted, old, a, board, gpio, &dup, &why);
			if (err == 0) {
				/* The newer image takes the older one's place. */
				log_line("app%u: refused: component id %s has a newer version (%u) in app%u",
					 apps[old].slot, a->component_str, a->version, a->slot);
				log_line("app%u: %s (%s) verified", a->slot, a->name, a->component_str);
				res->superseded[res->superseded_count++] = apps[old].slot;
				res->refused++;
				apps[old] = *a;
				continue;
			}
		} else if (err == -EEXIST) {
			res->superseded[res->superseded_count++] = a->slot;
		}
		if (err == -EDQUOT) {
			log_line("%s: not started: %s", a->name, why.msg);
			res->refused++;
			continue;
		}
		if (err != 0) {
			log_line("app%u: refused: %s", a->slot, why.msg);
			res->refused++;
			continue;
		}
		log_line("app%u: %s (%s) verified", a->slot, a->name, a->component_str);
		res->accepted++;
	}
	return 0;
}
