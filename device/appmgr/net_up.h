/* net_up.h — bringing up the board's network interfaces at boot: the
 * loopback always, and each interface of net.conf (net_conf.h) that the
 * board has, with its static address and default route. */
#ifndef APPMGR_NET_UP_H
#define APPMGR_NET_UP_H

#include "net_conf.h"

/* Brings up the loopback, then each interface of c that exists, logging
 * what it did and why an interface was left down (absent: the emulator
 * attaches a NIC only when asked to). Returns the number of failures. */
int net_up(const struct net_conf *c);

#endif
