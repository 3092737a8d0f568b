/*
 * dns_proxy.h - netmgr's resolver for apps: answers the DNS queries apps'
 * musl sends to 127.0.0.1:53, for the names in the asking app's
 * AllowedConnections only (appmgr's RESOLVE_CHECK decides; the app is the
 * uid the LSM stamped as the datagram's mark), by asking the upstream
 * server, publishing the addresses to the LSM's hosts file and building the
 * app's answer itself. A name the app may not resolve gets NXDOMAIN and
 * nothing is published. Driven by the caller's poll loop; never blocks
 * (but for appmgr's prompt answer to RESOLVE_CHECK); fixed tables only.
 */
#ifndef NETMGR_DNS_PROXY_H
#define NETMGR_DNS_PROXY_H

#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>

#include "dns_pending.h"
#include "dns_rate.h"

struct svc_client;

struct dns_proxy_config {
	struct in_addr upstream;	/* the DNS server */
	uint16_t upstream_port;		/* host order */
	bool upstream_tcp;		/* RFC 7766 TCP; UDP asks again over TCP on TC */
	uint32_t ttl_min_s, ttl_max_s;	/* a record's TTL clamped to this is its lifetime */
	const char *hosts_path;		/* /sys/kernel/security/spherule/hosts */
};

/* Addresses published and answered per name. */
#define DNS_PROXY_ADDRS_MAX 4
/* What dns_proxy_fds may return: the listening socket and the upstream
 * sockets of the pending questions. */
#define DNS_PROXY_FDS_MAX (1 + DNS_PENDING_MAX)

struct dns_proxy {
	struct dns_proxy_config cfg;
	int listen_fd;			/* the caller's */
	int hosts_fd;
	struct svc_client *svc;
	struct dns_pending pending;
	struct dns_rate_apps apps;
	struct dns_rate log;		/* log lines */
};

/*
 * Starts the proxy on listen_fd (a UDP socket bound to 127.0.0.1:53; it
 * stays the caller's) and turns on SO_RCVMARK on it; opens c->hosts_path
 * for writing. Returns 0 or a negative errno (-EINVAL for a TTL range
 * that is empty, starts at 0 or ends over a day).
 */
int dns_proxy_open(struct dns_proxy *p, const struct dns_proxy_config *c, int listen_fd,
		   struct svc_client *svc);

/* Fills out with the fds to poll and their events; returns how many, or
 * -ENOSPC when max is too small (DNS_PROXY_FDS_MAX is always enough). */
int dns_proxy_fds(const struct dns_proxy *p, struct pollfd *out, int max);

/* Acts on what poll returned for fds[n] (fds the proxy does not know are
 * ignored) and on the timers due at now_ms (CLOCK_MONOTONIC, ms). */
void dns_proxy_handle(struct dns_proxy *p, const struct pollfd *fds, int n, uint64_t now_ms);

/* Milliseconds until the next timer at now_ms, or -1 when none is set. */
int dns_proxy_timeout_ms(const struct dns_proxy *p, uint64_t now_ms);

/* Closes the upstream sockets (their apps get no answer) and the hosts
 * file; also after a failed dns_proxy_open. */
void dns_proxy_close(struct dns_proxy *p);

#endif
