/* net_sockets.c — the socket attempts of the net app's cases (see
 * net_sockets.h). */
#include "net_sockets.h"

#include <arpa/inet.h>
#include <errno.h>
#include <sys/socket.h>
#include <unistd.h>

#ifndef MSG_FASTOPEN
#define MSG_FASTOPEN 0x20000000
#endif

struct sockaddr_in inet_addr_port(const char *addr, unsigned port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };

	inet_pton(AF_INET, addr, &sin.sin_addr);
	return sin;
}

int try_connect(int type, const char *addr, unsigned port)
{
	struct sockaddr_in sin = inet_addr_port(addr, port);
	int fd = socket(AF_INET, type | SOCK_CLOEXEC, 0);
	int err;

	if (fd < 0)
		return -errno;
	err = connect(fd, (struct sockaddr *)&sin, sizeof(sin)) == 0 ? 0 : -errno;
	close(fd);
	return err;
}

int try_sendto(const char *addr, unsigned port, int family)
{
	struct sockaddr_in sin = inet_addr_port(addr, port);
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	int err;

	if (fd < 0)
		return -errno;
	sin.sin_family = (sa_family_t)family;
	err = sendto(fd, "x", 1, 0, (struct sockaddr *)&sin, sizeof(sin)) == 1 ? 0 : -errno;
	close(fd);
	return err;
}

int try_fastopen(const char *addr, unsigned port)
{
	struct sockaddr_in sin = inet_addr_port(addr, port);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int err;

	if (fd < 0)
		return -errno;
	err = sendto(fd, "x", 1, MSG_FASTOPEN, (struct sockaddr *)&sin, sizeof(sin)) >= 0 ? 0 : -errno;
	close(fd);
	return err;
}
