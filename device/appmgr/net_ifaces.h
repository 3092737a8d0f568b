/* net_ifaces.h — the device's network interfaces as they are now
 * (getifaddrs): their flags, IPv4 address and prefix, MAC address. Read for
 * devctl's NET answer (ctl_records.h) and apps' NET_STATUS (app service). */
#ifndef APPMGR_NET_IFACES_H
#define APPMGR_NET_IFACES_H

#include <stdint.h>

struct net_iface {
	char name[16];
	unsigned flags;          /* IFF_UP, IFF_RUNNING, ... */
	uint8_t prefix_len;
	uint8_t mac[6];
	uint8_t ipv4[4];         /* all zero: none */
};

/* Fills up to max interfaces; returns how many. */
unsigned net_ifaces_read(struct net_iface *out, unsigned max);

#endif
