/*
 * signal_soon.h - a SIGALRM in a few milliseconds, caught by a handler
 * installed without SA_RESTART, for host tests of what a signal does to a
 * blocking call (EINTR). Header-only, like tap.h.
 */
#ifndef SPHERULE_SIGNAL_SOON_H
#define SPHERULE_SIGNAL_SOON_H

#include <signal.h>
#include <sys/time.h>

/* How many SIGALRMs were caught. */
static volatile sig_atomic_t signals_caught;

static void signal_soon_caught(int sig)
{
	signals_caught++;
}

/* Catches SIGALRM (no SA_RESTART) and has it sent in ms milliseconds. */
__attribute__((unused))
static void signal_soon(long ms)
{
	struct sigaction sa = { .sa_handler = signal_soon_caught };
	struct itimerval when = { .it_value = { .tv_sec = ms / 1000, .tv_usec = ms % 1000 * 1000 } };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	setitimer(ITIMER_REAL, &when, NULL);
}

/* SIGALRM's default disposition again. */
__attribute__((unused))
static void signal_soon_end(void)
{
	signal(SIGALRM, SIG_DFL);
}

#endif
