/* main.c — netmgr, the network manager system app (docs/netmgr.md):
 * configures the DHCP interface (NET_APPLY through appmgr, the static
 * fallback of net.conf when no server answers), sets the clock by SNTP
 * (TIME_SET through appmgr), and answers apps' DNS queries on 127.0.0.1:53
 * (the dns proxy), all from one poll loop that never blocks on a peer.
 * appmgr starts it as an app (no root, no capabilities) with its app
 * service socket named by SPHERULE_APP_SERVICE. Reads etc/netmgr.conf of
 * its image package, or the file its first argument names (netmgr_conf.h). Logs on stderr (appmgr's
 * log). Exits 0 on SIGTERM, 1 when a socket cannot be opened, 2 on a
 * configuration error or without app service (appmgr starts it again). */
#include <applibs/storage.h>
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "appmgr_calls.h"
#include "dhcp_client.h"
#include "dns_proxy.h"
#include "netmgr_conf.h"
#include "netmgr_sockets.h"
#include "sntp_client.h"
#include "spherule/app_service.h"
#include "svc_client.h"

#define LSM_HOSTS_PATH "/sys/kernel/security/spherule/hosts"
#define DNS_TTL_MIN_S 5u
#define DNS_TTL_MAX_S 3600u
#define MAX_POLL_FDS 24
#define DHCP_BURST 8

static volatile sig_atomic_t stopping;

static void on_sigterm(int sig)
{
	stopping = 1;
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static uint64_t random64(void *ctx)
{
	uint64_t v = 0;

	while (getrandom(&v, sizeof(v), 0) != sizeof(v) && errno == EINTR)
		;
	return v;
}

static uint32_t random32(void *ctx)
{
	return (uint32_t)random64(ctx);
}

static int dhcp_send(void *ctx, const uint8_t *msg, size_t len, struct in_addr dst)
{
	struct netmgr_link *l = ctx;
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(DHCP_SERVER_PORT), .sin_addr = dst };

	return sendto(l->dhcp_fd, msg, len, 0, (struct sockaddr *)&to, sizeof(to)) < 0 ? -errno : 0;
}

/* Takes the datagrams waiting on the DHCP socket, at most DHCP_BURST a
 * round so that a flood cannot starve the rest of the loop. */
static void dhcp_receive_some(struct dhcp_client *c, int fd)
{
	uint8_t msg[DHCP_MSG_MAX];
	ssize_t n;

	for (int i = 0; i < DHCP_BURST && (n = recv(fd, msg, sizeof(msg), MSG_TRUNC)) >= 0; i++)
		if ((size_t)n <= sizeof(msg))
			dhcp_client_receive(c, msg, (size_t)n, now_ms());
}

static int min_timeout(int a, int b)
{
	return a < 0 ? b : b < 0 ? a : a < b ? a : b;
}

struct netmgr {
	struct netmgr_conf conf;
	struct svc_client svc;
	struct netmgr_link link;
	struct dhcp_io dhcp_io;
	struct sntp_io sntp_io;
	struct dhcp_client dhcp;
	struct sntp_client sntp;
	struct dns_proxy dns;
	int dns_fd;
	bool dns_open;
};

/* One round of the loop: poll, then hand out what is ready and due. */
static void run_once(struct netmgr *m, const sigset_t *unblocked)
{
	struct pollfd fds[MAX_POLL_FDS];
	int n = 0, dhcp_n = 0, sntp_n = 0, dns_n = 0, timeout = -1;
	uint64_t now = now_ms();
	struct timespec ts, *tsp = NULL;

	if (m->link.dhcp_fd >= 0) {
		fds[n++] = (struct pollfd){ .fd = m->link.dhcp_fd, .events = POLLIN };
		dhcp_n = 1;
		timeout = dhcp_client_timeout_ms(&m->dhcp, now);
	}
	if (m->conf.ntp.set) {
		sntp_n = sntp_client_fd(&m->sntp, &fds[n]);
		n += sntp_n;
		timeout = min_timeout(timeout, sntp_client_timeout_ms(&m->sntp, now));
	}
	if (m->dns_open) {
		dns_n = dns_proxy_fds(&m->dns, &fds[n], MAX_POLL_FDS - n);
		n += dns_n;
		timeout = min_timeout(timeout, dns_proxy_timeout_ms(&m->dns, now));
	}
	if (timeout >= 0) {
		ts = (struct timespec){ .tv_sec = timeout / 1000, .tv_nsec = (long)(timeout % 1000) * 1000000 };
		tsp = &ts;
	}
	if (ppoll(fds, (nfds_t)n, tsp, unblocked) < 0) {
		if (errno != EINTR)
			fprintf(stderr, "netmgr: poll: %s\n", strerror(errno));
		return;
	}
	if (dhcp_n) {
		if (fds[0].revents)
			dhcp_receive_some(&m->dhcp, m->link.dhcp_fd);
		dhcp_client_tick(&m->dhcp, now_ms());
	}
	if (m->conf.ntp.set) {
		if (sntp_n)
			sntp_client_handle(&m->sntp, fds[dhcp_n].revents, now_ms());
		sntp_client_tick(&m->sntp, now_ms());
	}
	if (dns_n)
		dns_proxy_handle(&m->dns, &fds[dhcp_n + sntp_n], dns_n, now_ms());
}

/* Starts what the configuration asks for: 0, or the exit status. */
static int start(struct netmgr *m)
{
	uint8_t mac[6];
	int fd;

	m->link = (struct netmgr_link){ .svc = &m->svc, .ifname = m->conf.dhcp_ifname, .dhcp_fd = -1 };
	m->dhcp_io = (struct dhcp_io){ dhcp_send, appmgr_apply_lease, random32, &m->link, stderr };
	m->sntp_io = (struct sntp_io){ appmgr_timesync_enabled, appmgr_set_time, random64, &m->link, stderr };
	if (m->conf.dhcp_ifname[0]) {
		fd = netmgr_open_dhcp_socket(m->conf.dhcp_ifname, mac);
		if (fd < 0) {
			fprintf(stderr, "netmgr: %s: DHCP socket 0.0.0.0:68: %s\n", m->conf.dhcp_ifname, strerror(-fd));
			return 1;
		}
		m->link.dhcp_fd = fd;
		dhcp_client_start(&m->dhcp, m->conf.dhcp_ifname, mac, &m->dhcp_io, now_ms());
	}
	if (m->conf.ntp.set)
		sntp_client_start(&m->sntp, m->conf.ntp.addr, m->conf.ntp.port, m->conf.ntp.tcp, m->conf.ntp_poll_s,
				  &m->sntp_io, now_ms());
	if (m->conf.dns.set) {
		struct dns_proxy_config dc = {
			.upstream = m->conf.dns.addr, .upstream_port = m->conf.dns.port,
			.upstream_tcp = m->conf.dns.tcp, .ttl_min_s = DNS_TTL_MIN_S, .ttl_max_s = DNS_TTL_MAX_S,
			.hosts_path = LSM_HOSTS_PATH,
		};
		int err;

		m->dns_fd = netmgr_open_dns_listener();
		if (m->dns_fd < 0) {
			fprintf(stderr, "netmgr: DNS socket 127.0.0.1:53: %s\n", strerror(-m->dns_fd));
			return 1;
		}
		err = dns_proxy_open(&m->dns, &dc, m->dns_fd, &m->svc);
		if (err < 0) {
			fprintf(stderr, "netmgr: dns proxy: %s\n", strerror(-err));
			return 1;
		}
		m->dns_open = true;
	}
	return 0;
}

static void stop(struct netmgr *m)
{
	if (m->dns_open)
		dns_proxy_close(&m->dns);
	if (m->conf.ntp.set)
		sntp_client_stop(&m->sntp);
	if (m->link.dhcp_fd >= 0)
		close(m->link.dhcp_fd);
}

int main(int argc, char **argv)
{
	static struct netmgr m;
	char *conf_path = argc > 1 ? strdup(argv[1]) : Storage_GetAbsolutePathInImagePackage(NETMGR_CONF_IN_IMAGE);
	struct error_detail why = { "" };
	struct sigaction sa = { .sa_handler = on_sigterm };
	sigset_t term, unblocked;
	int refused, status;

	if (!conf_path) {
		fprintf(stderr, "netmgr: %s: %s\n", NETMGR_CONF_IN_IMAGE, strerror(errno));
		return 2;
	}
	refused = netmgr_conf_load(conf_path, &m.conf, &why);
	if (refused != 0) {
		fprintf(stderr, "netmgr: %s: %s\n", conf_path, refused < 0 && !why.msg[0] ? strerror(-refused) :
			why.msg);
		return 2;
	}
	free(conf_path);
	if (svc_client_open(&m.svc) != 0) {
		fprintf(stderr, "netmgr: %s must name the app service socket\n", APP_SERVICE_ENV);
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	sigprocmask(SIG_BLOCK, &term, &unblocked);
	sigaction(SIGTERM, &sa, NULL);
	status = start(&m);
	if (status == 0) {
		fprintf(stderr, "netmgr: started (dhcp %s, dns %s, ntp %s)\n", m.conf.dhcp_ifname[0] ? m.conf.dhcp_ifname : "off",
			m.conf.dns.set ? "on" : "off", m.conf.ntp.set ? "on" : "off");
		while (!stopping)
			run_once(&m, &unblocked);
		fprintf(stderr, "netmgr: stopping\n");
	}
	stop(&m);
	return status;
}
