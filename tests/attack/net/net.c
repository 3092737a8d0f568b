/* net.c — the network cases of the attack suite (docs/security-model.md):
 * an app whose manifest allows 10.0.2.100, the host svc.spherule.test, the
 * domain *.wild.spherule.test, TCP server port 8080 and UDP port 5353. It
 * reaches the host's peer through the allowed address and through the
 * address the resolver app published for svc.spherule.test, accepts the
 * host's connection on 8080, and is refused every other destination, port
 * and socket kind with EACCES, and the hosts file with EPERM. Its cases on
 * the loopback (its sockets' mark, the resolver's port 127.0.0.1:53) are in
 * loopback.c and run first. Prints
 *   net: ok N - <case> (got <errno name>)
 * per case (case_report.h), "net: listening on 8080" when the host may
 * connect, then "net: done P passed, F failed", and stays idle. */
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <linux/spherule.h>

#include "attempts.h"
#include "case_report.h"
#include "loopback.h"
#include "net_names.h"
#include "net_sockets.h"

#define WAIT_STEP_MS 200
#define WAIT_MAX_MS 90000
#define IO_TIMEOUT_MS 30000

static void sleep_ms(unsigned ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* Reads one line from fd into buf (NUL-terminated, no newline); -errno. */
static int read_line(int fd, char *buf, size_t size)
{
	size_t len = 0;

	while (len + 1 < size) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		ssize_t n;

		if (poll(&p, 1, IO_TIMEOUT_MS) != 1)
			return -ETIMEDOUT;
		n = read(fd, buf + len, 1);
		if (n <= 0)
			return n == 0 ? -ECONNRESET : -errno;
		if (buf[len] == '\n')
			break;
		len++;
	}
	buf[len] = '\0';
	return 0;
}

/* Connects to addr:port, sends "ping <addr>" and expects the host peer's
 * "pong ping <addr>". */
static int ping_peer(const char *addr, unsigned port)
{
	struct sockaddr_in sin = inet_addr_port(addr, port);
	char line[128], want[128];
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int err = 0;

	if (fd < 0)
		return -errno;
	snprintf(line, sizeof(line), "ping %s\n", addr);
	snprintf(want, sizeof(want), "pong ping %s", addr);
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) != 0 ||
	    write(fd, line, strlen(line)) != (ssize_t)strlen(line))
		err = -errno;
	else
		err = read_line(fd, line, sizeof(line));
	if (err == 0 && strcmp(line, want) != 0)
		err = -EBADMSG;
	close(fd);
	return err;
}

/* A socket of type, bound to port of the given family (AF_INET or
 * AF_UNSPEC with INADDR_ANY); the fd, or -errno. */
static int bound_socket(int type, int family, unsigned port)
{
	struct sockaddr_in sin = inet_addr_port("0.0.0.0", port);
	int fd = socket(AF_INET, type | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -errno;
	sin.sin_family = (sa_family_t)family;
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) != 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

static int try_bind(int type, int family, unsigned port)
{
	int fd = bound_socket(type, family, port);

	if (fd < 0)
		return fd;
	close(fd);
	return 0;
}

static int listed_address(void) { return ping_peer(PEER_ADDR, PEER_PORT); }
static int published_address(void) { return ping_peer(PUBLISHED_ADDR, PUBLISHED_PORT); }
static int wildcard_address(void) { return try_sendto(WILD_ADDR, 9, AF_INET); }
static int other_host_address(void) { return try_connect(SOCK_STREAM, OTHER_ADDR, PEER_PORT); }
static int withdrawn_address(void) { return try_sendto(WITHDRAWN_ADDR, 9, AF_INET); }
static int unlisted_address(void) { return try_connect(SOCK_STREAM, "10.0.2.99", PEER_PORT); }
static int loopback_address(void) { return try_connect(SOCK_STREAM, "127.0.0.1", PEER_PORT); }
static int gateway_address(void) { return try_connect(SOCK_STREAM, "10.0.2.2", 22); }
static int udp_connect_unlisted(void) { return try_connect(SOCK_DGRAM, "10.0.2.99", 53); }
static int udp_to_dns(void) { return try_sendto("10.0.2.3", 53, AF_INET); }
static int udp_unspec_family(void) { return try_sendto("10.0.2.99", 53, AF_UNSPEC); }

static int sendmmsg_unlisted(void)
{
	struct sockaddr_in sin = inet_addr_port("10.0.2.99", 53);
	struct iovec iov = { .iov_base = "x", .iov_len = 1 };
	struct mmsghdr msg = { .msg_hdr = { .msg_name = &sin, .msg_namelen = sizeof(sin),
					    .msg_iov = &iov, .msg_iovlen = 1 } };
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	int err;

	if (fd < 0)
		return -errno;
	err = sendmmsg(fd, &msg, 1, 0) == 1 ? 0 : -errno;
	close(fd);
	return err;
}

static int fastopen_unlisted(void) { return try_fastopen("10.0.2.99", PEER_PORT); }

static int bind_tcp_other(void) { return try_bind(SOCK_STREAM, AF_INET, SERVER_PORT + 1); }
static int bind_tcp_udp_port(void) { return try_bind(SOCK_STREAM, AF_INET, UDP_SERVER_PORT); }
static int bind_udp_other(void) { return try_bind(SOCK_DGRAM, AF_INET, UDP_SERVER_PORT + 1); }
static int bind_udp_granted(void) { return try_bind(SOCK_DGRAM, AF_INET, UDP_SERVER_PORT); }
static int bind_unspec_other(void) { return try_bind(SOCK_STREAM, AF_UNSPEC, SERVER_PORT + 1); }

static int listen_ephemeral(void)
{
	int fd = bound_socket(SOCK_STREAM, AF_INET, 0);
	int err;

	if (fd < 0)
		return fd;
	err = listen(fd, 1) == 0 ? 0 : -errno;
	close(fd);
	return err;
}

static int listen_unbound(void)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int err;

	if (fd < 0)
		return -errno;
	err = listen(fd, 1) == 0 ? 0 : -errno;
	close(fd);
	return err;
}

static int raw_socket(void) { return try_socket(AF_INET, SOCK_RAW, IPPROTO_ICMP); }
static int ping_socket(void) { return try_socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP); }
static int sctp_socket(void) { return try_socket(AF_INET, SOCK_STREAM, IPPROTO_SCTP); }
static int packet_socket(void) { return try_socket(AF_PACKET, SOCK_RAW, 0); }
static int netlink_socket(void) { return try_socket(AF_NETLINK, SOCK_RAW, 0); }
static int inet6_socket(void) { return try_socket(AF_INET6, SOCK_STREAM, 0); }

static int publish_address(void)
{
	static const char line[] = "evil.spherule.test 10.0.2.99 600\n";

	return try_write_file(SPHERULE_FS_HOSTS, line, sizeof(line) - 1);
}

/* Listens on the granted port, says so, and echoes one line of the host's
 * connection (through the emulator's --hostfwd) as "echo <line>". */
static int serve_host(void)
{
	int server = bound_socket(SOCK_STREAM, AF_INET, SERVER_PORT);
	struct pollfd p = { .fd = server, .events = POLLIN };
	char line[128], reply[160];
	int fd, err;

	if (server < 0)
		return server;
	if (listen(server, 1) != 0) {
		err = -errno;
		close(server);
		return err;
	}
	printf("net: listening on %d\n", SERVER_PORT);
	if (poll(&p, 1, 4 * IO_TIMEOUT_MS) != 1) {
		close(server);
		return -ETIMEDOUT;
	}
	fd = accept4(server, NULL, NULL, SOCK_CLOEXEC);
	err = fd < 0 ? -errno : read_line(fd, line, sizeof(line));
	if (err == 0) {
		int n = snprintf(reply, sizeof(reply), "echo %s\n", line);

		err = write(fd, reply, (size_t)n) == n ? 0 : -errno;
	}
	if (fd >= 0)
		close(fd);
	close(server);
	return err;
}

/* Waits until the published address is refused again (its lifetime ended). */
static int published_expires(void)
{
	int err = 0;

	for (unsigned ms = 0; ms < WAIT_MAX_MS && err == 0; ms += WAIT_STEP_MS) {
		err = try_sendto(PUBLISHED_ADDR, 9, AF_INET);
		if (err == 0)
			sleep_ms(WAIT_STEP_MS);
	}
	return err;
}

static int published_after_expiry(void)
{
	return try_connect(SOCK_STREAM, PUBLISHED_ADDR, PUBLISHED_PORT);
}

static const struct attack_case cases[] = {
	{ "network: the listed address reaches the host's peer (positive)", 0, listed_address },
	{ "network: the address published for a named host reaches the host's peer (positive)", 0,
	  published_address },
	{ "network: an address published for a host of a named domain (positive)", 0, wildcard_address },
	{ "network: connect to an address published for a host it does not name", -EACCES,
	  other_host_address },
	{ "network: send to an address whose publication was withdrawn", -EACCES, withdrawn_address },
	{ "network: connect to an address it does not list", -EACCES, unlisted_address },
	{ "network: connect to the loopback", -EACCES, loopback_address },
	{ "network: connect to the gateway", -EACCES, gateway_address },
	{ "network: UDP connect to an address it does not list", -EACCES, udp_connect_unlisted },
	{ "network: UDP send to the DNS server", -EACCES, udp_to_dns },
	{ "network: UDP send with an AF_UNSPEC destination", -EACCES, udp_unspec_family },
	{ "network: sendmmsg to an address it does not list", -EACCES, sendmmsg_unlisted },
	{ "network: TCP fast open to an address it does not list", -EACCES, fastopen_unlisted },
	{ "network: bind a TCP port not granted", -EACCES, bind_tcp_other },
	{ "network: bind TCP on a port granted for UDP only", -EACCES, bind_tcp_udp_port },
	{ "network: bind a UDP port not granted", -EACCES, bind_udp_other },
	{ "network: bind with an AF_UNSPEC address to a port not granted", -EACCES, bind_unspec_other },
	{ "network: bind the granted UDP port (positive)", 0, bind_udp_granted },
	{ "network: listen on an ephemeral port", -EACCES, listen_ephemeral },
	{ "network: listen on an unbound socket", -EACCES, listen_unbound },
	{ "network: raw socket", -EACCES, raw_socket },
	{ "network: ICMP datagram socket", -EACCES, ping_socket },
	{ "network: SCTP socket", -EACCES, sctp_socket },
	{ "network: AF_PACKET socket", -EACCES, packet_socket },
	{ "network: netlink socket", -EACCES, netlink_socket },
	{ "network: AF_INET6 socket", -EACCES, inet6_socket },
	{ "network: publish a host address (not the host resolver)", -EPERM, publish_address },
	{ "network: the host connects to the granted TCP port (positive)", 0, serve_host },
	{ "network: the published address expires with its lifetime", -EACCES, published_expires },
	{ "network: connect to the published address after it expired", -EACCES,
	  published_after_expiry },
};

int main(void)
{
	/* Paced: 41 lines, most of them at once, would exceed appmgr's console
	 * burst for the app. */
	struct case_run run = { .prefix = "net", .pace_ms = CASE_LINE_PACE_MS };

	setvbuf(stdout, NULL, _IOLBF, 0);
	/* The resolver app publishes the wildcard host's address last. */
	for (unsigned ms = 0; ms < WAIT_MAX_MS && wildcard_address() != 0; ms += WAIT_STEP_MS)
		sleep_ms(WAIT_STEP_MS);
	printf("net: start\n");
	/* The loopback cases first: the resolver app waits for them. */
	case_run_table(&run, loopback_cases, loopback_case_count);
	case_run_table(&run, cases, CASE_COUNT(cases));
	case_run_done(&run);
	for (;;)
		pause();
}
