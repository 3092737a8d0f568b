/*
 * mbox_socket.c - listening for and accepting QEMU's connection to the
 * mailbox (mbox_socket.h).
 */
#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "mbox_socket.h"

/* True when a process listens on addr. */
static bool someone_listens(const struct sockaddr_un *addr)
{
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	bool live = fd >= 0 && connect(fd, (const struct sockaddr *)addr, sizeof(*addr)) == 0;

	if (fd >= 0)
		close(fd);
	return live;
}

int mbox_socket_listen(const char *path, struct error_detail *err)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	mode_t old;
	int fd, rc;

	if (strlen(path) >= sizeof(addr.sun_path))
		return error_detail_set(err, -ENAMETOOLONG, "%s: too long for a socket", path);
	memcpy(addr.sun_path, path, strlen(path) + 1);
	if (someone_listens(&addr))
		return error_detail_set(err, -EADDRINUSE, "%s: another secmon serves this mailbox", path);
	if (unlink(path) < 0 && errno != ENOENT)
		return error_detail_set(err, -errno, "%s: %s", path, strerror(errno));
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return error_detail_set(err, -errno, "socket: %s", strerror(errno));
	old = umask(0177);
	rc = bind(fd, (const struct sockaddr *)&addr, sizeof(addr)) < 0 || listen(fd, 1) < 0 ? -errno : 0;
	umask(old);
	if (rc < 0) {
		close(fd);
		return error_detail_set(err, rc, "%s: %s", path, strerror(-rc));
	}
	return fd;
}

int mbox_socket_accept(int lfd, pid_t parent)
{
	struct pollfd p = { .fd = lfd, .events = POLLIN };

	for (;;) {
		int rc = poll(&p, 1, MBOX_SOCKET_POLL_MS);

		if (rc < 0 && errno != EINTR)
			return -errno;
		if (rc > 0) {
			int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);

			if (fd >= 0 || (errno != EINTR && errno != ECONNABORTED && errno != EAGAIN))
				return fd < 0 ? -errno : fd;
		} else if (rc == 0 && getppid() != parent && poll(&p, 1, 0) == 0) {
			/* Looked again after seeing the parent gone: a QEMU that
			 * connected did so before its parent ended. */
			return -ECHILD;
		}
	}
}
