/* net_ifaces.c — the network interfaces, read with getifaddrs (see net_ifaces.h). */
#include "net_ifaces.h"

#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netpacket/packet.h>
#include <stdio.h>
#include <string.h>

static struct net_iface *iface_named(struct net_iface *out, unsigned *n, unsigned max, const char *name)
{
	for (unsigned i = 0; i < *n; i++)
		if (strncmp(out[i].name, name, sizeof(out[i].name)) == 0)
			return &out[i];
	if (*n == max)
		return NULL;
	memset(&out[*n], 0, sizeof(out[*n]));
	snprintf(out[*n].name, sizeof(out[*n].name), "%s", name);
	return &out[(*n)++];
}

unsigned net_ifaces_read(struct net_iface *out, unsigned max)
{
	struct ifaddrs *list, *ifa;
	unsigned n = 0;

	if (getifaddrs(&list) != 0)
		return 0;
	for (ifa = list; ifa; ifa = ifa->ifa_next) {
		struct net_iface *r = iface_named(out, &n, max, ifa->ifa_name);

		if (!r)
			continue;
		r->flags = ifa->ifa_flags;
		if (ifa->ifa_addr && ifa->ifa_addr->sa_family == AF_INET) {
			const struct sockaddr_in *in = (const void *)ifa->ifa_addr;
			const struct sockaddr_in *mask = (const void *)ifa->ifa_netmask;

			memcpy(r->ipv4, &in->sin_addr, 4);
			r->prefix_len = mask ? (uint8_t)__builtin_popcount(mask->sin_addr.s_addr) : 0;
		} else if (ifa->ifa_addr && ifa->ifa_addr->sa_family == AF_PACKET) {
			const struct sockaddr_ll *ll = (const void *)ifa->ifa_addr;

			if (ll->sll_halen == 6)
				memcpy(r->mac, ll->sll_addr, 6);
		}
	}
	freeifaddrs(list);
	return n;
}
