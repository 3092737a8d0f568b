/* ctl_server.h — appmgr's end of the control socket (appmgr_ctl.h): the
 * narrow interface through which devctl, an unprivileged app, asks appmgr
 * for the privileged steps of device control. One request at a time, each
 * answered before the next is read; every field is checked before use. */
#ifndef APPMGR_CTL_SERVER_H
#define APPMGR_CTL_SERVER_H

#include "supervisor.h"

/* Makes the socketpair: appmgr's end (non-blocking) into s->ctl_fd,
 * devctl's end into *devctl_fd (both close-on-exec; the launch passes it
 * on, devctl_link.h). 0 or -errno. */
int ctl_server_open(struct supervisor *s, int *devctl_fd);

/* Reads and answers every request waiting on s->ctl_fd. */
void ctl_server_serve(struct supervisor *s);

#endif
