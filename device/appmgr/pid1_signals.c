/* pid1_signals.c — PID 1 signal handling (see pid1_signals.h). */
#include "pid1_signals.h"

#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <sys/signalfd.h>

static const int ignored_signals[] = {
	SIGPIPE, SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2,
	SIGTSTP, SIGTTIN, SIGTTOU, SIGALRM, SIGVTALRM, SIGPROF,
};

#define IGNORED_COUNT (sizeof(ignored_signals) / sizeof(ignored_signals[0]))

int pid1_signals_setup(void)
{
	sigset_t chld;
	int fd;

	for (unsigned i = 0; i < IGNORED_COUNT; i++)
		if (signal(ignored_signals[i], SIG_IGN) == SIG_ERR)
			return -errno;
	if (sigemptyset(&chld) != 0 || sigaddset(&chld, SIGCHLD) != 0)
		return -EINVAL;
	if (sigprocmask(SIG_BLOCK, &chld, NULL) != 0)
		return -errno;
	fd = signalfd(-1, &chld, SFD_NONBLOCK | SFD_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

int pid1_signals_reset(void)
{
	sigset_t none;

	for (unsigned i = 0; i < IGNORED_COUNT; i++)
		if (signal(ignored_signals[i], SIG_DFL) == SIG_ERR)
			return -errno;
	if (sigemptyset(&none) != 0)
		return -EINVAL;
	return sigprocmask(SIG_SETMASK, &none, NULL) != 0 ? -errno : 0;
}
