/* main.c — devctl, the device-control system app (docs/device-api.md):
 * serves the device API (HTTP/1.1, JSON) on the service link and asks
 * appmgr, on its control socket, for everything privileged. appmgr starts
 * it as an app (no root, no capabilities, no network) with two open
 * descriptors named by the environment: SPHERULE_APPMGR_CTL, its end of
 * the control socket (spherule/appmgr_ctl.h), and SPHERULE_SERVICE_LINK,
 * the service link's virtio-serial port. Logs one line per event on
 * stderr (appmgr's log). Exits 1 when the link or the control socket
 * fails (appmgr starts it again), 2 when a descriptor is missing. */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>

#include "app_svc_transport.h"
#include "serve.h"

int main(void)
{
	static struct server s;
	int ctl_fd = app_svc_env_fd("SPHERULE_APPMGR_CTL");
	int link_fd = app_svc_env_fd("SPHERULE_SERVICE_LINK");
	int flags;

	if (ctl_fd < 0 || link_fd < 0) {
		fprintf(stderr, "devctl: SPHERULE_APPMGR_CTL and SPHERULE_SERVICE_LINK must name open descriptors\n");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	flags = fcntl(link_fd, F_GETFL);
	if (flags < 0 || fcntl(link_fd, F_SETFL, flags | O_NONBLOCK) < 0) {
		perror("devctl: the service link");
		return 1;
	}
	server_init(&s, link_fd, ctl_fd, SERVE_REQUEST_TIMEOUT_MS);
	fprintf(stderr, "devctl: serving the device API on the service link\n");
	serve(&s);
	return 1;
}
