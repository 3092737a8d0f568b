/* app_storage.h — each app's storage directory on the data partition, set
 * up at boot after the app slots were verified and before any app starts
 * (docs/appmgr.md, "Per-app storage"):
 *
 *   <data>/apps                  root:root, mode 0711
 *   <data>/apps/<component id>   the app's uid:gid, mode 0700, for an app
 *                                whose manifest has MutableStorage, with the
 *                                littlefs quota trusted.littlefs.quota =
 *                                SizeKB * 1024 set each boot
 *
 * <data> is MOUNTS_DATA_DIR on the device, a temporary directory in the host
 * tests. A tree whose owner is not its app's ids (an update that landed in
 * another slot) is re-owned, every entry; the entries of <data>/apps that
 * are no installed app's component id are erased, unless an app slot could
 * not be read or verified. Every step that fails is logged with the reason;
 * an app whose directory could not be set up starts without it. */
#ifndef APPMGR_APP_STORAGE_H
#define APPMGR_APP_STORAGE_H

#include <stddef.h>

#include "app.h"
#include "app_scan.h"
#include "mounts.h"

#define APP_STORAGE_ENV_NAME "SPHERULE_STORAGE_DIR"
#define APP_STORAGE_DEVICE_DIR MOUNTS_DATA_DIR "/apps"
#define APP_STORAGE_QUOTA_XATTR "trusted.littlefs.quota"
/* Directory levels below an app's storage directory that are re-owned or
 * erased (littlefs charges each directory two blocks: few apps have any). */
#define APP_STORAGE_MAX_DEPTH 8
/* "SPHERULE_STORAGE_DIR=/mnt/data/apps/<component id>" and its NUL */
#define APP_STORAGE_ENV_SIZE \
	(sizeof(APP_STORAGE_ENV_NAME "=" APP_STORAGE_DEVICE_DIR "/") + APP_COMPONENT_STR_SIZE - 1)

/* Sets up <data_dir>/apps and the directory of every app of apps[0 ..
 * count) that has storage (storage_kib > 0), setting its storage_ready;
 * first erases the entries of <data_dir>/apps that are none of the
 * component ids scan found installed, when scan is not NULL and every slot
 * was read and verified (scan->unverified == 0); otherwise each of them is
 * kept and logged with why. scan NULL: the slots could not be read. */
void app_storage_setup(const char *data_dir, struct app *apps, size_t count,
		       const struct app_scan_result *scan);

/* Sets up the directory of one app a installed while the device runs (as
 * app_storage_setup does for each app at boot). */
void app_storage_add(const char *data_dir, struct app *a);

/* Erases the storage directory of the component (an app deleted while the
 * device runs), logging it. 0 (also when it had none) or -errno. */
int app_storage_erase(const char *data_dir, const char *component_str);

/* Writes the environment entry of app a, its storage directory on the
 * device: "SPHERULE_STORAGE_DIR=/mnt/data/apps/<component id>". */
void app_storage_env(const struct app *a, char out[APP_STORAGE_ENV_SIZE]);

#endif
