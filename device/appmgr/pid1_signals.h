/* pid1_signals.h — signal dispositions of appmgr as PID 1: it ignores the
 * signals that would end an ordinary program, except the shutdown requests
 * (SIGTERM and SIGINT: reboot, SIGPWR and SIGUSR2: power off), which it
 * takes with SIGCHLD through a signalfd; app processes start with the
 * defaults restored. */
#ifndef APPMGR_PID1_SIGNALS_H
#define APPMGR_PID1_SIGNALS_H

#include <stdbool.h>

#include "shutdown.h"

/* Ignores SIGPIPE, SIGHUP, SIGQUIT ..., blocks SIGCHLD and the shutdown
 * requests and returns a non-blocking signalfd for them, or -errno. */
int pid1_signals_setup(void);

/* True when sig is a shutdown request, with what it asks for in *kind. */
bool pid1_signal_requests(int sig, enum shutdown_kind *kind);

/* In a child before exec: default dispositions, nothing blocked. 0 or -errno. */
int pid1_signals_reset(void);

#endif
