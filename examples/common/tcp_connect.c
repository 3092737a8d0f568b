/* tcp_connect.c — TcpConnect (tcp_connect.h): getaddrinfo, then connect to
 * each address in turn, each bounded by the time limit. */
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "tcp_connect.h"

int TcpConnect(const char *host, const char *port, int timeoutS, char *why, size_t whyLen)
{
	const struct timeval limit = { .tv_sec = timeoutS };
	const struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM };
	struct addrinfo *addresses;
	int err = getaddrinfo(host, port, &hints, &addresses);
	int fd = -1;

	if (err != 0) {
		snprintf(why, whyLen, "cannot resolve: %s", gai_strerror(err));
		return -1;
	}
	err = 0;
	for (const struct addrinfo *a = addresses; a != NULL && fd < 0; a = a->ai_next) {
		fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
		if (fd < 0) {
			err = errno;
			continue;
		}
		/* SO_SNDTIMEO bounds connect() too; it reports EINPROGRESS then. */
		if (setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof(limit)) != 0 ||
		    connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
			err = errno == EINPROGRESS ? ETIMEDOUT : errno;
			close(fd);
			fd = -1;
		}
	}
	freeaddrinfo(addresses);
	if (fd < 0)
		snprintf(why, whyLen, "cannot connect: %s", strerror(err));
	return fd;
}
