/* tracee.h — the program gdbserver debugs, through ptrace: seized with
 * PTRACE_SEIZE (PTRACE_O_TRACEEXEC: it stops once its execve has loaded the
 * new program; PTRACE_O_EXITKILL: it dies if gdbserver does, never left
 * stopped or half-patched), its registers (PTRACE_GETREGS, ARM's struct
 * user_regs) and its memory (/proc/PID/mem, opened once it has exec'd: the
 * file belongs to one address space; writes reach read-only text through a
 * private copy of the page, as ptrace's do). */
#ifndef GDBSERVER_TRACEE_H
#define GDBSERVER_TRACEE_H

#include <stdbool.h>
#include <sys/types.h>

#include "gdb_target.h"
#include "stop_status.h"

struct tracee {
	pid_t pid;
	int mem_fd; /* /proc/PID/mem, or -1 */
};

/* Seizes process pid. 0 or -errno. */
int tracee_seize(struct tracee *t, pid_t pid);

/* Lets the seized process run up to its next execve, then opens its
 * memory. Stops on the way (the SIGSTOP it stopped itself with, a
 * group-stop) are let go, other signals delivered. 0 at the exec stop,
 * -ESRCH when it ended first (*end says how), or -errno. */
int tracee_run_to_exec(struct tracee *t, struct stop *end);

/* Its next stop or end, when it has one (waitpid WNOHANG): 1 with *st, 0
 * when it runs on, or -errno. */
int tracee_poll_stop(struct tracee *t, struct stop *st);

/* Resumes it with signal sig (0 for none). 0 or -errno. */
int tracee_resume(struct tracee *t, int sig);

/* Asks the running process to stop (PTRACE_INTERRUPT): its stop comes
 * through tracee_poll_stop as STOP_INTERRUPT. 0 or -errno. */
int tracee_interrupt(struct tracee *t);

/* Lets the stopped process go, untraced, delivering signal sig (0 for
 * none), and ends the group-stop it may still be in (SIGCONT). 0 or
 * -errno. */
int tracee_detach(struct tracee *t, int sig);

/* Kills it (SIGKILL) and waits for its end. */
void tracee_kill(struct tracee *t);

/* The target the RSP session works on (gdb_target.h). */
struct gdb_target tracee_target(struct tracee *t);

#endif
