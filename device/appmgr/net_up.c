/* net_up.c — configures the network interfaces with ioctls (see net_up.h):
 * no netlink, no DHCP (the network manager app leases addresses and asks
 * appmgr to apply them). */
#include "net_up.h"

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <net/route.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "log.h"

static void set_sockaddr(struct sockaddr *sa, uint32_t addr)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_addr.s_addr = addr };

	memcpy(sa, &sin, sizeof(sin));
}

static int iface_up(int fd, const char *name)
{
	struct ifreq ifr = { 0 };

	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) != 0)
		return -errno;
	ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
	return ioctl(fd, SIOCSIFFLAGS, &ifr) == 0 ? 0 : -errno;
}

static int iface_address(int fd, const struct net_conf_iface *i)
{
	struct ifreq ifr = { 0 };

	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", i->name);
	set_sockaddr(&ifr.ifr_addr, i->address);
	if (ioctl(fd, SIOCSIFADDR, &ifr) != 0)
		return -errno;
	set_sockaddr(&ifr.ifr_netmask, i->netmask);
	return ioctl(fd, SIOCSIFNETMASK, &ifr) == 0 ? 0 : -errno;
}

/* The default route through i's gateway, replacing the one there was
 * (none: nothing to delete). */
static int default_route(int fd, const struct net_conf_iface *i)
{
	struct rtentry rt = { 0 };

	set_sockaddr(&rt.rt_dst, 0);
	set_sockaddr(&rt.rt_genmask, 0);
	if (ioctl(fd, SIOCDELRT, &rt) != 0 && errno != ESRCH)
		return -errno;
	set_sockaddr(&rt.rt_gateway, i->gateway);
	rt.rt_flags = RTF_UP | RTF_GATEWAY;
	rt.rt_dev = (char *)i->name;
	return ioctl(fd, SIOCADDRT, &rt) == 0 ? 0 : -errno;
}

int net_iface_configure(const struct net_conf_iface *i)
{
	int fd, err;

	if (if_nametoindex(i->name) == 0)
		return -ENODEV;
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	err = iface_address(fd, i);
	if (err == 0)
		err = iface_up(fd, i->name);
	if (err == 0 && i->gateway)
		err = default_route(fd, i);
	close(fd);
	return err;
}

static int configure(const struct net_conf_iface *i, struct net_modes *modes)
{
	char addr[INET_ADDRSTRLEN], gw[INET_ADDRSTRLEN];
	int err = net_iface_configure(i);

	if (err != 0) {
		log_line("network: %s: %s", i->name, strerror(-err));
		return err;
	}
	net_modes_set(modes, i->name, APP_SVC_IP_MODE_STATIC);
	inet_ntop(AF_INET, &i->address, addr, sizeof(addr));
	inet_ntop(AF_INET, &i->gateway, gw, sizeof(gw));
	log_line("network: %s up, %s/%d%s%s", i->name, addr, __builtin_popcount(i->netmask),
		 i->gateway ? ", gateway " : "", i->gateway ? gw : "");
	return 0;
}

int net_up(const struct net_conf *c, struct net_modes *modes)
{
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), failed = 0, err;

	if (fd < 0) {
		log_line("network: no IPv4 socket (%s): interfaces left down", strerror(errno));
		return 1;
	}
	err = iface_up(fd, "lo");
	if (err != 0) {
		log_line("network: lo: %s", strerror(-err));
		failed++;
	}
	for (unsigned i = 0; i < c->count; i++) {
		if (if_nametoindex(c->iface[i].name) == 0)
			log_line("network: %s absent (no NIC attached): left down", c->iface[i].name);
		else if (configure(&c->iface[i], modes) != 0)
			failed++;
	}
	close(fd);
	return failed;
}
