/* cases_leaks.c — what an app could learn about the others without
 * touching them: sysinfo() figures, statfs and ustat of another app's
 * image, readlink, extended attributes and access() outside its image, the
 * lists of mounts (they name every installed app), and squatting an
 * abstract AF_UNIX name another app uses. */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/un.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "../attempts.h"
#include "../victim_names.h"
#include "attack.h"

#define APP_RAM_BUDGET (256u * 1024u)  /* the board's app_ram_kib */
#define APP_NPROC 16u                  /* the board's app_nproc */

static int result(long r) { return r < 0 ? -errno : 0; }

/* sysinfo tells only of its own app: no load, at most its own processes,
 * its budget as the RAM (0), else -EPROTO. */
static int sysinfo_own_app(void)
{
	struct sysinfo si;

	if (sysinfo(&si) != 0)
		return -errno;
	if (si.loads[0] || si.loads[1] || si.loads[2] || si.procs == 0 || si.procs > APP_NPROC ||
	    (unsigned long long)si.totalram * si.mem_unit != APP_RAM_BUDGET ||
	    (unsigned long long)si.freeram * si.mem_unit > APP_RAM_BUDGET || si.sharedram ||
	    si.bufferram)
		return -EPROTO;
	return 0;
}

static int statfs_victim_image(void) { return try_statfs(targets.victim_image); }
static int statfs_root(void) { return try_statfs("/"); }
static int statfs_own_image(void) { return try_statfs("."); }

/* ustat() of the device of the victim's image (directories may be stat'ed). */
static int ustat_victim_image(void)
{
	char buf[32];
	struct stat st;

	if (stat(targets.victim_image, &st) != 0)
		return -errno;
	return result(syscall(SYS_ustat, (unsigned)st.st_dev, buf));
}

static int readlink_root_symlink(void)
{
	char buf[64];

	return result(readlink("/sbin/init", buf, sizeof(buf)));
}

static int readlink_own_exe(void)
{
	char buf[160];

	return result(readlink("/proc/self/exe", buf, sizeof(buf)));
}

static int victim_binary(char *path, size_t len)
{
	return snprintf(path, len, "%s/bin/victim", targets.victim_image) < (int)len ? 0 : -ENAMETOOLONG;
}

static int getxattr_victim(void)
{
	char path[160], value[16];

	return victim_binary(path, sizeof(path)) ?:
	       result(getxattr(path, "user.x", value, sizeof(value)));
}

static int listxattr_victim(void)
{
	char path[160], list[64];

	return victim_binary(path, sizeof(path)) ?: result(listxattr(path, list, sizeof(list)));
}

/* cramfs has no extended attributes: the filesystem, not the LSM, answers. */
static int getxattr_own(void)
{
	char value[16];

	return result(getxattr("bin/hostile", "user.x", value, sizeof(value)));
}

static int access_victim(void)
{
	char path[160];

	return victim_binary(path, sizeof(path)) ?: result(access(path, R_OK));
}

static int access_appmgr(void) { return result(access("/sbin/appmgr", X_OK)); }
static int access_own(void) { return result(access("bin/hostile", R_OK | X_OK)); }

static int own_mounts(void) { return try_open("/proc/self/mounts", O_RDONLY); }
static int own_mountinfo(void) { return try_open("/proc/self/mountinfo", O_RDONLY); }
static int own_mountstats(void) { return try_open("/proc/self/mountstats", O_RDONLY); }
static int proc_mounts(void) { return try_open("/proc/mounts", O_RDONLY); }

/* Binds an abstract AF_UNIX datagram socket to name: 0 or -errno. */
static int bind_abstract(const char *name)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	size_t len = strlen(name);
	int fd = socket(AF_UNIX, SOCK_DGRAM, 0);
	int err;

	if (fd < 0)
		return -errno;
	memcpy(addr.sun_path + 1, name, len);
	err = result(bind(fd, (struct sockaddr *)&addr,
			  (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + len)));
	close(fd);
	return err;
}

/* The victim's names: bound by the victim first, so they are the victim's
 * even while it does not hold them (its next start would fail). */
static int squat_victim_stream(void) { return bind_abstract(VICTIM_STREAM_NAME); }
static int squat_victim_dgram(void) { return bind_abstract(VICTIM_DGRAM_NAME); }
static int bind_own_name(void) { return bind_abstract("spherule-attack-hostile-own"); }
static int rebind_own_name(void) { return bind_abstract("spherule-attack-hostile-own"); }

const struct attack_case leak_cases[] = {
	{ "leak: sysinfo shows no load, its own processes and its RAM budget only", 0, sysinfo_own_app },
	{ "leak: statfs of the victim's image", -EACCES, statfs_victim_image },
	{ "leak: ustat of the victim's image", -EACCES, ustat_victim_image },
	{ "leak: statfs of the root filesystem", -EACCES, statfs_root },
	{ "leak: statfs of its own image (positive)", 0, statfs_own_image },
	{ "leak: readlink of a symlink of the root filesystem", -EACCES, readlink_root_symlink },
	{ "leak: readlink /proc/self/exe (positive)", 0, readlink_own_exe },
	{ "leak: getxattr of the victim's binary", -EACCES, getxattr_victim },
	{ "leak: listxattr of the victim's binary", -EACCES, listxattr_victim },
	{ "leak: getxattr of its own binary (positive, cramfs has none)", -EOPNOTSUPP, getxattr_own },
	{ "leak: access() of the victim's binary", -EACCES, access_victim },
	{ "leak: access() of /sbin/appmgr", -EACCES, access_appmgr },
	{ "leak: access() of its own binary (positive)", 0, access_own },
	{ "leak: /proc/self/mounts names every app", -EACCES, own_mounts },
	{ "leak: /proc/self/mountinfo", -EACCES, own_mountinfo },
	{ "leak: /proc/self/mountstats", -EACCES, own_mountstats },
	{ "leak: /proc/mounts", -EACCES, proc_mounts },
	{ "squat: bind the victim's abstract stream name", -EACCES, squat_victim_stream },
	{ "squat: bind the victim's abstract datagram name", -EACCES, squat_victim_dgram },
	{ "squat: bind an abstract name of its own (positive)", 0, bind_own_name },
	{ "squat: bind its own name again once released (positive)", 0, rebind_own_name },
};
const unsigned leak_case_count = CASE_COUNT(leak_cases);
