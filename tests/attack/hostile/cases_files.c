/* cases_files.c — files outside its own image: the root filesystem, other
 * apps' images (whatever their modes), device nodes other than the
 * harmless ones, and escapes through /proc/self magic links. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../attempts.h"
#include "attack.h"

static int victim_file(const char *rel, char *path, size_t cap)
{
	return snprintf(path, cap, "%s/%s", targets.victim_image, rel) < (int)cap ? 0 : -ENAMETOOLONG;
}

static int open_victim_binary(void)
{
	char path[160];

	return victim_file("bin/victim", path, sizeof(path)) ?: try_open(path, O_RDONLY);
}

static int stat_victim_binary(void)
{
	char path[160];

	return victim_file("bin/victim", path, sizeof(path)) ?: try_stat(path);
}

static int list_victim_image(void)
{
	return try_open(targets.victim_image, O_RDONLY | O_DIRECTORY);
}

static int open_victim_via_cwd(void)
{
	char path[160];

	snprintf(path, sizeof(path), "/proc/self/cwd/../%s/bin/victim", targets.victim_id);
	return try_open(path, O_RDONLY);
}

/* An O_PATH descriptor of the victim's binary: how far does it get? */
static int victim_path_fd(void)
{
	char path[160];
	int fd;

	if (victim_file("bin/victim", path, sizeof(path)) != 0)
		return -ENAMETOOLONG;
	fd = open(path, O_PATH);
	return fd < 0 ? -errno : fd;
}

static int reopen_victim_path_fd(void)
{
	char path[32];
	int fd = victim_path_fd(), err;

	if (fd < 0)
		return fd;
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	err = try_open(path, O_RDONLY);
	close(fd);
	return err;
}

static int fstat_victim_path_fd(void)
{
	struct stat st;
	int fd = victim_path_fd(), err;

	if (fd < 0)
		return fd;
	err = fstat(fd, &st) == 0 ? 0 : -errno;
	close(fd);
	return err;
}

static int write_own_binary_via_exe(void) { return try_open("/proc/self/exe", O_WRONLY); }
static int open_appmgr(void) { return try_open("/sbin/appmgr", O_RDONLY); }
static int stat_appmgr(void) { return try_stat("/sbin/appmgr"); }
static int list_root(void) { return try_open("/", O_RDONLY | O_DIRECTORY); }
static int list_apps(void) { return try_open("/mnt/apps", O_RDONLY | O_DIRECTORY); }
static int list_etc_spherule(void) { return try_open("/etc/spherule", O_RDONLY | O_DIRECTORY); }
static int open_via_proc_root(void) { return try_open("/proc/self/root/sbin/appmgr", O_RDONLY); }
static int open_flash_bank0(void) { return try_open("/dev/mtd0", O_RDONLY); }
static int open_flash_app_slot(void) { return try_open("/dev/mtd4", O_RDWR); }
static int open_console(void) { return try_open("/dev/console", O_WRONLY); }
static int open_uart(void) { return try_open("/dev/ttyAMA0", O_RDWR); }
static int open_kmsg(void) { return try_open("/dev/kmsg", O_RDONLY); }
static int open_gpiochip(void) { return try_open("/dev/gpiochip0", O_RDWR); }
/* gpio-sim's control device (kernel/patches/0024): root's, mode 0600, and no
 * policy grants it, so the LSM refuses even the stat that DAC would allow. */
static int open_gpio_sim_ctl(void) { return try_open("/dev/gpio-sim", O_RDWR); }
static int stat_gpio_sim_ctl(void) { return try_stat("/dev/gpio-sim"); }
static int list_dev(void) { return try_open("/dev", O_RDONLY | O_DIRECTORY); }
static int list_sys(void) { return try_open("/sys", O_RDONLY | O_DIRECTORY); }
static int open_securityfs_lsm(void) { return try_open("/sys/kernel/security/lsm", O_RDONLY); }
static int open_dev_null(void) { return try_open("/dev/null", O_RDWR); }
static int open_dev_zero(void) { return try_open("/dev/zero", O_RDONLY); }
static int open_dev_urandom(void) { return try_open("/dev/urandom", O_RDONLY); }
static int open_own_binary(void) { return try_open("bin/hostile", O_RDONLY); }
static int write_own_binary(void) { return try_open("bin/hostile", O_RDWR); }
static int reopen_stdin(void) { return try_open("/proc/self/fd/0", O_RDWR); }
static int symlink_into_run(void) { return symlink("/sbin/appmgr", "/run/escape") == 0 ? 0 : -errno; }
static int hard_link_own_binary(void) { return link("bin/hostile", "bin/hostile2") == 0 ? 0 : -errno; }

/* appmgr closes every descriptor above 2 before exec. */
/* Every descriptor above stderr is closed, but the app service's socket
 * (SPHERULE_APP_SERVICE), which appmgr gives every app: -EBADF, or 0 when
 * another is open or that one is no socket. */
static int no_inherited_fd(void)
{
	const char *env = getenv("SPHERULE_APP_SERVICE");
	int service = env ? atoi(env) : -1;
	struct stat st;

	for (int fd = 3; fd < 64; fd++) {
		if (fd == service) {
			if (fstat(fd, &st) != 0 || !S_ISSOCK(st.st_mode))
				return 0;
			continue;
		}
		if (fcntl(fd, F_GETFD) >= 0)
			return 0;
	}
	return -EBADF;
}

const struct attack_case file_cases[] = {
	{ "files: open the victim's binary", -EACCES, open_victim_binary },
	{ "files: stat the victim's binary", -EACCES, stat_victim_binary },
	{ "files: list the victim's image", -EACCES, list_victim_image },
	{ "files: victim's binary through /proc/self/cwd/..", -EACCES, open_victim_via_cwd },
	{ "files: reopen an O_PATH descriptor of the victim's binary", -EACCES, reopen_victim_path_fd },
	{ "files: fstat an O_PATH descriptor of the victim's binary", -EACCES, fstat_victim_path_fd },
	{ "files: open /sbin/appmgr", -EACCES, open_appmgr },
	{ "files: stat /sbin/appmgr", -EACCES, stat_appmgr },
	{ "files: list /", -EACCES, list_root },
	{ "files: list /mnt/apps", -EACCES, list_apps },
	{ "files: list /etc/spherule", -EACCES, list_etc_spherule },
	{ "files: /sbin/appmgr through /proc/self/root", -EACCES, open_via_proc_root },
	{ "devices: read flash bank 0 (/dev/mtd0)", -EACCES, open_flash_bank0 },
	{ "devices: write an app slot (/dev/mtd4)", -EACCES, open_flash_app_slot },
	{ "devices: /dev/console", -EACCES, open_console },
	{ "devices: /dev/ttyAMA0", -EACCES, open_uart },
	{ "devices: /dev/kmsg", -EACCES, open_kmsg },
	{ "devices: /dev/gpiochip0 (not granted)", -EACCES, open_gpiochip },
	{ "devices: /dev/gpio-sim, the simulated lines' control (drive an input)", -EACCES, open_gpio_sim_ctl },
	{ "devices: stat /dev/gpio-sim", -EACCES, stat_gpio_sim_ctl },
	{ "devices: list /dev", -EACCES, list_dev },
	{ "sysfs: list /sys", -EACCES, list_sys },
	{ "securityfs: /sys/kernel/security/lsm", -EACCES, open_securityfs_lsm },
	{ "files: write its own binary", -EROFS, write_own_binary },
	{ "files: write its own binary through /proc/self/exe", -EROFS, write_own_binary_via_exe },
	{ "files: hard link in its own image", -EROFS, hard_link_own_binary },
	{ "files: symlink to appmgr in /run", -EACCES, symlink_into_run },
	{ "files: no descriptor inherited from appmgr but the app service socket", -EBADF, no_inherited_fd },
	{ "devices: /dev/null (positive)", 0, open_dev_null },
	{ "devices: /dev/zero (positive)", 0, open_dev_zero },
	{ "devices: /dev/urandom (positive)", 0, open_dev_urandom },
	{ "files: its own binary (positive)", 0, open_own_binary },
	{ "files: reopen stdin through /proc/self/fd/0 (positive)", 0, reopen_stdin },
};
const unsigned file_case_count = CASE_COUNT(file_cases);
