/* app_install.c — staging, verifying, installing and deleting app images
 * while the device runs (see app_install.h). */
#include "app_install.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "app_admit.h"
#include "app_control.h"
#include "app_storage.h"
#include "log.h"
#include "mounts.h"
#include "mtd_slots.h"
#include "secmon_mailbox.h"
#include "slot_check.h"
#include "slot_reader.h"
#include "slot_wear.h"
#include "slot_write.h"

#define DEV_DIR "/dev"
#define PROC_MTD "/proc/mtd"

/**
 * struct staging - the one image being staged.
 * @active: a slot was taken for it
 * @verified: the whole package was written and verified
 * @slot: its slot
 * @size: the package's size, as announced
 * @written: bytes received so far
 * @head: its first SLOT_HEAD_BYTES, written only at install
 * @app: the app it is, once verified
 */
struct staging {
	bool active;
	bool verified;
	struct mtd_slot slot;
	uint32_t size;
	uint32_t written;
	uint8_t head[SLOT_HEAD_BYTES];
	struct app app;
};

static struct staging staging;

static int find_slot(unsigned number, struct mtd_slot *out)
{
	struct mtd_slot slots[APPMGR_MAX_APPS];
	int n = mtd_read_app_slots(PROC_MTD, slots);

	for (int i = 0; i < n; i++)
		if (slots[i].slot == number) {
			*out = slots[i];
			return 0;
		}
	return n < 0 ? n : -ENOENT;
}

/* 1 when slot s starts erased, 0 when it holds data, -errno. */
static int slot_is_empty(const struct mtd_slot *s)
{
	char path[MTD_SLOT_PATH_MAX];
	struct slot_reader r = { mtd_slot_open(DEV_DIR, s, O_RDONLY, path), s->size, NULL };
	int err;

	if (r.fd < 0)
		return r.fd;
	err = slot_reader_is_empty(&r);
	close(r.fd);
	return err;
}

static bool slot_in_use(const struct supervisor *s, unsigned slot)
{
	for (size_t i = 0; i < s->count; i++)
		if (s->apps[i].slot == slot)
			return true;
	return false;
}

/* The slots' erase order (slot_wear.h), loaded at the first install. */
static struct slot_wear *wear(void)
{
	static struct slot_wear w;
	static bool loaded;

	if (!loaded)
		slot_wear_load(&w, SLOT_WEAR_PATH);
	loaded = true;
	return &w;
}

/* Erases slot and notes it in the erase order: 0 or -errno. */
static int erase_noted(const struct mtd_slot *slot)
{
	int err = slot_write_erase(DEV_DIR, slot);

	if (err == 0 && slot_wear_erased(wear(), slot->slot) != 0)
		log_line("app%u: erased, but its place in the slots' erase order was not saved", slot->slot);
	return err;
}

/* Of the slots that no app uses, start erased and hold size bytes, the one
 * erased longest ago (slot_wear.h). */
static int find_free_slot(const struct supervisor *s, uint32_t size, struct mtd_slot *out,
			  struct error_detail *why)
{
	struct mtd_slot slots[APPMGR_MAX_APPS];
	int n = mtd_read_app_slots(PROC_MTD, slots), used = 0;
	bool found = false;

	if (n < 0)
		return error_detail_set(why, n, "cannot read %s: %s", PROC_MTD, strerror(-n));
	for (int i = 0; i < n; i++) {
		if (slot_in_use(s, slots[i].slot) || slot_is_empty(&slots[i]) != 1) {
			used++;
			continue;
		}
		if (slots[i].size >= size && (!found || slot_wear_older(wear(), slots[i].slot, out->slot))) {
			*out = slots[i];
			found = true;
		}
	}
	if (found)
		return 0;
	return error_detail_set(why, -ENOSPC,
				"out of slots: %d of the device's %d app slots hold images (delete one first)",
				used, n);
}

static void erase_slot(const struct mtd_slot *slot)
{
	int err = erase_noted(slot);

	if (err != 0)
		log_line("app%u: cannot erase: %s", slot->slot, strerror(-err));
}

static void drop_staging(void)
{
	if (staging.active)
		erase_slot(&staging.slot);
	staging.active = false;
	staging.verified = false;
}

int app_install_begin(struct supervisor *s, uint64_t size, struct error_detail *why)
{
	uint64_t max = (uint64_t)s->board->budgets.app_flash_kib * 1024u;
	int err;

	if (staging.active && !staging.verified)
		return error_detail_set(why, -EBUSY, "another image is being uploaded");
	drop_staging();
	if (size > max)
		return error_detail_set(why, -EFBIG,
					"the image is %llu bytes, more than the board's image budget of %llu KiB "
					"(app_flash_kib)", (unsigned long long)size,
					(unsigned long long)(max / 1024u));
	if (size <= SLOT_HEAD_BYTES)
		return error_detail_set(why, -EINVAL, "an image package of %llu bytes is too short",
					(unsigned long long)size);
	err = find_free_slot(s, (uint32_t)size, &staging.slot, why);
	if (err != 0)
		return err;
	err = erase_noted(&staging.slot);
	if (err != 0)
		return error_detail_set(why, err, "cannot erase app%u: %s", staging.slot.slot,
					strerror(-err));
	staging.active = true;
	staging.size = (uint32_t)size;
	staging.written = 0;
	memset(staging.head, 0xFF, sizeof(staging.head));
	log_line("app%u: staging an image of %u bytes", staging.slot.slot, staging.size);
	return (int)staging.slot.slot;
}

int app_install_data(struct supervisor *s, const void *buf, size_t len, struct error_detail *why)
{
	const uint8_t *p = buf;
	int err;

	(void)s;
	if (!staging.active || staging.verified)
		return error_detail_set(why, -ENOENT, "no upload is in progress");
	if (len > staging.size - staging.written) {
		drop_staging();
		return error_detail_set(why, -EINVAL, "more bytes than the announced %u", staging.size);
	}
	while (len > 0 && staging.written < SLOT_HEAD_BYTES) {
		staging.head[staging.written++] = *p++;
		len--;
	}
	err = slot_write_bytes(DEV_DIR, &staging.slot, staging.written, p, len);
	if (err != 0) {
		drop_staging();
		return error_detail_set(why, err, "cannot write app%u: %s", staging.slot.slot,
					strerror(-err));
	}
	staging.written += (uint32_t)len;
	return 0;
}

/* The index of the app with the component id of a, or s->count. */
static size_t find_component(const struct supervisor *s, const struct app *a)
{
	size_t i = 0;

	while (i < s->count && memcmp(s->apps[i].component_id, a->component_id, 16) != 0)
		i++;
	return i;
}

/* The rules a staged image meets beyond those of the boot scan: devctl is
 * not replaced through itself, and DeviceControl is the OS's devctl's. */
static int check_control_rules(const struct supervisor *s, const struct app *a, size_t replaces,
			       struct error_detail *why)
{
	if (replaces < s->count && s->apps[replaces].device_control)
		return error_detail_set(why, -EPERM,
					"%s serves the device API: it cannot be replaced through itself",
					s->apps[replaces].name);
	if (!a->device_control)
		return 0;
	if (a->development_key)
		return error_detail_set(why, -EPERM,
					"DeviceControl is not granted to an image signed with a development key");
	for (size_t i = 0; i < s->count; i++)
		if (s->apps[i].device_control)
			return error_detail_set(why, -EADDRINUSE, "DeviceControl is already granted to %s",
						s->apps[i].name);
	return 0;
}

int app_install_end(struct supervisor *s, const struct app **staged, struct error_detail *why)
{
	struct secmon_mailbox mb;
	struct slot_check_paths paths = { DEV_DIR, MOUNTS_APPS_DIR, &mb, s->uarts };
	uint32_t max = s->board->budgets.app_flash_kib * 1024u;
	struct app *a = &staging.app;
	size_t replaces, dup;
	int err;

	if (!staging.active || staging.verified)
		return error_detail_set(why, -ENOENT, "no upload is in progress");
	if (staging.written != staging.size) {
		drop_staging();
		return error_detail_set(why, -EINVAL, "the upload ended after %u of %u bytes",
					staging.written, staging.size);
	}
	err = secmon_mailbox_open(&mb, NULL, DEV_DIR, why);
	if (err == 0) {
		err = slot_check_staged(&paths, &staging.slot, max, staging.head, a, why);
		secmon_mailbox_close(&mb);
	}
	replaces = err == 0 ? find_component(s, a) : s->count;
	if (err == 0)
		err = check_control_rules(s, a, replaces, why);
	if (err == 0)
		err = app_admit(s->apps, s->count, replaces, a, s->board, s->gpio, &dup, why);
	if (err != 0) {
		log_line("app%u: staged image refused: %s", staging.slot.slot, why->msg);
		drop_staging();
		return err;
	}
	staging.verified = true;
	*staged = a;
	log_line("app%u: %s (%s) version %u staged and verified", a->slot, a->name, a->component_str,
		 a->version);
	return 0;
}

void app_install_abort(struct supervisor *s)
{
	(void)s;
	if (staging.active)
		log_line("app%u: staged image dropped", staging.slot.slot);
	drop_staging();
}

/* Stops the app at index old and takes it out of the table, once the new
 * image's head is in flash, then erases its slot. */
static int retire(struct supervisor *s, size_t old, struct error_detail *why)
{
	struct mtd_slot slot;
	unsigned number = s->apps[old].slot;
	int err = app_control_remove(s, old, why);

	if (err != 0)
		return err;
	if (find_slot(number, &slot) == 0)
		erase_slot(&slot);
	return 0;
}

int app_install_commit(struct supervisor *s, bool manual_start, struct app **installed,
		       bool *replaced, struct error_detail *why)
{
	size_t old;
	int err;

	if (!staging.verified)
		return error_detail_set(why, -ENOENT, "no verified image is staged (PUT /update/stage first)");
	old = find_component(s, &staging.app);
	*replaced = old < s->count;
	if (*replaced) {
		err = app_control_stop(&s->apps[old]);
		if (err != 0)
			return error_detail_set(why, err, "cannot stop %s: %s", s->apps[old].name,
						strerror(-err));
	}
	err = slot_write_bytes(DEV_DIR, &staging.slot, 0, staging.head, SLOT_HEAD_BYTES);
	if (err != 0) {
		error_detail_set(why, err, "cannot write app%u: %s", staging.slot.slot, strerror(-err));
		if (*replaced)
			(void)app_control_start(s, &s->apps[old]);
		drop_staging();
		return err;
	}
	/* From here the new image is installed: a power cut keeps it (or the
	 * older one, app_scan.h), and so does a failure to start it. */
	if (*replaced)
		err = retire(s, old, why);
	if (err == 0)
		err = app_control_add(s, &staging.app, manual_start, why);
	staging.active = false;
	staging.verified = false;
	if (err != 0)
		return err;
	*installed = &s->apps[s->count - 1];
	log_line("app%u: %s (%s) version %u installed%s", (*installed)->slot, (*installed)->name,
		 (*installed)->component_str, (*installed)->version, *replaced ? ", replacing the older image" : "");
	return 0;
}

int app_install_delete(struct supervisor *s, size_t i, struct error_detail *why)
{
	struct mtd_slot slot;
	char component[APP_COMPONENT_STR_SIZE];
	char name[sizeof(s->apps[i].name)];
	unsigned number = s->apps[i].slot;
	int err;

	if (s->apps[i].device_control)
		return error_detail_set(why, -EPERM, "%s serves the device API: it cannot be deleted through itself",
					s->apps[i].name);
	memcpy(component, s->apps[i].component_str, sizeof(component));
	memcpy(name, s->apps[i].name, sizeof(name));
	err = app_control_stop(&s->apps[i]);
	if (err == 0)
		err = app_control_remove(s, i, why);
	else
		error_detail_set(why, err, "cannot stop %s: %s", name, strerror(-err));
	if (err != 0)
		return err;
	(void)app_storage_erase(MOUNTS_DATA_DIR, component);
	err = find_slot(number, &slot);
	if (err == 0)
		err = erase_noted(&slot);
	if (err != 0)
		return error_detail_set(why, err, "%s was stopped and unmounted, but app%u could not be erased "
					"(%s): it is installed again at the next boot", name, number,
					strerror(-err));
	log_line("%s (%s) deleted, app%u erased", name, component, number);
	return 0;
}

void app_install_erase_superseded(const unsigned *slots, size_t count)
{
	struct mtd_slot slot;

	for (size_t i = 0; i < count; i++) {
		if (find_slot(slots[i], &slot) != 0)
			continue;
		erase_slot(&slot);
		log_line("app%u: erased: a newer image of its component is installed", slots[i]);
	}
}
