/* tracee.c — the traced program (see tracee.h). */
#include "tracee.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

/* struct user_regs: r0..r15, cpsr, orig_r0. */
#define USER_REG_CPSR 16

int tracee_seize(struct tracee *t, pid_t pid)
{
	t->pid = pid;
	t->mem_fd = -1;
	if (ptrace(PTRACE_SEIZE, pid, NULL, (void *)(PTRACE_O_TRACEEXEC | PTRACE_O_EXITKILL)) != 0)
		return -errno;
	return 0;
}

static int wait_stop(struct tracee *t, int flags, struct stop *st)
{
	int status;
	pid_t r;

	do
		r = waitpid(t->pid, &status, flags | __WALL);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return -errno;
	if (r == 0)
		return 0;
	*st = stop_from_status(status);
	return 1;
}

static int open_memory(struct tracee *t)
{
	char path[32];

	snprintf(path, sizeof(path), "/proc/%d/mem", (int)t->pid);
	t->mem_fd = open(path, O_RDWR | O_CLOEXEC);
	return t->mem_fd < 0 ? -errno : 0;
}

int tracee_run_to_exec(struct tracee *t, struct stop *end)
{
	struct stop st;
	int r;

	for (;;) {
		r = wait_stop(t, 0, &st);
		if (r < 0)
			return r;
		if (stop_is_end(st)) {
			*end = st;
			return -ESRCH;
		}
		if (st.kind == STOP_EXEC)
			return open_memory(t);
		/* Its own SIGSTOP and group-stops are let go; other signals
		 * are delivered as they would be untraced. */
		r = tracee_resume(t, st.kind == STOP_SIGNAL && st.value != SIGSTOP ? st.value : 0);
		if (r < 0)
			return r;
	}
}

int tracee_poll_stop(struct tracee *t, struct stop *st)
{
	return wait_stop(t, WNOHANG, st);
}

int tracee_resume(struct tracee *t, int sig)
{
	return ptrace(PTRACE_CONT, t->pid, NULL, (void *)(long)sig) == 0 ? 0 : -errno;
}

int tracee_interrupt(struct tracee *t)
{
	return ptrace(PTRACE_INTERRUPT, t->pid, NULL, 0) == 0 ? 0 : -errno;
}

int tracee_detach(struct tracee *t, int sig)
{
	if (ptrace(PTRACE_DETACH, t->pid, NULL, (void *)(long)sig) != 0)
		return -errno;
	/* When its own SIGSTOP (before execve) took effect before the seize,
	 * the process is still in that group-stop for the kernel, which puts
	 * it back there on detach: only SIGCONT ends it. */
	return kill(t->pid, SIGCONT) == 0 ? 0 : -errno;
}

void tracee_kill(struct tracee *t)
{
	struct stop st;

	kill(t->pid, SIGKILL);
	while (wait_stop(t, 0, &st) == 1 && !stop_is_end(st))
		;
}

static int get_regs(void *ctx, uint32_t regs[GDB_ARM_REGS])
{
	struct tracee *t = ctx;
	struct user_regs u;

	if (ptrace(PTRACE_GETREGS, t->pid, NULL, &u) != 0)
		return -errno;
	for (int i = 0; i < GDB_ARM_CPSR; i++)
		regs[i] = (uint32_t)u.uregs[i];
	regs[GDB_ARM_CPSR] = (uint32_t)u.uregs[USER_REG_CPSR];
	return 0;
}

static int set_regs(void *ctx, const uint32_t regs[GDB_ARM_REGS])
{
	struct tracee *t = ctx;
	struct user_regs u;

	/* orig_r0 (the syscall restart) stays as it is. */
	if (ptrace(PTRACE_GETREGS, t->pid, NULL, &u) != 0)
		return -errno;
	for (int i = 0; i < GDB_ARM_CPSR; i++)
		u.uregs[i] = regs[i];
	u.uregs[USER_REG_CPSR] = regs[GDB_ARM_CPSR];
	return ptrace(PTRACE_SETREGS, t->pid, NULL, &u) == 0 ? 0 : -errno;
}

static int read_mem(void *ctx, uint32_t addr, uint8_t *buf, uint32_t len)
{
	struct tracee *t = ctx;
	ssize_t n = pread(t->mem_fd, buf, len, (off_t)addr);

	return n < 0 ? -errno : (int)n;
}

static int write_mem(void *ctx, uint32_t addr, const uint8_t *buf, uint32_t len)
{
	struct tracee *t = ctx;
	ssize_t n = pwrite(t->mem_fd, buf, len, (off_t)addr);

	if (n < 0)
		return -errno;
	return (uint32_t)n == len ? 0 : -EFAULT;
}

struct gdb_target tracee_target(struct tracee *t)
{
	return (struct gdb_target){ get_regs, set_regs, read_mem, write_mem, t };
}
