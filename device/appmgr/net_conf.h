/* net_conf.h — the board's static network settings, /etc/spherule/net.conf:
 * one interface per line,
 *
 *   # interface address prefix-length [gateway]
 *   eth0 10.0.2.15 24 10.0.2.2
 *
 * which appmgr applies at boot (net_up.h) until a network manager app takes
 * over. The loopback needs no line: it is always brought up. */
#ifndef APPMGR_NET_CONF_H
#define APPMGR_NET_CONF_H

#include <stddef.h>
#include <stdint.h>

#include "spherule/error_detail.h"

#define NET_CONF_MAX_IFACES 2u
#define NET_CONF_IFNAME_MAX 16u  /* with its NUL: IFNAMSIZ */

struct net_conf_iface {
	char name[NET_CONF_IFNAME_MAX];
	uint32_t address;  /* network byte order */
	uint32_t netmask;  /* network byte order */
	uint32_t gateway;  /* network byte order, 0 for none */
};

struct net_conf {
	struct net_conf_iface iface[NET_CONF_MAX_IFACES];
	unsigned count;
};

/* Adds every valid line of text to c (zeroed by the caller). Returns the
 * number of lines refused (fields missing or extra, a bad address, a prefix
 * length outside 1..32, a name too long or already given, too many
 * interfaces); why receives the reason for the first of them. */
int net_conf_parse(const char *text, size_t len, struct net_conf *c, struct error_detail *why);

/* The netmask of a prefix length 1..32, network byte order. */
uint32_t net_conf_netmask(unsigned prefix_len);

/* c's interface called name, or NULL. */
const struct net_conf_iface *net_conf_find(const struct net_conf *c, const char *name);

/* Reads path into c (zeroed first): refused lines as above, or -errno when
 * the file cannot be read (-ENOENT when it does not exist: no interface). */
int net_conf_load(const char *path, struct net_conf *c, struct error_detail *why);

#endif
