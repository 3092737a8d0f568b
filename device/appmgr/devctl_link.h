/* devctl_link.h — the service link and devctl (docs/device-api.md): the
 * link is port 3 of the board's virtio-serial device, which the emulator
 * attaches unless started with --no-service-link and exposes as a TCP
 * port on the host's 127.0.0.1. Only appmgr opens its node (root's, 0600;
 * the LSM lets no app open a device node it is not granted). It hands the
 * open port, with its end of a fresh control socket (ctl_server.h), to the
 * one app granted DeviceControl, devctl, each time it starts it:
 *
 *   fd 3  the control socket     SPHERULE_APPMGR_CTL=3
 *   fd 4  the service link       SPHERULE_SERVICE_LINK=4
 *
 * Without the link devctl is not started. */
#ifndef APPMGR_DEVCTL_LINK_H
#define APPMGR_DEVCTL_LINK_H

#include <stdbool.h>

#include "supervisor.h"

#define DEVCTL_LINK_PORT_NR 3u
#define DEVCTL_LINK_CTL_FD 3
#define DEVCTL_LINK_PORT_FD 4
#define DEVCTL_LINK_CTL_ENV "SPHERULE_APPMGR_CTL=3"
#define DEVCTL_LINK_PORT_ENV "SPHERULE_SERVICE_LINK=4"

/* At boot, after the mailbox port appeared (the driver adds the ports
 * together): opens the service link's node under dev_dir and logs where
 * it is or that the board has none. */
void devctl_link_open(const char *dev_dir);

/* Whether the service link is open. */
bool devctl_link_attached(void);

/* Before devctl is forked: a fresh control socket (the previous one, of an
 * earlier devctl, is closed). 0 or -errno. */
int devctl_link_before_launch(struct supervisor *s);

/* After the fork, in appmgr: closes devctl's end. */
void devctl_link_after_launch(void);

/* In devctl's child, before the other descriptors are closed: puts the
 * control socket on fd 3 and the link on fd 4. 0 or -errno. */
int devctl_link_child_fds(void);

#endif
