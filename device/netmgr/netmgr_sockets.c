/* netmgr_sockets.c — opening netmgr's DNS and DHCP sockets (see
 * netmgr_sockets.h). */
#include "netmgr_sockets.h"

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "dhcp_msg.h"

#ifndef SO_RCVMARK
#define SO_RCVMARK 75            /* Linux 5.19; musl 1.2.3's headers predate it */
#endif

#define DNS_PORT 53

/* A non-blocking UDP socket with the options of opts (level SOL_SOCKET,
 * value 1) set, bound to addr:port: a descriptor or -errno. */
static int udp_socket(const int *opts, int nopts, const char *device, uint32_t addr, uint16_t port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = addr };
	int one = 1, err;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -errno;
	for (int i = 0; i < nopts; i++)
		if (setsockopt(fd, SOL_SOCKET, opts[i], &one, sizeof(one)) != 0)
			goto fail;
	if (device && setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, device, (socklen_t)strlen(device) + 1) != 0)
		goto fail;
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)) != 0)
		goto fail;
	return fd;
fail:
	err = -errno;
	close(fd);
	return err;
}

int netmgr_open_dns_listener(void)
{
	static const int opts[] = { SO_RCVMARK };

	return udp_socket(opts, 1, NULL, htonl(INADDR_LOOPBACK), DNS_PORT);
}

int netmgr_open_dhcp_socket(const char *ifname, uint8_t mac[6])
{
	static const int opts[] = { SO_BROADCAST };
	struct ifreq ifr = { 0 };
	int fd = udp_socket(opts, 1, ifname, htonl(INADDR_ANY), DHCP_CLIENT_PORT);
	int err;

	if (fd < 0)
		return fd;
	strncpy(ifr.ifr_name, ifname, sizeof(ifr.ifr_name) - 1);
	if (ioctl(fd, SIOCGIFHWADDR, &ifr) != 0) {
		err = -errno;
		close(fd);
		return err;
	}
	memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
	return fd;
}
