/* devctl_link.c — the service link and devctl's descriptors (see devctl_link.h). */
#include "devctl_link.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "ctl_server.h"
#include "log.h"
#include "secmon_port.h"

#define LINK_WAIT_MS 2000u
#define CHILD_SPARE_FD 10 /* above both targets, so that dup2 never clobbers a source */

static int port_fd = -1;
static int child_ctl_fd = -1;

void devctl_link_open(const char *dev_dir)
{
	struct error_detail why = { "" };
	char node[128];
	dev_t dev;
	int err = virtio_port_wait(dev_dir, DEVCTL_LINK_PORT_NR, LINK_WAIT_MS, node, sizeof(node), &dev, &why);

	if (err == 0) {
		port_fd = open(node, O_RDWR | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
		err = port_fd < 0 ? -errno : 0;
		if (err != 0)
			error_detail_set(&why, err, "cannot open %s: %s", node, strerror(-err));
	}
	if (err == 0)
		log_line("service link: %s", node);
	else if (err == -ENOENT)
		log_line("service link: not attached (no port %u): devctl is not started", DEVCTL_LINK_PORT_NR);
	else
		log_line("service link: %s: devctl is not started", why.msg);
}

bool devctl_link_attached(void)
{
	return port_fd >= 0;
}

int devctl_link_before_launch(struct supervisor *s)
{
	if (s->ctl_fd >= 0)
		close(s->ctl_fd);
	s->ctl_fd = -1;
	devctl_link_after_launch();
	return ctl_server_open(s, &child_ctl_fd);
}

void devctl_link_after_launch(void)
{
	if (child_ctl_fd >= 0)
		close(child_ctl_fd);
	child_ctl_fd = -1;
}

int devctl_link_child_fds(void)
{
	int ctl = fcntl(child_ctl_fd, F_DUPFD, CHILD_SPARE_FD);
	int port = fcntl(port_fd, F_DUPFD, CHILD_SPARE_FD);

	if (ctl < 0 || port < 0)
		return -errno;
	if (dup2(ctl, DEVCTL_LINK_CTL_FD) < 0 || dup2(port, DEVCTL_LINK_PORT_FD) < 0)
		return -errno;
	return 0;
}
