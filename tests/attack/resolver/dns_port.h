/* dns_port.h — the resolver app's cases on the resolver's port,
 * 127.0.0.1:53 UDP (dns_port.c): each returns 0 or -errno. */
#ifndef ATTACK_RESOLVER_DNS_PORT_H
#define ATTACK_RESOLVER_DNS_PORT_H

/* Binds 127.0.0.1:SPHERULE_RESOLVER_PORT (UDP) with SO_RCVMARK on, before
 * the net app starts; the socket stays open. */
int dns_port_bind(void);

/* Waits for the net app's "uid <uid>" datagram: its mark must be that uid,
 * not the resolver's own; answers "mark <mark>". */
int dns_port_marked_datagram(void);

/* Waits for the A query of the net app's getaddrinfo() of NX_HOST: its
 * mark must be the net app's uid; answers NXDOMAIN. */
int dns_port_musl_query(void);

#endif
