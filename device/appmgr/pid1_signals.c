/* pid1_signals.c — PID 1 signal handling (see pid1_signals.h). */
#include "pid1_signals.h"

#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <sys/signalfd.h>

static const int ignored_signals[] = {
	SIGPIPE, SIGHUP, SIGQUIT, SIGUSR1, SIGTSTP, SIGTTIN, SIGTTOU, SIGALRM, SIGVTALRM, SIGPROF,
};

/* SIGINT is also what the kernel sends for ctrl-alt-del once appmgr has
 * turned off its immediate reboot (RB_DISABLE_CAD). */
static const struct {
	int sig;
	enum shutdown_kind kind;
} shutdown_signals[] = {
	{ SIGTERM, SHUTDOWN_REBOOT },
	{ SIGINT, SHUTDOWN_REBOOT },
	{ SIGPWR, SHUTDOWN_POWER_OFF },
	{ SIGUSR2, SHUTDOWN_POWER_OFF },
};

#define IGNORED_COUNT (sizeof(ignored_signals) / sizeof(ignored_signals[0]))
#define SHUTDOWN_SIGNAL_COUNT (sizeof(shutdown_signals) / sizeof(shutdown_signals[0]))

int pid1_signals_setup(void)
{
	sigset_t taken;
	int fd;

	for (unsigned i = 0; i < IGNORED_COUNT; i++)
		if (signal(ignored_signals[i], SIG_IGN) == SIG_ERR)
			return -errno;
	if (sigemptyset(&taken) != 0 || sigaddset(&taken, SIGCHLD) != 0)
		return -EINVAL;
	for (unsigned i = 0; i < SHUTDOWN_SIGNAL_COUNT; i++)
		if (sigaddset(&taken, shutdown_signals[i].sig) != 0)
			return -EINVAL;
	if (sigprocmask(SIG_BLOCK, &taken, NULL) != 0)
		return -errno;
	fd = signalfd(-1, &taken, SFD_NONBLOCK | SFD_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

bool pid1_signal_requests(int sig, enum shutdown_kind *kind)
{
	for (unsigned i = 0; i < SHUTDOWN_SIGNAL_COUNT; i++)
		if (shutdown_signals[i].sig == sig) {
			*kind = shutdown_signals[i].kind;
			return true;
		}
	return false;
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
