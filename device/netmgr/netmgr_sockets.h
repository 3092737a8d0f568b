/* netmgr_sockets.h — the sockets netmgr serves on: 127.0.0.1:53 UDP for
 * apps' DNS queries (each datagram's mark, the sending app's uid, readable
 * with SO_RCVMARK) and 0.0.0.0:68 UDP on one interface for DHCP (limited
 * broadcast allowed, bound to the device: no AF_PACKET on this kernel).
 * Ports below 1024 without a capability: the rootfs sysctl
 * net.ipv4.ip_unprivileged_port_start = 53; the LSM decides who binds. */
#ifndef NETMGR_SOCKETS_H
#define NETMGR_SOCKETS_H

#include <stdint.h>

/* The DNS listening socket, non-blocking: a descriptor or -errno. */
int netmgr_open_dns_listener(void);

/* The DHCP socket of interface ifname, non-blocking, and the interface's
 * hardware address into mac (SIOCGIFHWADDR): a descriptor or -errno. */
int netmgr_open_dhcp_socket(const char *ifname, uint8_t mac[6]);

#endif
