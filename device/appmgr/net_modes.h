/* net_modes.h — how each network interface got its IPv4 address, for
 * NET_STATUS's ip_mode (spherule/app_service.h): the boot's static
 * configuration from net.conf (net_up.h), or what the network manager
 * applied since (NET_APPLY: a DHCP lease, or net.conf's line as its static
 * fallback). An interface nobody configured has none. */
#ifndef APPMGR_NET_MODES_H
#define APPMGR_NET_MODES_H

#include <stdint.h>

#include "net_conf.h"
#include "spherule/app_service.h"

struct net_modes {
	struct {
		char name[NET_CONF_IFNAME_MAX];  /* "": a free entry */
		uint8_t mode;                    /* APP_SVC_IP_MODE_* */
	} iface[APP_SVC_MAX_IFACES];
};

/* Remembers that interface name got its address by mode; an interface
 * more than the table holds is not remembered (NET_STATUS lists at most
 * as many). */
void net_modes_set(struct net_modes *m, const char *name, uint8_t mode);

/* How interface name got its address: APP_SVC_IP_MODE_NONE when unknown. */
uint8_t net_modes_get(const struct net_modes *m, const char *name);

#endif
