/* app_service.h — appmgr's end of the app service (the protocol of
 * device/include/spherule/app_service.h): at every launch an app gets a
 * fresh SOCK_SEQPACKET socketpair, its end as descriptor APP_SERVICE_FD
 * (SPHERULE_APP_SERVICE=5: above devctl's 3 and 4, so one number serves
 * every app), appmgr's end non-blocking in its poll set. Requests are
 * answered in order, each checked against the capabilities of the app
 * appmgr launched on that socket (app_svc_ops.h). appmgr never blocks on an
 * app and bounds what one can make it do:
 *   - one request of an app is taken per turn of the event loop, and at
 *     most APP_SERVICE_RATE a second (the rest wait in the app's socket,
 *     whose buffers are charged to the app's memory cgroup);
 *   - the answers it has not read yet are bounded by appmgr's send buffer
 *     (APP_SERVICE_SNDBUF): one that does not fit is dropped (an app keeps
 *     one request outstanding), with a line in the app's log;
 *   - every failure is one line in the app's own log ring, which its
 *     console rate bounds; appmgr's own log gets only what changes the
 *     device (power requests, update events).
 * The sockets are closed when the app ends or closes its end. */
#ifndef APPMGR_APP_SERVICE_H
#define APPMGR_APP_SERVICE_H

#include <stdint.h>

#include "devctl_link.h"
#include "spherule/app_service.h"
#include "supervisor.h"

#define APP_SERVICE_FD 5
#define APP_SERVICE_ENV_VALUE APP_SERVICE_ENV "=5"
#define APP_SERVICE_RATE 50u          /* requests per app and second */
#define APP_SERVICE_SNDBUF 4096       /* appmgr's send buffer per socket (the kernel doubles it) */

_Static_assert(APP_SERVICE_FD > DEVCTL_LINK_PORT_FD, "devctl keeps fds 3 and 4");

/* Before app a is forked: a fresh socketpair, appmgr's end into a->svc_fd
 * (a previous one is closed first: app_service_close()), the app's end
 * kept for the child. 0 or -errno. */
int app_service_before_launch(struct supervisor *s, struct app *a);

/* After the fork, in appmgr: closes the app's end. */
void app_service_after_launch(void);

/* In the child, before the other descriptors are closed: the app's end
 * moved above every descriptor target (3, 4, 5). The new descriptor, or
 * -errno. */
int app_service_child_fd(void);

/* App a ended (or closed its end): its service and event sockets are
 * closed and its deferral of an update dropped. */
void app_service_close(struct supervisor *s, struct app *a);

/* Whether a's socket belongs in the poll set at now_ms (open, and its
 * rate not used up); otherwise, when it is throttled, *wake_ms is when it
 * may be read again (else left alone). */
bool app_service_pollable(const struct app *a, uint64_t now_ms, uint64_t *wake_ms);

/* App a's main process ended: the requests still waiting on its socket
 * are read (at most APP_SERVICE_DRAIN_MAX) and a CRASH_INFO among them is
 * kept (app_svc_reports.h) for its failure report; the others are
 * dropped unanswered. */
#define APP_SERVICE_DRAIN_MAX 16u
void app_service_take_crash_info(struct app *a);

/* Takes and answers one request waiting on a's socket; closes the sockets
 * when the app closed its end. */
void app_service_serve(struct supervisor *s, struct app *a, uint64_t now_ms);

#endif
