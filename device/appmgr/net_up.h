/* net_up.h — configuring the board's network interfaces with ioctls: at
 * boot the loopback always, and each interface of net.conf (net_conf.h)
 * that the board has, with its static address and default route; later
 * one interface at a time, as the network manager asks (NET_APPLY, the app
 * service). */
#ifndef APPMGR_NET_UP_H
#define APPMGR_NET_UP_H

#include "net_conf.h"
#include "net_modes.h"

/* Gives interface i its IPv4 address and netmask (replacing the address it
 * had), brings it up and, when i has a gateway, makes that the default
 * route (replacing the default route there was). 0, or the -errno of the
 * step that failed (-ENODEV: no such interface). */
int net_iface_configure(const struct net_conf_iface *i);

/* Brings up the loopback, then each interface of c that exists, logging
 * what it did and why an interface was left down (absent: the emulator
 * attaches a NIC only when asked to); each one configured is static in
 * modes. Returns the number of failures. */
int net_up(const struct net_conf *c, struct net_modes *modes);

#endif
