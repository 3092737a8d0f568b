/* cases_storage.c — an app without MutableStorage (the hostile app) has no
 * storage directory and writes nowhere: it is given no
 * SPHERULE_STORAGE_DIR, and creates no file or directory on the data
 * partition (not even in the storage victim's directory, which the victim
 * opened to everyone: mode 0777, so only the Spherule LSM refuses), nor on
 * the writable pseudo filesystems (/run, /mnt/apps, /dev: root's). The
 * read-only root filesystem refuses with EROFS before any permission is
 * looked at. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "../attempts.h"
#include "../store_names.h"
#include "attack.h"

static int no_storage_dir(void) { return getenv("SPHERULE_STORAGE_DIR") ? -EEXIST : 0; }
static int create_in_data(void) { return try_create(STORE_DATA_DIR "/planted"); }
static int create_in_apps_dir(void) { return try_create(STORE_APPS_DIR "/planted"); }
static int mkdir_own_storage(void) { return attempt_result(mkdir(STORE_APPS_DIR "/" HOSTILE_ID, 0700)); }
static int create_in_victim_dir(void) { return try_create(STORE_VICTIM_DIR "/planted"); }
static int read_victim_secret(void) { return try_open(STORE_VICTIM_SECRET, O_RDONLY); }
static int list_victim_dir(void) { return try_open(STORE_VICTIM_DIR, O_RDONLY | O_DIRECTORY); }
static int statfs_data(void) { return try_statfs(STORE_DATA_DIR); }
static int create_in_run(void) { return try_create("/run/planted"); }
static int mkdir_in_run(void) { return attempt_result(mkdir("/run/planted", 0700)); }
static int create_in_mnt_apps(void) { return try_create("/mnt/apps/planted"); }
static int create_in_dev(void) { return try_create("/dev/planted"); }
static int create_in_tmp(void) { return try_create("/tmp/planted"); }
static int mkdir_in_root(void) { return attempt_result(mkdir("/planted", 0700)); }

const struct attack_case storage_cases[] = {
	{ "storage: no SPHERULE_STORAGE_DIR without MutableStorage", 0, no_storage_dir },
	{ "storage: create a file in /mnt/data", -EACCES, create_in_data },
	{ "storage: create a file in /mnt/data/apps", -EACCES, create_in_apps_dir },
	{ "storage: make a storage directory for itself", -EACCES, mkdir_own_storage },
	{ "storage: create a file in the storage victim's directory (mode 0777)", -EACCES,
	  create_in_victim_dir },
	{ "storage: open the storage victim's secret (mode 0666)", -EACCES, read_victim_secret },
	{ "storage: list the storage victim's directory", -EACCES, list_victim_dir },
	{ "storage: statfs of the data partition", -EACCES, statfs_data },
	{ "storage: create a file in /run", -EACCES, create_in_run },
	{ "storage: make a directory in /run", -EACCES, mkdir_in_run },
	{ "storage: create a file in /mnt/apps", -EACCES, create_in_mnt_apps },
	{ "storage: create a file in /dev", -EACCES, create_in_dev },
	{ "storage: create a file in /tmp (read-only root)", -EROFS, create_in_tmp },
	{ "storage: make a directory in / (read-only root)", -EROFS, mkdir_in_root },
};
const unsigned storage_case_count = CASE_COUNT(storage_cases);
