/* cases_proc.c — /proc: other apps' and appmgr's process entries, system
 * files and sysctls are closed; its own /proc/self is open. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "attack.h"

static int open_victim_entry(const char *entry, int flags)
{
	char path[64];

	if (targets.victim_pid <= 0)
		return -ESRCH;
	snprintf(path, sizeof(path), "/proc/%d/%s", (int)targets.victim_pid, entry);
	return try_open(path, flags);
}

static int try_readlink(const char *path)
{
	char buf[128];

	return readlink(path, buf, sizeof(buf)) >= 0 ? 0 : -errno;
}

static int victim_status(void) { return open_victim_entry("status", O_RDONLY); }
static int victim_cmdline(void) { return open_victim_entry("cmdline", O_RDONLY); }
static int victim_stat(void) { return open_victim_entry("stat", O_RDONLY); }
static int victim_mem(void) { return open_victim_entry("mem", O_RDWR); }
static int victim_environ(void) { return open_victim_entry("environ", O_RDONLY); }
static int victim_maps(void) { return open_victim_entry("maps", O_RDONLY); }
static int victim_fd_dir(void) { return open_victim_entry("fd", O_RDONLY | O_DIRECTORY); }

static int victim_stat_status(void)
{
	char path[64];
	struct stat st;

	if (targets.victim_pid <= 0)
		return -ESRCH;
	snprintf(path, sizeof(path), "/proc/%d/status", (int)targets.victim_pid);
	return stat(path, &st) == 0 ? 0 : -errno;
}

static int victim_link(const char *entry)
{
	char path[64];

	if (targets.victim_pid <= 0)
		return -ESRCH;
	snprintf(path, sizeof(path), "/proc/%d/%s", (int)targets.victim_pid, entry);
	return try_readlink(path);
}

static int victim_cwd_link(void) { return victim_link("cwd"); }
static int victim_mount_ns(void) { return open_victim_entry("ns/mnt", O_RDONLY); }
static int victim_task_dir(void) { return open_victim_entry("task", O_RDONLY | O_DIRECTORY); }
static int write_own_memory(void) { return try_open("/proc/self/mem", O_RDWR); }

static int victim_exe_link(void)
{
	char path[64];

	if (targets.victim_pid <= 0)
		return -ESRCH;
	snprintf(path, sizeof(path), "/proc/%d/exe", (int)targets.victim_pid);
	return try_readlink(path);
}

static int appmgr_environ(void) { return try_open("/proc/1/environ", O_RDONLY); }
static int appmgr_mem(void) { return try_open("/proc/1/mem", O_RDONLY); }
static int appmgr_maps(void) { return try_open("/proc/1/maps", O_RDONLY); }
static int appmgr_exe_link(void) { return try_readlink("/proc/1/exe"); }
static int appmgr_fd_dir(void) { return try_open("/proc/1/fd", O_RDONLY | O_DIRECTORY); }
static int appmgr_root(void) { return try_open("/proc/1/root/sbin/appmgr", O_RDONLY); }
static int proc_meminfo(void) { return try_open("/proc/meminfo", O_RDONLY); }
static int proc_mtd(void) { return try_open("/proc/mtd", O_RDONLY); }
static int proc_list(void) { return try_open("/proc", O_RDONLY | O_DIRECTORY); }
static int sysctl_hostname(void) { return try_open("/proc/sys/kernel/hostname", O_WRONLY); }
static int own_status(void) { return try_open("/proc/self/status", O_RDONLY); }
static int own_maps(void) { return try_open("/proc/self/maps", O_RDONLY); }
static int own_exe(void) { return try_open("/proc/self/exe", O_RDONLY); }

const struct attack_case proc_cases[] = {
	{ "proc: victim's status", -EACCES, victim_status },
	{ "proc: victim's cmdline", -EACCES, victim_cmdline },
	{ "proc: victim's stat", -EACCES, victim_stat },
	{ "proc: stat victim's status", -EACCES, victim_stat_status },
	{ "proc: victim's mem", -EACCES, victim_mem },
	{ "proc: victim's environ", -EACCES, victim_environ },
	{ "proc: victim's maps", -EACCES, victim_maps },
	{ "proc: victim's fd directory", -EACCES, victim_fd_dir },
	{ "proc: victim's exe link", -EACCES, victim_exe_link },
	{ "proc: victim's cwd link", -EACCES, victim_cwd_link },
	{ "proc: victim's mount namespace", -EACCES, victim_mount_ns },
	{ "proc: list the victim's threads", -EACCES, victim_task_dir },
	{ "proc: write its own memory (/proc/self/mem)", -EACCES, write_own_memory },
	{ "proc: appmgr's environ", -EACCES, appmgr_environ },
	{ "proc: appmgr's mem", -EACCES, appmgr_mem },
	{ "proc: appmgr's maps", -EACCES, appmgr_maps },
	{ "proc: appmgr's exe link", -EACCES, appmgr_exe_link },
	{ "proc: appmgr's fd directory", -EACCES, appmgr_fd_dir },
	{ "proc: appmgr's root link", -EACCES, appmgr_root },
	{ "proc: /proc/meminfo", -EACCES, proc_meminfo },
	{ "proc: /proc/mtd", -EACCES, proc_mtd },
	{ "proc: list /proc", -EACCES, proc_list },
	{ "sysctl: write kernel.hostname", -EACCES, sysctl_hostname },
	{ "proc: its own status (positive)", 0, own_status },
	{ "proc: its own maps (positive)", 0, own_maps },
	{ "proc: /proc/self/exe is its own binary (positive)", 0, own_exe },
};
const unsigned proc_case_count = CASE_COUNT(proc_cases);
