/* test_appmgr_storage.c — unit tests of the apps' storage directories that
 * appmgr sets up at boot (app_storage.h), run in a temporary directory
 * standing for /mnt/data: the root <data>/apps, each app's directory (owner,
 * mode, quota attribute), the tree re-owned when its app moved to another
 * slot, uninstalled apps' storage erased, kept while a slot could not be
 * verified, the depth bound, a quota that cannot be set, the environment
 * entry. Changing owners needs root: as another user those checks skip. */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "app_storage.h"
#include "log.h"
#include "tap.h"

#define ID_A "11111111-1111-4111-8111-111111111111"  /* 8 KiB, slot 0 */
#define ID_B "22222222-2222-4222-8222-222222222222"  /* no storage, slot 1 */
#define ID_C "33333333-3333-4333-8333-333333333333"  /* 16 KiB, slot 2, was in slot 5 */
#define ID_GONE "44444444-4444-4444-8444-444444444444" /* uninstalled */
#define ID_IDLE "55555555-5555-4555-8555-555555555555" /* installed, not started */

static char tmp[] = "/tmp/test_appmgr_storage.XXXXXX";
static char data[64], apps_dir[80], log_path[64];
static struct console console;
static struct app apps[3];
static struct app_scan_result scan;

static void set_app(struct app *a, unsigned slot, const char *id, uint32_t kib)
{
	memset(a, 0, sizeof(*a));
	a->slot = slot;
	a->uid = a->gid = APP_ID_BASE + slot;
	a->storage_kib = kib;
	snprintf(a->name, sizeof(a->name), "app-%u", slot);
	snprintf(a->component_str, sizeof(a->component_str), "%s", id);
}

static void set_installed(const char *const *ids, size_t n, size_t unverified)
{
	memset(&scan, 0, sizeof(scan));
	for (size_t i = 0; i < n; i++)
		snprintf(scan.installed_id[i], sizeof(scan.installed_id[i]), "%s", ids[i]);
	scan.installed = n;
	scan.unverified = unverified;
}

/* path of name under <data>/apps, in one of 4 rotating buffers */
static const char *in_apps(const char *name)
{
	static char buf[4][256];
	static unsigned next;
	char *p = buf[next++ % 4];

	snprintf(p, sizeof(buf[0]), "%s/%s", apps_dir, name);
	return p;
}

static int put_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	int ok = fd >= 0 && write(fd, text, strlen(text)) == (ssize_t)strlen(text);

	if (fd >= 0)
		close(fd);
	return ok ? 0 : -1;
}

/* Reads the start of path into buf, NUL-terminated: false when it cannot. */
static bool read_text(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	ssize_t n = fd >= 0 ? read(fd, buf, size - 1) : -1;

	if (fd >= 0)
		close(fd);
	if (n < 0)
		return false;
	buf[n] = '\0';
	return true;
}

static bool file_is(const char *path, const char *text)
{
	char buf[64];

	return read_text(path, buf, sizeof(buf)) && strcmp(buf, text) == 0;
}

static bool exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

static bool owned(const char *path, uid_t uid, gid_t gid, mode_t mode)
{
	struct stat st;

	return lstat(path, &st) == 0 && st.st_uid == uid && st.st_gid == gid &&
	       (mode == 0 || (st.st_mode & 07777) == mode);
}

/* Whether every entry of a tree (symbolic links not followed) has one owner. */
static uid_t tree_uid;
static int tree_bad;
static int check_owner(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	tree_bad += st->st_uid != tree_uid || st->st_gid != tree_uid;
	return 0;
}

static bool tree_owned(const char *path, uid_t uid)
{
	tree_uid = uid;
	tree_bad = 0;
	return nftw(path, check_owner, 8, FTW_PHYS) == 0 && tree_bad == 0;
}

static bool quota_is(const char *path, const char *want)
{
	char buf[32];
	ssize_t n = getxattr(path, APP_STORAGE_QUOTA_XATTR, buf, sizeof(buf) - 1);

	if (n < 0)
		return false;
	buf[n] = '\0';
	return strcmp(buf, want) == 0;
}

/* Whether appmgr logged a line holding text (since the log was emptied). */
static bool logged(const char *text)
{
	static char buf[16384];

	return read_text(log_path, buf, sizeof(buf)) && strstr(buf, text) != NULL;
}

static void clear_log(void)
{
	if (truncate(log_path, 0) != 0)
		perror("truncate");
}

/* dir/d1/d2/.../d<levels> with a file at the bottom. */
static void make_deep(const char *dir, int levels)
{
	char path[512];

	snprintf(path, sizeof(path), "%s", dir);
	mkdir(path, 0700);
	for (int i = 1; i <= levels; i++) {
		size_t len = strlen(path);

		snprintf(path + len, sizeof(path) - len, "/d%d", i);
		mkdir(path, 0700);
	}
	strncat(path, "/leaf", sizeof(path) - strlen(path) - 1);
	put_file(path, "x");
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	return remove(path);
}

static void test_env(void)
{
	char env[APP_STORAGE_ENV_SIZE];

	set_app(&apps[0], 0, ID_A, 8);
	app_storage_env(&apps[0], env);
	tap_ok_str(env, "SPHERULE_STORAGE_DIR=/mnt/data/apps/" ID_A,
		   "environment entry: the device's /mnt/data/apps/<component id>");
	tap_ok(strlen(env) + 1 == APP_STORAGE_ENV_SIZE, "APP_STORAGE_ENV_SIZE fits it exactly");
}

/* First boot with storage: an app with storage, one without, one whose
 * tree was left by slot 5; an uninstalled app's tree and a stray file; an
 * installed app that is not started. */
static void test_first_boot(void)
{
	static const char *const installed[] = { ID_A, ID_B, ID_C, ID_IDLE };
	char outside[128], link[300];

	mkdir(apps_dir, 0755);
	tap_ok(chown(apps_dir, 5, 5) == 0, "an existing apps root, 5:5 mode 0755");
	mkdir(in_apps(ID_C), 0755);
	mkdir(in_apps(ID_C "/notes"), 0700);
	put_file(in_apps(ID_C "/count"), "41");
	put_file(in_apps(ID_C "/notes/a"), "a");
	snprintf(outside, sizeof(outside), "%s/outside", tmp);
	put_file(outside, "not the app's");
	snprintf(link, sizeof(link), "%s/link", in_apps(ID_C));
	tap_ok(symlink(outside, link) == 0 && lchown(in_apps(ID_C), 1005, 1005) == 0 && lchown(in_apps(ID_C "/count"), 1005, 1005) == 0 &&
	       lchown(in_apps(ID_C "/notes"), 1005, 1005) == 0 &&
	       lchown(in_apps(ID_C "/notes/a"), 1005, 1005) == 0 && lchown(link, 1005, 1005) == 0,
	       "slot 5's tree of C: files, a directory, a symbolic link out of it");
	make_deep(in_apps(ID_GONE), 3);
	put_file(in_apps("stray"), "?");
	mkdir(in_apps(ID_IDLE), 0700);
	put_file(in_apps(ID_IDLE "/kept"), "idle");

	set_app(&apps[0], 0, ID_A, 8);
	set_app(&apps[1], 1, ID_B, 0);
	set_app(&apps[2], 2, ID_C, 16);
	set_installed(installed, 4, 0);
	clear_log();
	app_storage_setup(data, apps, 3, &scan);

	tap_ok(owned(apps_dir, 0, 0, 0711), "apps root made root:root 0711");
	tap_ok(owned(in_apps(ID_A), 1000, 1000, 0700) && apps[0].storage_ready,
	       "A's directory made: its uid:gid 1000:1000, 0700, ready");
	tap_ok(quota_is(in_apps(ID_A), "8192") && quota_is(in_apps(ID_C), "16384"),
	       "quota attribute " APP_STORAGE_QUOTA_XATTR ": 8192 for A, 16384 for C (bytes)");
	tap_ok(!exists(in_apps(ID_B)) && !apps[1].storage_ready, "B, without storage: no directory");
	tap_ok(tree_owned(in_apps(ID_C), 1002) && owned(in_apps(ID_C), 1002, 1002, 0700) &&
	       apps[2].storage_ready, "C's whole tree re-owned to its new slot's 1002:1002, 0700");
	tap_ok(owned(outside, 0, 0, 0), "the symbolic link's target outside was not followed");
	tap_ok(file_is(in_apps(ID_C "/count"), "41") && file_is(in_apps(ID_C "/notes/a"), "a"),
	       "C's files kept");
	tap_ok(logged("appmgr: app-2: storage re-owned to 1002:1002 (was 1005:1005)\n") &&
	       !logged("app-0: storage re-owned"), "the re-owning logged, not the making");
	tap_ok(!exists(in_apps(ID_GONE)) && !exists(in_apps("stray")),
	       "an uninstalled app's tree and a stray file erased");
	tap_ok(logged("appmgr: storage of " ID_GONE " erased: no installed app has that component id\n") &&
	       logged("appmgr: storage of stray erased: no installed app has that component id\n"),
	       "each erasure logged");
	tap_ok(file_is(in_apps(ID_IDLE "/kept"), "idle"),
	       "an installed app that is not started keeps its storage");
}

/* The next boot: the files the apps wrote are kept; the same app updated
 * (same component id) keeps them too. */
static void test_next_boot(void)
{
	put_file(in_apps(ID_A "/counter"), "7");
	clear_log();
	app_storage_setup(data, apps, 3, &scan);
	tap_ok(file_is(in_apps(ID_A "/counter"), "7") && apps[0].storage_ready,
	       "next boot: A's file kept");
	tap_ok(!logged("re-owned") && !logged("erased"), "nothing re-owned or erased when nothing changed");
}

/* Uninstalled apps' storage stays while a slot could not be verified. */
static void test_unverified(void)
{
	static const char *const installed[] = { ID_A, ID_C };

	set_installed(installed, 2, 1);
	clear_log();
	app_storage_setup(data, apps, 3, &scan);
	tap_ok(file_is(in_apps(ID_IDLE "/kept"), "idle"), "a slot unverified: nothing erased");
	tap_ok(logged("appmgr: storage of " ID_IDLE " kept though no verified app has that component "
		      "id: an app slot could not be read or verified this boot\n"),
	       "the keeping logged with why");
	clear_log();
	app_storage_setup(data, apps, 0, NULL);
	tap_ok(exists(in_apps(ID_IDLE)) &&
	       logged("kept though no verified app has that component id: the app slots could not be read\n"),
	       "the slots unreadable: nothing erased, logged");
	set_installed(installed, 2, 0);
	clear_log();
	app_storage_setup(data, apps, 3, &scan);
	tap_ok(!exists(in_apps(ID_IDLE)), "all slots verified again: erased");
}

/* Trees deeper than APP_STORAGE_MAX_DEPTH are neither erased nor re-owned. */
static void test_depth(void)
{
	static const char *const installed[] = { ID_A, ID_C };

	make_deep(in_apps(ID_GONE), APP_STORAGE_MAX_DEPTH);
	clear_log();
	app_storage_setup(data, apps, 3, &scan);
	tap_ok(!exists(in_apps(ID_GONE)), "%d levels of directories: erased", APP_STORAGE_MAX_DEPTH);
	make_deep(in_apps(ID_GONE), APP_STORAGE_MAX_DEPTH + 1);
	clear_log();
	app_storage_setup(data, apps, 3, &scan);
	tap_ok(exists(in_apps(ID_GONE)) &&
	       logged("appmgr: cannot erase the storage of " ID_GONE ": more than 8 levels of directories\n"),
	       "%d levels: refused, logged", APP_STORAGE_MAX_DEPTH + 1);
	nftw(in_apps(ID_GONE), rm_entry, 16, FTW_DEPTH | FTW_PHYS);

	make_deep(in_apps(ID_A "/deep"), APP_STORAGE_MAX_DEPTH);
	lchown(in_apps(ID_A), 1003, 1003);
	set_installed(installed, 2, 0);
	clear_log();
	app_storage_setup(data, apps, 3, &scan);
	tap_ok(!apps[0].storage_ready && owned(in_apps(ID_A), 1003, 1003, 0) &&
	       logged("appmgr: app-0: starts without its storage: cannot re-own " ),
	       "a tree too deep to re-own: the app starts without its storage, logged");
	nftw(in_apps(ID_A "/deep"), rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	clear_log();
	app_storage_setup(data, apps, 3, &scan);
	tap_ok(apps[0].storage_ready && tree_owned(in_apps(ID_A), 1000),
	       "once it is shallower, re-owned on the next boot (the directory itself is last)");
}

/* Without CAP_SYS_ADMIN the quota cannot be set: the app starts without
 * its storage and the reason is logged (in a child). */
static void test_quota_refused(void)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];
	int status = -1;
	pid_t pid;

	clear_log();
	pid = fork();
	if (pid == 0) {
		if (syscall(SYS_capget, &h, d) != 0)
			_exit(2);
		d[CAP_SYS_ADMIN / 32].effective &= ~(1u << (CAP_SYS_ADMIN % 32));
		if (syscall(SYS_capset, &h, d) != 0)
			_exit(3);
		app_storage_setup(data, apps, 1, &scan);
		_exit(apps[0].storage_ready ? 4 : 0);
	}
	tap_ok(pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	       WEXITSTATUS(status) == 0, "without CAP_SYS_ADMIN: no storage for the app");
	tap_ok(logged("appmgr: app-0: starts without its storage: cannot set the quota of "),
	       "the quota's failure logged with the reason");
}

/* No apps root: every app starts without storage. */
static void test_no_root(void)
{
	char file[96];

	snprintf(file, sizeof(file), "%s/not-a-dir", tmp);
	put_file(file, "");
	clear_log();
	app_storage_setup(file, apps, 3, &scan);
	tap_ok(!apps[0].storage_ready && !apps[2].storage_ready &&
	       logged("/not-a-dir/apps: Not a directory: apps start without their storage\n"),
	       "a data directory that is a file: no storage, logged");
}

int main(void)
{
	int log_fd;

	test_env();
	if (!mkdtemp(tmp))
		return 1;
	snprintf(data, sizeof(data), "%s/data", tmp);
	snprintf(apps_dir, sizeof(apps_dir), "%s/apps", data);
	snprintf(log_path, sizeof(log_path), "%s/log", tmp);
	mkdir(data, 0755);
	log_fd = open(log_path, O_WRONLY | O_CREAT | O_APPEND, 0600);
	console_init(&console, log_fd);
	log_attach(&console);
	if (geteuid() != 0) {
		tap_skip("not root", "storage directories: owners cannot be given");
	} else {
		test_first_boot();
		test_next_boot();
		test_unverified();
		test_depth();
		test_quota_refused();
		test_no_root();
	}
	if (!getenv("KEEP"))
		nftw(tmp, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	return tap_done();
}
