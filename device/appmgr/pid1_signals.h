/* pid1_signals.h — signal dispositions of appmgr as PID 1: it ignores the
 * signals that would end an ordinary program and takes SIGCHLD through a
 * signalfd; app processes start with the defaults restored. */
#ifndef APPMGR_PID1_SIGNALS_H
#define APPMGR_PID1_SIGNALS_H

/* Ignores SIGPIPE, SIGTERM, SIGINT, SIGHUP ..., blocks SIGCHLD and returns
 * a non-blocking signalfd for it, or -errno. */
int pid1_signals_setup(void);

/* In a child before exec: default dispositions, nothing blocked. 0 or -errno. */
int pid1_signals_reset(void);

#endif
