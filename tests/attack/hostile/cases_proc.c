/* cases_proc.c — /proc: the /proc/<pid> entries of other apps', appmgr's
 * and kernel threads' tasks (even world-readable ones, even a stat of the
 * directory), system files and sysctls are closed; its own /proc/self and
 * /proc/thread-self are open. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../attempts.h"
#include "attack.h"

#define KTHREADD_PID 2
#define FREE_PID 99999   /* above the kernel's pid_max of 32768 */

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

static int stat_victim_dir(void)
{
	char path[32];

	if (targets.victim_pid <= 0)
		return -ESRCH;
	snprintf(path, sizeof(path), "/proc/%d", (int)targets.victim_pid);
	return try_stat(path);
}

static int victim_thread_status(void)
{
	char entry[48];

	snprintf(entry, sizeof(entry), "task/%d/status", (int)targets.victim_pid);
	return open_victim_entry(entry, O_RDONLY);
}

static int appmgr_cmdline(void) { return try_open("/proc/1/cmdline", O_RDONLY); }
static int appmgr_status(void) { return try_open("/proc/1/status", O_RDONLY); }
static int appmgr_comm(void) { return try_open("/proc/1/comm", O_RDONLY); }
static int appmgr_stat_dir(void) { return try_stat("/proc/1"); }
static int appmgr_list_dir(void) { return try_open("/proc/1", O_RDONLY | O_DIRECTORY); }
static int appmgr_access_dir(void) { return access("/proc/1", F_OK) == 0 ? 0 : -errno; }
static int appmgr_chdir(void)
{
	int here = open(".", O_RDONLY | O_DIRECTORY);
	int err = chdir("/proc/1") == 0 ? 0 : -errno;

	if (here >= 0) {
		if (err == 0 && fchdir(here) != 0)
			err = -errno;
		close(here);
	}
	return err;
}
static int appmgr_thread_dir(void) { return try_open("/proc/1/task/1", O_RDONLY | O_DIRECTORY); }
static int appmgr_stat_thread(void) { return try_stat("/proc/1/task/1/stat"); }
static int kthread_stat(void)
{
	char path[32];

	snprintf(path, sizeof(path), "/proc/%d/stat", KTHREADD_PID);
	return try_open(path, O_RDONLY);
}
static int kthread_stat_dir(void)
{
	char path[32];

	snprintf(path, sizeof(path), "/proc/%d", KTHREADD_PID);
	return try_stat(path);
}
static int free_pid_dir(void)
{
	char path[32];

	snprintf(path, sizeof(path), "/proc/%d", FREE_PID);
	return try_stat(path);
}
static int appmgr_environ(void) { return try_open("/proc/1/environ", O_RDONLY); }
static int appmgr_mem(void) { return try_open("/proc/1/mem", O_RDONLY); }
static int appmgr_maps(void) { return try_open("/proc/1/maps", O_RDONLY); }
static int appmgr_exe_link(void) { return try_readlink("/proc/1/exe"); }
static int appmgr_fd_dir(void) { return try_open("/proc/1/fd", O_RDONLY | O_DIRECTORY); }
static int appmgr_root(void) { return try_open("/proc/1/root/sbin/appmgr", O_RDONLY); }
static int proc_meminfo(void) { return try_open("/proc/meminfo", O_RDONLY); }
static int proc_mtd(void) { return try_open("/proc/mtd", O_RDONLY); }
static int proc_loadavg(void) { return try_open("/proc/loadavg", O_RDONLY); }
static int proc_timer_list(void) { return try_open("/proc/timer_list", O_RDONLY); }
static int proc_net_unix(void) { return try_open("/proc/net/unix", O_RDONLY); }
static int proc_list(void) { return try_open("/proc", O_RDONLY | O_DIRECTORY); }
static int sysctl_hostname(void) { return try_open("/proc/sys/kernel/hostname", O_WRONLY); }
static int own_status(void) { return try_open("/proc/self/status", O_RDONLY); }
static int own_maps(void) { return try_open("/proc/self/maps", O_RDONLY); }
static int own_exe(void) { return try_open("/proc/self/exe", O_RDONLY); }
static int own_dir(void) { return try_open("/proc/self", O_RDONLY | O_DIRECTORY); }
static int own_stat_dir(void) { return try_stat("/proc/self"); }
static int own_thread_status(void) { return try_open("/proc/thread-self/status", O_RDONLY); }
static int own_thread_by_pid(void)
{
	char path[48];

	snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", (int)getpid(), (int)getpid());
	return try_open(path, O_RDONLY);
}

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
	{ "proc: the victim's thread's status", -EACCES, victim_thread_status },
	{ "proc: stat the victim's directory", -EACCES, stat_victim_dir },
	{ "proc: write its own memory (/proc/self/mem)", -EACCES, write_own_memory },
	{ "proc: appmgr's cmdline", -EACCES, appmgr_cmdline },
	{ "proc: appmgr's status", -EACCES, appmgr_status },
	{ "proc: appmgr's comm", -EACCES, appmgr_comm },
	{ "proc: stat appmgr's directory", -EACCES, appmgr_stat_dir },
	{ "proc: list appmgr's directory", -EACCES, appmgr_list_dir },
	{ "proc: access() appmgr's directory", -EACCES, appmgr_access_dir },
	{ "proc: chdir into appmgr's directory", -EACCES, appmgr_chdir },
	{ "proc: list appmgr's thread directory", -EACCES, appmgr_thread_dir },
	{ "proc: stat appmgr's thread's stat", -EACCES, appmgr_stat_thread },
	{ "proc: a kernel thread's stat", -EACCES, kthread_stat },
	{ "proc: stat a kernel thread's directory", -EACCES, kthread_stat_dir },
	{ "proc: a pid that does not exist is ENOENT", -ENOENT, free_pid_dir },
	{ "proc: appmgr's environ", -EACCES, appmgr_environ },
	{ "proc: appmgr's mem", -EACCES, appmgr_mem },
	{ "proc: appmgr's maps", -EACCES, appmgr_maps },
	{ "proc: appmgr's exe link", -EACCES, appmgr_exe_link },
	{ "proc: appmgr's fd directory", -EACCES, appmgr_fd_dir },
	{ "proc: appmgr's root link", -EACCES, appmgr_root },
	{ "proc: /proc/meminfo", -EACCES, proc_meminfo },
	{ "proc: /proc/mtd", -EACCES, proc_mtd },
	{ "proc: /proc/loadavg (the last pid)", -EACCES, proc_loadavg },
	{ "proc: /proc/timer_list (other tasks' timers)", -EACCES, proc_timer_list },
	{ "proc: /proc/net/unix (every socket's name)", -EACCES, proc_net_unix },
	{ "proc: list /proc", -EACCES, proc_list },
	{ "sysctl: write kernel.hostname", -EACCES, sysctl_hostname },
	{ "proc: its own status (positive)", 0, own_status },
	{ "proc: its own maps (positive)", 0, own_maps },
	{ "proc: /proc/self/exe is its own binary (positive)", 0, own_exe },
	{ "proc: list its own directory (positive)", 0, own_dir },
	{ "proc: stat its own directory (positive)", 0, own_stat_dir },
	{ "proc: its own thread's status (positive)", 0, own_thread_status },
	{ "proc: its own thread by pid (positive)", 0, own_thread_by_pid },
};
const unsigned proc_case_count = CASE_COUNT(proc_cases);
