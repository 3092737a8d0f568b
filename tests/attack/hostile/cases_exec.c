/* cases_exec.c — executing anything but its own image: other programs,
 * executable anonymous or shared memory, /dev/zero, a written copy of its
 * own text (also after moving it with mremap), writable and executable
 * mappings, an executable stack, and the personality flags that would make
 * every readable mapping executable. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "attack.h"

#define PAGE 4096
#define EXEC_WAIT_STEPS 30              /* 3 s in steps of 100 ms */

/* Result of a child that tried an exec: -errno it exited with when the
 * exec failed, 0 when the program ran and exited 0 or was still running
 * after 3 s (it is then killed: an exec that should have failed must not
 * hang the suite). */
static int exec_child_result(pid_t pid)
{
	struct timespec step = { 0, 100000000L };
	int status;

	for (int i = 0; i < EXEC_WAIT_STEPS; i++) {
		pid_t done = waitpid(pid, &status, WNOHANG);

		if (done < 0)
			return -errno;
		if (done == pid)
			return WIFEXITED(status) ? -WEXITSTATUS(status) : 0;
		nanosleep(&step, NULL);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	return 0;
}

/* execve(path) in a child: -errno of the failed exec, 0 if it ran and
 * exited 0 (the hostile binary does so when it kept its identity). */
static int try_exec(const char *path)
{
	char *const argv[] = { (char *)path, IDENTITY_CHECK_ARG, NULL };
	char *const envp[] = { NULL };
	pid_t pid = fork();

	if (pid < 0)
		return -errno;
	if (pid == 0) {
		execve(path, argv, envp);
		_exit(errno);
	}
	return exec_child_result(pid);
}

static int exec_appmgr(void) { return try_exec("/sbin/appmgr"); }
static int exec_own_binary(void) { return try_exec("bin/hostile"); }
static int exec_proc_self_exe(void) { return try_exec("/proc/self/exe"); }

/* execveat() of an O_PATH descriptor (opening it with O_PATH is not an open
 * for reading) of the victim's binary, in a child. */
static int exec_victim_by_path_fd(void)
{
	char path[160];
	char *const argv[] = { "victim", NULL };
	char *const envp[] = { NULL };
	int fd;
	pid_t pid;

	snprintf(path, sizeof(path), "%s/bin/victim", targets.victim_image);
	fd = open(path, O_PATH);
	if (fd < 0)
		return -errno;
	pid = fork();
	if (pid == 0) {
		syscall(SYS_execveat, fd, "", argv, envp, AT_EMPTY_PATH);
		_exit(errno);
	}
	close(fd);
	return pid < 0 ? -errno : exec_child_result(pid);
}

static int exec_victim(void)
{
	char path[160];

	snprintf(path, sizeof(path), "%s/bin/victim", targets.victim_image);
	return try_exec(path);
}

/* mmap, then unmap on success: 0 or -errno. */
static int try_map(int prot, int flags, int fd)
{
	void *p = mmap(NULL, PAGE, prot, flags, fd, 0);

	if (p == MAP_FAILED)
		return -errno;
	munmap(p, PAGE);
	return 0;
}

static int map_file(const char *path, int prot)
{
	int fd = open(path, O_RDONLY);
	int err;

	if (fd < 0)
		return -errno;
	err = try_map(prot, MAP_PRIVATE, fd);
	close(fd);
	return err;
}

static int anon_exec(void) { return try_map(PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1); }
static int anon_wx(void) { return try_map(PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1); }
static int dev_zero_exec(void) { return map_file("/dev/zero", PROT_READ | PROT_EXEC); }
static int own_binary_exec(void) { return map_file("bin/hostile", PROT_READ | PROT_EXEC); }
static int own_binary_wx(void) { return map_file("bin/hostile", PROT_READ | PROT_WRITE | PROT_EXEC); }

static int mprotect_heap_exec(void)
{
	char *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int err;

	if (p == MAP_FAILED)
		return -errno;
	p[0] = 0x1e;   /* "code" written at run time */
	err = mprotect(p, PAGE, PROT_READ | PROT_EXEC) == 0 ? 0 : -errno;
	munmap(p, PAGE);
	return err;
}

/* Its own binary mapped writable, patched, then made executable. */
static int mprotect_patched_own_text(void)
{
	int fd = open("bin/hostile", O_RDONLY);
	char *p;
	int err;

	if (fd < 0)
		return -errno;
	p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return -errno;
	p[64] ^= 1;
	err = mprotect(p, PAGE, PROT_READ | PROT_EXEC) == 0 ? 0 : -errno;
	munmap(p, PAGE);
	return err;
}

/* personality(): 0 when it changed (then it is changed back, so that a
 * regression fails this case only) or answered, -errno otherwise. */
static int set_personality(unsigned long persona)
{
	int old = personality(persona);

	if (old < 0)
		return -errno;
	if (persona != 0xffffffffUL)
		personality((unsigned long)old);
	return 0;
}

static int read_implies_exec(void) { return set_personality(READ_IMPLIES_EXEC); }
static int no_randomize(void) { return set_personality(ADDR_NO_RANDOMIZE); }
static int query_personality(void) { return set_personality(0xffffffffUL); }

static int shared_anon_exec(void) { return try_map(PROT_READ | PROT_EXEC, MAP_SHARED | MAP_ANONYMOUS, -1); }

/* Shared anonymous memory, written, then made executable. */
static int mprotect_shared_exec(void)
{
	char *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int err;

	if (p == MAP_FAILED)
		return -errno;
	p[0] = 0x1e;
	err = mprotect(p, PAGE, PROT_READ | PROT_EXEC) == 0 ? 0 : -errno;
	munmap(p, PAGE);
	return err;
}

/* Written anonymous memory moved elsewhere by mremap, then made executable. */
static int mremap_then_exec(void)
{
	char *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *q;
	int err;

	if (p == MAP_FAILED)
		return -errno;
	p[0] = 0x1e;
	q = mremap(p, PAGE, 2 * PAGE, MREMAP_MAYMOVE);
	if (q == MAP_FAILED) {
		err = -errno;
		munmap(p, PAGE);
		return err;
	}
	err = mprotect(q, PAGE, PROT_READ | PROT_EXEC) == 0 ? 0 : -errno;
	munmap(q, 2 * PAGE);
	return err;
}

/* The stack made executable, the way an executable-stack program would. */
static int stack_exec(void)
{
	char here;
	unsigned long page = (unsigned long)&here & ~(unsigned long)(PAGE - 1);

	return mprotect((void *)page, PAGE, PROT_READ | PROT_WRITE | PROT_EXEC) == 0 ? 0 : -errno;
}

/* The heap brk grows is never executable: its line in /proc/self/maps is
 * "rw-p" (0), anything else -EPROTO. */
static int heap_not_exec(void)
{
	char line[160];
	FILE *f;
	int err = -ENOENT;

	/* musl's sbrk() only reports the break: brk() itself. */
	long brk0 = syscall(SYS_brk, 0);

	if (syscall(SYS_brk, brk0 + 2 * PAGE) != brk0 + 2 * PAGE)
		return -ENOMEM;
	f = fopen("/proc/self/maps", "r");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f))
		if (strstr(line, "[heap]"))
			err = strstr(line, " rw-p ") ? 0 : -EPROTO;
	fclose(f);
	return err;
}

const struct attack_case exec_cases[] = {
	{ "exec: personality READ_IMPLIES_EXEC", -EPERM, read_implies_exec },
	{ "exec: personality ADDR_NO_RANDOMIZE", -EPERM, no_randomize },
	{ "exec: personality query (positive)", 0, query_personality },
	{ "exec: mmap shared anonymous memory executable", -EACCES, shared_anon_exec },
	{ "exec: mprotect written shared memory executable", -EACCES, mprotect_shared_exec },
	{ "exec: mremap written memory, then mprotect it executable", -EACCES, mremap_then_exec },
	{ "exec: mprotect the stack writable and executable", -EACCES, stack_exec },
	{ "exec: the heap brk grows is not executable (positive)", 0, heap_not_exec },
	{ "exec: /sbin/appmgr", -EACCES, exec_appmgr },
	{ "exec: the victim's binary", -EACCES, exec_victim },
	{ "exec: the victim's binary through an O_PATH descriptor", -EACCES, exec_victim_by_path_fd },
	{ "exec: its own binary, which keeps its identity (positive)", 0, exec_own_binary },
	{ "exec: /proc/self/exe, which keeps its identity (positive)", 0, exec_proc_self_exe },
	{ "exec: mmap anonymous memory executable", -EACCES, anon_exec },
	{ "exec: mmap anonymous memory writable and executable", -EACCES, anon_wx },
	{ "exec: mmap /dev/zero executable", -EACCES, dev_zero_exec },
	{ "exec: mprotect written memory executable", -EACCES, mprotect_heap_exec },
	{ "exec: mprotect a patched copy of its own binary executable", -EACCES, mprotect_patched_own_text },
	{ "exec: mmap its own binary writable and executable", -EACCES, own_binary_wx },
	{ "exec: mmap its own binary executable (positive)", 0, own_binary_exec },
};
const unsigned exec_case_count = CASE_COUNT(exec_cases);
