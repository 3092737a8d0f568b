/* cases_tasks.c — other apps', appmgr's and kernel threads' processes
 * (ptrace, memory, signals, scheduling, nice values and CPU clocks,
 * process groups, limits, capability sets), and its own ids and
 * capabilities. */
#include <errno.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "attack.h"

#define CAP_SYS_ADMIN_BIT 21
#define KTHREADD_PID 2
#define CPUCLOCK_SCHED 2   /* the kernel's encoding of a CPU clock id */

static pid_t victim(void) { return targets.victim_pid > 0 ? targets.victim_pid : 0x7ffffff0; }

static int result(long r) { return r < 0 ? -errno : 0; }

static int read_memory_of(pid_t pid)
{
	char here[16], there[16];
	struct iovec local = { here, sizeof(here) }, remote = { there, sizeof(there) };

	return result(process_vm_readv(pid, &local, 1, &remote, 1, 0));
}

static int write_memory_of(pid_t pid)
{
	char here[16] = "", there[16];
	struct iovec local = { here, sizeof(here) }, remote = { there, sizeof(there) };

	return result(process_vm_writev(pid, &local, 1, &remote, 1, 0));
}

static int ptrace_victim(void) { return result(ptrace(PTRACE_ATTACH, victim(), 0, 0)); }
static int ptrace_seize_victim(void) { return result(ptrace(PTRACE_SEIZE, victim(), 0, 0)); }
static int ptrace_appmgr(void) { return result(ptrace(PTRACE_ATTACH, 1, 0, 0)); }
static int ptrace_traceme(void) { return result(ptrace(PTRACE_TRACEME, 0, 0, 0)); }
static int read_victim_memory(void) { return read_memory_of(victim()); }
static int write_victim_memory(void) { return write_memory_of(victim()); }
static int read_appmgr_memory(void) { return read_memory_of(1); }
static int kill_victim(void) { return result(kill(victim(), SIGKILL)); }
static int probe_victim(void) { return result(kill(victim(), 0)); }
static int kill_appmgr(void) { return result(kill(1, SIGTERM)); }
static int getpgid_victim(void) { return result(getpgid(victim())); }
static int getsid_victim(void) { return result(getsid(victim())); }
static int getsid_appmgr(void) { return result(getsid(1)); }
/* musl's sched_getscheduler() and friends are stubs (ENOSYS): raw calls. */
static int getscheduler_victim(void) { return result(syscall(SYS_sched_getscheduler, victim())); }
static int setscheduler_victim(void)
{
	struct sched_param p = { 0 };

	return result(syscall(SYS_sched_setscheduler, victim(), SCHED_OTHER, &p));
}
static int getparam_victim(void)
{
	struct sched_param p;

	return result(syscall(SYS_sched_getparam, victim(), &p));
}
static int getaffinity_victim(void)
{
	cpu_set_t set;

	return result(sched_getaffinity(victim(), sizeof(set), &set));
}
static int renice_victim(void) { return result(setpriority(PRIO_PROCESS, (id_t)victim(), 10)); }
/* getpriority through the raw call: its result is 20 - nice, never negative. */
static int getpriority_of(int which, id_t who) { return result(syscall(SYS_getpriority, which, who)); }
static int getpriority_victim(void) { return getpriority_of(PRIO_PROCESS, (id_t)victim()); }
static int getpriority_appmgr(void) { return getpriority_of(PRIO_PROCESS, 1); }
static int getpriority_kthread(void) { return getpriority_of(PRIO_PROCESS, KTHREADD_PID); }
static int getpriority_victim_uid(void) { return getpriority_of(PRIO_USER, targets.victim_uid); }
static int getpriority_victim_group(void) { return getpriority_of(PRIO_PGRP, (id_t)victim()); }
static int getpriority_own(void) { return getpriority_of(PRIO_PROCESS, 0); }
/* capget of pid's capability sets (version 3: two data words). */
static int capget_of(pid_t pid)
{
	struct { unsigned version; int pid; } header = { 0x20080522, pid };
	struct { unsigned effective, permitted, inheritable; } data[2];

	return result(syscall(SYS_capget, &header, data));
}
/* The CPU clock of process pid (as the kernel encodes it), read. */
static int cpu_clock_of(pid_t pid)
{
	struct timespec ts;

	return result(clock_gettime((clockid_t)((~(unsigned)pid << 3) | CPUCLOCK_SCHED), &ts));
}
static int cpu_clock_victim(void) { return cpu_clock_of(victim()); }
static int cpu_clock_appmgr(void) { return cpu_clock_of(1); }
static int cpu_clock_id_victim(void)
{
	clockid_t id;

	return -clock_getcpuclockid(victim(), &id);
}
static int capget_victim(void) { return capget_of(victim()); }
static int capget_appmgr(void) { return capget_of(1); }
static int capget_own(void) { return capget_of(0); }
static int prlimit_victim(void)
{
	struct rlimit old;

	return result(prlimit(victim(), RLIMIT_NOFILE, NULL, &old));
}
static int prlimit_appmgr(void)
{
	struct rlimit old;

	return result(prlimit(1, RLIMIT_NOFILE, NULL, &old));
}
static int setuid_same(void) { return result(setuid(getuid())); }
static int setgid_same(void) { return result(setgid(getgid())); }
static int setuid_root(void) { return result(setuid(0)); }
static int drop_groups(void) { return result(setgroups(0, NULL)); }
static int gain_capability(void)
{
	struct { unsigned version; int pid; } header = { 0x20080522, 0 };
	struct { unsigned effective, permitted, inheritable; } data[2] = {
		{ 1u << CAP_SYS_ADMIN_BIT, 1u << CAP_SYS_ADMIN_BIT, 0 }, { 0, 0, 0 } };

	return result(syscall(SYS_capset, &header, data));
}
static int raise_ambient(void) { return result(prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_SYS_ADMIN_BIT, 0, 0)); }
static int own_pgid(void) { return result(getpgid(0)); }
static int tgkill_victim(void) { return result(syscall(SYS_tgkill, victim(), victim(), SIGKILL)); }
static int sigqueue_victim(void) { union sigval v = { 0 }; return result(sigqueue(victim(), SIGUSR1, v)); }
static int kill_victim_group(void) { return result(kill(-victim(), SIGKILL)); }
/* kill(-1) "succeeds" having reached only its own app (none here); the
 * host checks that the victim and hello live on. */
static int kill_everyone(void) { return result(kill(-1, SIGKILL)); }
static int victim_robust_list(void)
{
	void *head;
	size_t len;

	return result(syscall(SYS_get_robust_list, victim(), &head, &len));
}

/* pidfd of the victim (allowed: a handle), then op on it. */
static int with_victim_pidfd(int (*op)(int pidfd))
{
	int pidfd = (int)syscall(SYS_pidfd_open, victim(), 0);
	int err;

	if (pidfd < 0)
		return -errno;
	err = op(pidfd);
	close(pidfd);
	return err;
}
static int pidfd_kill(int pidfd) { return result(syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, NULL, 0)); }
static int pidfd_steal_fd(int pidfd)
{
	long fd = syscall(SYS_pidfd_getfd, pidfd, 0, 0);

	if (fd < 0)
		return -errno;
	close((int)fd);
	return 0;
}
static int pidfd_signal_victim(void) { return with_victim_pidfd(pidfd_kill); }
static int pidfd_getfd_victim(void) { return with_victim_pidfd(pidfd_steal_fd); }

/* A child of its own that waits; op runs on it; then it is ended. */
static int with_own_child(int (*op)(pid_t child))
{
	pid_t child = fork();
	int err;

	if (child < 0)
		return -errno;
	if (child == 0) {
		pause();
		_exit(0);
	}
	err = op(child);
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	return err;
}
static int attach(pid_t child) { return result(ptrace(PTRACE_ATTACH, child, 0, 0)); }
static int write_memory(pid_t child) { return write_memory_of(child); }
static int ptrace_own_child(void) { return with_own_child(attach); }
static int cpu_clock_own_child(void) { return with_own_child(cpu_clock_of); }
static int write_own_child_memory(void) { return with_own_child(write_memory); }

/* PTRACE_TRACEME in a child of its own: its parent is of the same app. */
static int traceme_under_own_parent(void)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -errno;
	if (pid == 0)
		_exit(ptrace(PTRACE_TRACEME, 0, 0, 0) == 0 ? 0 : errno);
	if (waitpid(pid, &status, 0) < 0)
		return -errno;
	return WIFEXITED(status) ? -WEXITSTATUS(status) : -EINTR;
}

const struct attack_case task_cases[] = {
	{ "ptrace: attach to the victim", -EPERM, ptrace_victim },
	{ "ptrace: seize the victim", -EPERM, ptrace_seize_victim },
	{ "ptrace: attach to appmgr", -EPERM, ptrace_appmgr },
	{ "ptrace: attach to its own child", -EPERM, ptrace_own_child },
	{ "ptrace: traceme under its own parent", -EPERM, traceme_under_own_parent },
	{ "memory: process_vm_writev of its own child", -EPERM, write_own_child_memory },
	{ "futex: the victim's robust list", -EPERM, victim_robust_list },
	{ "pidfd: signal the victim", -EPERM, pidfd_signal_victim },
	{ "pidfd: take a descriptor of the victim", -EPERM, pidfd_getfd_victim },
	{ "memory: process_vm_readv of the victim", -EPERM, read_victim_memory },
	{ "memory: process_vm_writev of the victim", -EPERM, write_victim_memory },
	{ "memory: process_vm_readv of appmgr", -EPERM, read_appmgr_memory },
	{ "signals: SIGKILL the victim", -EPERM, kill_victim },
	{ "signals: probe the victim (signal 0)", -EPERM, probe_victim },
	{ "signals: SIGTERM appmgr", -EPERM, kill_appmgr },
	{ "signals: tgkill the victim", -EPERM, tgkill_victim },
	{ "signals: sigqueue to the victim", -EPERM, sigqueue_victim },
	{ "signals: SIGKILL the victim's process group", -EPERM, kill_victim_group },
	{ "signals: kill(-1, SIGKILL) reaches no other app (host checks)", 0, kill_everyone },
	{ "tasks: getpgid of the victim", -EPERM, getpgid_victim },
	{ "tasks: getsid of the victim", -EPERM, getsid_victim },
	{ "tasks: getsid of appmgr", -EPERM, getsid_appmgr },
	{ "tasks: sched_getscheduler of the victim", -EPERM, getscheduler_victim },
	{ "tasks: sched_setscheduler of the victim", -EPERM, setscheduler_victim },
	{ "tasks: sched_getparam of the victim", -EPERM, getparam_victim },
	{ "tasks: sched_getaffinity of the victim", -EPERM, getaffinity_victim },
	{ "tasks: renice the victim", -EPERM, renice_victim },
	{ "tasks: getpriority of the victim", -EPERM, getpriority_victim },
	{ "tasks: getpriority of appmgr", -EPERM, getpriority_appmgr },
	{ "tasks: getpriority of a kernel thread", -EPERM, getpriority_kthread },
	{ "tasks: getpriority of the victim's uid (its tasks skipped)", -ESRCH, getpriority_victim_uid },
	{ "tasks: getpriority of the victim's process group (skipped)", -ESRCH, getpriority_victim_group },
	{ "tasks: read the victim's CPU clock", -EINVAL, cpu_clock_victim },
	{ "tasks: read appmgr's CPU clock", -EINVAL, cpu_clock_appmgr },
	{ "tasks: clock_getcpuclockid of the victim (clock_getres)", -EINVAL, cpu_clock_id_victim },
	{ "tasks: capget of the victim", -EPERM, capget_victim },
	{ "tasks: capget of appmgr", -EPERM, capget_appmgr },
	{ "tasks: prlimit of the victim", -EPERM, prlimit_victim },
	{ "tasks: prlimit of appmgr", -EPERM, prlimit_appmgr },
	{ "ids: setuid to its own uid", -EPERM, setuid_same },
	{ "ids: setgid to its own gid", -EPERM, setgid_same },
	{ "ids: setuid(0)", -EPERM, setuid_root },
	{ "ids: setgroups", -EPERM, drop_groups },
	{ "capabilities: capset CAP_SYS_ADMIN", -EPERM, gain_capability },
	{ "capabilities: raise ambient CAP_SYS_ADMIN", -EPERM, raise_ambient },
	{ "tasks: its own process group (positive)", 0, own_pgid },
	{ "tasks: its own priority (positive)", 0, getpriority_own },
	{ "tasks: its own capability sets (positive)", 0, capget_own },
	{ "tasks: its own child's CPU clock (positive)", 0, cpu_clock_own_child },
};
const unsigned task_case_count = CASE_COUNT(task_cases);

/* Last of all: were PTRACE_TRACEME granted, appmgr would trace the hostile
 * app from then on, and any signal would stop it; run last, the failure is
 * still reported and the run still ends. */
const struct attack_case last_cases[] = {
	{ "ptrace: traceme (appmgr as tracer)", -EPERM, ptrace_traceme },
};
const unsigned last_case_count = CASE_COUNT(last_cases);
