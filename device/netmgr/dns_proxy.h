/* dns_proxy.h — netmgr's DNS proxy, the API of netmgr's contract (issue 16):
 * answers apps' queries on 127.0.0.1:53 UDP for names in their
 * AllowedConnections, forwards them upstream and publishes the addresses.
 * Placeholder with the contract's declarations only, so that netmgr's main
 * loop compiles before the proxy lands; the proxy's own header replaces
 * this file, struct dns_proxy included. */
#ifndef NETMGR_DNS_PROXY_H
#define NETMGR_DNS_PROXY_H

#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>

struct svc_client;

struct dns_proxy_config {
	struct in_addr upstream;
	uint16_t upstream_port;
	bool upstream_tcp;
	uint32_t ttl_min_s, ttl_max_s;
	const char *hosts_path;
};

/* Placeholder: the proxy's header defines the real state. */
struct dns_proxy {
	int listen_fd;
};

/* listen_fd: bound 127.0.0.1:53 UDP, SO_RCVMARK on. */
int dns_proxy_open(struct dns_proxy *p, const struct dns_proxy_config *c, int listen_fd,
		   struct svc_client *svc);
/* The fds to poll, at most max, into out: their count. */
int dns_proxy_fds(const struct dns_proxy *p, struct pollfd *out, int max);
void dns_proxy_handle(struct dns_proxy *p, const struct pollfd *fds, int n, uint64_t now_ms);
/* Milliseconds until the proxy's next deadline; -1: none. */
int dns_proxy_timeout_ms(const struct dns_proxy *p, uint64_t now_ms);
void dns_proxy_close(struct dns_proxy *p);

#endif
