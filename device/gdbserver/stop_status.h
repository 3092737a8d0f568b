/* stop_status.h — what a waitpid() status of a program traced with
 * PTRACE_SEIZE and PTRACE_O_TRACEEXEC says happened to it. */
#ifndef GDBSERVER_STOP_STATUS_H
#define GDBSERVER_STOP_STATUS_H

enum stop_kind {
	STOP_SIGNAL,    /* signal-delivery stop: value is the signal */
	STOP_EXEC,      /* it completed an execve (PTRACE_EVENT_EXEC) */
	STOP_INTERRUPT, /* PTRACE_INTERRUPT took effect (PTRACE_EVENT_STOP, SIGTRAP) */
	STOP_GROUP,     /* a group-stop (PTRACE_EVENT_STOP): value is the stop signal */
	STOP_EXITED,    /* it exited: value is its status */
	STOP_KILLED,    /* a signal ended it: value is the signal */
	STOP_OTHER,     /* another ptrace event (none is asked for) */
};

struct stop {
	enum stop_kind kind;
	int value;
};

/* Classifies status, as waitpid() returned it. */
struct stop stop_from_status(int status);

/* True when the program no longer exists. */
static inline int stop_is_end(struct stop st)
{
	return st.kind == STOP_EXITED || st.kind == STOP_KILLED;
}

#endif
