/* netmgr_dns_proxy_stub.c — a DNS proxy that does nothing, for the host
 * build of the netmgr daemon that test_netmgr_daemon.sh runs without a dns
 * line (the proxy is tested on its own). It touches no field of struct
 * dns_proxy, so it builds against the proxy's own header too. */
#include "dns_proxy.h"

int dns_proxy_open(struct dns_proxy *p, const struct dns_proxy_config *c, int listen_fd, struct svc_client *svc)
{
	return 0;
}

int dns_proxy_fds(const struct dns_proxy *p, struct pollfd *out, int max)
{
	return 0;
}

void dns_proxy_handle(struct dns_proxy *p, const struct pollfd *fds, int n, uint64_t now_ms)
{
}

int dns_proxy_timeout_ms(const struct dns_proxy *p, uint64_t now_ms)
{
	return -1;
}

void dns_proxy_close(struct dns_proxy *p)
{
}
