/* app_control.h — starting, stopping, adding and removing apps while the
 * device runs, on devctl's requests (ctl_server.h): the steps appmgr takes
 * at boot for every app (mount, memory cgroup, storage, launch), one app at
 * a time, and their reverse. */
#ifndef APPMGR_APP_CONTROL_H
#define APPMGR_APP_CONTROL_H

#include <stdbool.h>
#include <stddef.h>

#include "supervisor.h"

/* How long a stopped app gets from SIGTERM to SIGKILL. */
#define APP_CONTROL_STOP_GRACE_MS 1000u

/* Stops app a for good (held: not restarted until started again): SIGTERM
 * to its processes, SIGKILL to what is left after the grace time; returns
 * once none is left (0), or -ETIMEDOUT when some still lived 2 s after the
 * kill. Logs "<name>: stopped on request". */
int app_control_stop(struct app *a);

/* Starts a stopped app a now (its restart backoff starts over). 0, or
 * -EALREADY when it runs. */
int app_control_start(struct supervisor *s, struct app *a);

/* Opens up the node of every GPIO chip app a is granted a line of (mode
 * 0666: the LSM decides who opens it), at boot and for an app installed
 * while the device runs. Logs what fails. */
void app_control_open_up_gpio(const struct supervisor *s, const struct app *a);

/* Adds the verified app a, whose image is in flash, to the table: mounts
 * it, makes its memory cgroup and storage directory and, unless
 * manual_start, starts it. 0, or -errno with why set (nothing is left
 * mounted or made). */
int app_control_add(struct supervisor *s, const struct app *a, bool manual_start,
		    struct error_detail *why);

/* Removes the stopped app at index i of the table: unmounts its image,
 * removes its mount directory and memory cgroup. Its slot and storage are
 * the caller's (app_install.h). 0, or -errno with why set. */
int app_control_remove(struct supervisor *s, size_t i, struct error_detail *why);

#endif
