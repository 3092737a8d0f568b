/* gdb_signals.c — Linux and GDB signal numbers (see gdb_signals.h). */
#include "gdb_signals.h"

#include <signal.h>

#define LINUX_SIGNALS 32

/* GDB's number of each Linux signal 0..31 (the RSP's table, gdb/signals.def). */
static const unsigned char gdb_of_linux[LINUX_SIGNALS] = {
	[0] = 0, [SIGHUP] = 1, [SIGINT] = 2, [SIGQUIT] = 3, [SIGILL] = 4, [SIGTRAP] = 5,
	[SIGABRT] = 6, [SIGBUS] = 10, [SIGFPE] = 8, [SIGKILL] = 9, [SIGUSR1] = 30,
	[SIGSEGV] = 11, [SIGUSR2] = 31, [SIGPIPE] = 13, [SIGALRM] = 14, [SIGTERM] = 15,
	[SIGSTKFLT] = GDB_SIGNAL_UNKNOWN, [SIGCHLD] = 20, [SIGCONT] = 19, [SIGSTOP] = 17,
	[SIGTSTP] = 18, [SIGTTIN] = 21, [SIGTTOU] = 22, [SIGURG] = 16, [SIGXCPU] = 24,
	[SIGXFSZ] = 25, [SIGVTALRM] = 26, [SIGPROF] = 27, [SIGWINCH] = 28, [SIGIO] = 23,
	[SIGPWR] = 32, [SIGSYS] = 12,
};

int gdb_signal_from_linux(int sig)
{
	return sig >= 0 && sig < LINUX_SIGNALS ? gdb_of_linux[sig] : GDB_SIGNAL_UNKNOWN;
}

int gdb_signal_to_linux(int gsig)
{
	if (gsig == GDB_SIGNAL_UNKNOWN)
		return -1;
	for (int sig = 0; sig < LINUX_SIGNALS; sig++)
		if (gdb_of_linux[sig] == gsig)
			return sig;
	return -1;
}
