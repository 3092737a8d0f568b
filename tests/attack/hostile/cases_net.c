/* cases_net.c — sockets: no family but AF_UNIX, and no AF_UNIX peer of
 * another app (the victim's abstract sockets). */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "../attempts.h"
#include "../victim_names.h"
#include "attack.h"

/* From <linux/netlink.h>, which musl does not ship. */
#define NETLINK_ROUTE 0
#define NETLINK_KOBJECT_UEVENT 15


static socklen_t abstract_addr(struct sockaddr_un *addr, const char *name)
{
	size_t len = strlen(name);

	memset(addr, 0, sizeof(*addr));
	addr->sun_family = AF_UNIX;
	memcpy(addr->sun_path + 1, name, len);
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + len);
}

static int connect_abstract(const char *name)
{
	struct sockaddr_un addr;
	socklen_t len = abstract_addr(&addr, name);
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	int err;

	if (fd < 0)
		return -errno;
	err = connect(fd, (struct sockaddr *)&addr, len) == 0 ? 0 : -errno;
	close(fd);
	return err;
}

static int send_abstract(const char *name)
{
	struct sockaddr_un addr;
	socklen_t len = abstract_addr(&addr, name);
	int fd = socket(AF_UNIX, SOCK_DGRAM, 0);
	int err;

	if (fd < 0)
		return -errno;
	err = sendto(fd, "x", 1, 0, (struct sockaddr *)&addr, len) == 1 ? 0 : -errno;
	close(fd);
	return err;
}

/* Its own abstract listener, reached by its own connect. */
static int connect_own_listener(void)
{
	static const char name[] = "spherule-attack-hostile";
	struct sockaddr_un addr;
	socklen_t len = abstract_addr(&addr, name);
	int server = socket(AF_UNIX, SOCK_STREAM, 0);
	int err;

	if (server < 0)
		return -errno;
	if (bind(server, (struct sockaddr *)&addr, len) != 0 || listen(server, 1) != 0)
		err = -errno;
	else
		err = connect_abstract(name);
	close(server);
	return err;
}

static int socketpair_unix(void)
{
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
		return -errno;
	close(sv[0]);
	close(sv[1]);
	return 0;
}

static int inet_stream(void) { return try_socket(AF_INET, SOCK_STREAM, 0); }
static int inet_dgram(void) { return try_socket(AF_INET, SOCK_DGRAM, 0); }
static int inet_raw(void) { return try_socket(AF_INET, SOCK_RAW, 1); }
static int inet6_stream(void) { return try_socket(AF_INET6, SOCK_STREAM, 0); }
static int netlink_route(void) { return try_socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE); }
static int netlink_uevent(void) { return try_socket(AF_NETLINK, SOCK_DGRAM, NETLINK_KOBJECT_UEVENT); }
static int packet_raw(void) { return try_socket(AF_PACKET, SOCK_RAW, 0); }
static int victim_stream(void) { return connect_abstract(VICTIM_STREAM_NAME); }
static int victim_dgram(void) { return send_abstract(VICTIM_DGRAM_NAME); }

const struct attack_case net_cases[] = {
	{ "sockets: AF_INET stream", -EACCES, inet_stream },
	{ "sockets: AF_INET datagram", -EACCES, inet_dgram },
	{ "sockets: AF_INET raw", -EACCES, inet_raw },
	{ "sockets: AF_INET6 stream", -EACCES, inet6_stream },
	{ "sockets: netlink route", -EACCES, netlink_route },
	{ "sockets: netlink uevent", -EACCES, netlink_uevent },
	{ "sockets: AF_PACKET raw", -EACCES, packet_raw },
	{ "sockets: connect to the victim's abstract socket", -EACCES, victim_stream },
	{ "sockets: send to the victim's abstract datagram socket", -EACCES, victim_dgram },
	{ "sockets: AF_UNIX socketpair (positive)", 0, socketpair_unix },
	{ "sockets: its own abstract listener (positive)", 0, connect_own_listener },
};
const unsigned net_case_count = CASE_COUNT(net_cases);
