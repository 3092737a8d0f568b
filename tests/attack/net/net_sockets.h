/* net_sockets.h — the socket attempts of the net app's cases (net.c,
 * loopback.c): each returns 0 when the operation succeeded, or -errno. */
#ifndef ATTACK_NET_SOCKETS_H
#define ATTACK_NET_SOCKETS_H

#include <netinet/in.h>

/* An AF_INET address: addr (dotted quad) and port. */
struct sockaddr_in inet_addr_port(const char *addr, unsigned port);

/* A socket of type (SOCK_STREAM, SOCK_DGRAM) connected to addr:port. */
int try_connect(int type, const char *addr, unsigned port);

/* One UDP datagram to addr:port, the destination's family set to family. */
int try_sendto(const char *addr, unsigned port, int family);

/* TCP fast open: one byte sent with MSG_FASTOPEN to addr:port. */
int try_fastopen(const char *addr, unsigned port);

#endif
