/* net_modes.h — how each network interface got its IPv4 address, for
 * NET_STATUS's ip_mode (spherule/app_service.h): the boot's static
 * configuration from net.conf (net_up.h), or what the network manager
 * applied since (NET_APPLY: a DHCP lease, or net.conf's line as its static
 * fallback; or an app's static configuration, NetworkConfig). An
 * interface nobody configured has none. An app's static configuration
 * holds the interface: the network manager's configurations are refused
 * until an app gives it back to DHCP. Memory only: a reboot forgets the
 * hold and the interface returns to DHCP. */
#ifndef APPMGR_NET_MODES_H
#define APPMGR_NET_MODES_H

#include <stdbool.h>
#include <stdint.h>

#include "net_conf.h"
#include "spherule/app_service.h"
#include "spherule/manifest.h"

struct net_mode {
	char name[NET_CONF_IFNAME_MAX];           /* "": a free entry */
	uint8_t mode;                             /* APP_SVC_IP_MODE_* */
	char held_by[MANIFEST_MAX_NAME_LEN + 1];  /* the app whose static configuration holds it, or "" */
};

struct net_modes {
	struct net_mode iface[APP_SVC_MAX_IFACES];
};

/* Remembers that interface name got its address by mode; an interface
 * more than the table holds is not remembered (NET_STATUS lists at most
 * as many). */
void net_modes_set(struct net_modes *m, const char *name, uint8_t mode);

/* How interface name got its address: APP_SVC_IP_MODE_NONE when unknown. */
uint8_t net_modes_get(const struct net_modes *m, const char *name);

/* Marks interface name as held by the app named app (its manifest Name,
 * truncated to fit), or, app NULL, as held by nobody. */
void net_modes_hold(struct net_modes *m, const char *name, const char *app);

/* The name of the app holding interface name, or NULL: none. */
const char *net_modes_holder(const struct net_modes *m, const char *name);

#endif
