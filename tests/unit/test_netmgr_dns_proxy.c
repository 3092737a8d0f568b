/*
 * test_netmgr_dns_proxy.c - netmgr's resolver for apps (device/netmgr/
 * dns_proxy.h) over real loopback sockets: "apps" are UDP sockets whose
 * SO_MARK is their uid (as the LSM stamps it; setting it needs
 * CAP_NET_ADMIN, so without it the test runs in a user and network
 * namespace of its own), the upstream server is the test's own UDP and TCP
 * sockets answering as each case needs, the hosts file is a temporary file
 * (or /dev/full for the LSM's ENOSPC), and appmgr's RESOLVE_CHECK is the
 * fake svc_call below. The proxy's log (stderr) goes to a temporary file
 * the checks read.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <spherule/app_service.h>

#include "dns_proxy.h"
#include "svc_client.h"
#include "tap.h"

#define LOOPBACK htonl(INADDR_LOOPBACK)
#define APP 1001		/* may resolve allowed.example and *.wild.example */
#define OTHER_APP 1002		/* may resolve allowed.example */
#define FLOODER 1003		/* may resolve what APP may */
#define NO_APP 4242		/* no app has this uid */
#define BROKEN 4343		/* appmgr's check fails */

/* ---- the fake app service ---- */

static unsigned svc_calls;

int svc_call(struct svc_client *c, uint16_t op, uint32_t arg, uint32_t arg2, const void *payload,
	     size_t len, void *record, size_t record_len, char *reason, size_t reason_len)
{
	const char *name = payload;
	struct app_svc_resolve who = { .component_id = "00000000-0000-0000-0000-000000000000" };

	svc_calls++;
	if (op != APP_SVC_RESOLVE_CHECK || record_len != sizeof(who) || len != strlen(name) + 1)
		return -EINVAL;
	if (arg == NO_APP)
		return -ESRCH;
	if (arg == BROKEN) {
		snprintf(reason, reason_len, "appmgr is busy");
		return -EIO;
	}
	snprintf(who.name, sizeof(who.name), "app%u", (unsigned)arg);
	memcpy(record, &who, sizeof(who));
	if (strcmp(name, "allowed.example") == 0)
		return 0;
	if ((arg == APP || arg == FLOODER) && dns_name_matches("*.wild.example", name))
		return 0;
	return -ENOENT;
}

/* ---- the fake upstream server ---- */

enum up_mode {
	UP_ANSWER,	/* up.n_addrs addresses 10.0.2.100.. with up.ttl */
	UP_NXDOMAIN,
	UP_SILENT,	/* never answers */
	UP_HOLD,	/* keeps the queries; up_release answers them */
	UP_SPOOF,	/* wrong id, wrong question, wrong source, then the answer */
	UP_LOOP,	/* a record whose owner points at itself */
	UP_OVERSIZE,	/* longer than the proxy reads */
	UP_TC,		/* TC over UDP, the answer over TCP */
};

#define HELD_MAX 32
#define TCP_CONNS_MAX 4

struct held {
	struct dns_question q;
	struct sockaddr_in to;
};

static struct {
	enum up_mode mode;
	unsigned n_addrs;
	uint32_t ttl;
	unsigned queries, tcp_queries;
	int udp, tcp, spoofer;		/* tcp listens on udp's port */
	struct sockaddr_in addr, spoofer_addr;
	int conn[TCP_CONNS_MAX];
	unsigned n_held;
	struct held held[HELD_MAX];
} up;

static void up_send(int fd, const struct sockaddr_in *to, const uint8_t *msg, size_t len)
{
	uint8_t buf[2 + 2048];

	if (to) {
		sendto(fd, msg, len, 0, (const struct sockaddr *)to, sizeof(*to));
		return;
	}
	buf[0] = (uint8_t)(len >> 8);
	buf[1] = (uint8_t)len;
	memcpy(buf + 2, msg, len);
	send(fd, buf, len + 2, MSG_NOSIGNAL);
}

/* The last two bytes of the upstream's addresses 10.0.2.100.. */
#define ADDRS 0x0264

/* An answer to q with n addresses 10.0.<base> and on (base: the last two
 * bytes) and ttl, built with the codec's reply builder (an upstream answer
 * has its form). */
static int answer_to(uint8_t *buf, const struct dns_question *q, int rcode, unsigned n,
		     unsigned base, uint32_t ttl)
{
	struct dns_addr a[DNS_ADDRS_MAX] = { 0 };

	for (unsigned i = 0; i < n; i++)
		a[i] = (struct dns_addr){ { 10, 0, (uint8_t)(base >> 8), (uint8_t)(base + i) }, ttl };
	return dns_reply_build(buf, DNS_REPLY_MAX, q, rcode, a, n, UINT32_MAX);
}

/* Answers query q from to (NULL: on the TCP connection fd) as up.mode says. */
static void up_answer(int fd, const struct sockaddr_in *to, const struct dns_question *q)
{
	uint8_t buf[2048];
	int n;

	switch (up.mode) {
	case UP_SILENT:
		return;
	case UP_HOLD:
		if (to && up.n_held < HELD_MAX)
			up.held[up.n_held++] = (struct held){ *q, *to };
		return;
	case UP_NXDOMAIN:
		n = answer_to(buf, q, DNS_RCODE_NXDOMAIN, 0, ADDRS, 0);
		break;
	case UP_SPOOF: {
		struct dns_question other = *q;

		other.id ^= 1;
		n = answer_to(buf, &other, 0, 1, 0x0901, 60);
		up_send(fd, to, buf, (size_t)n);
		snprintf(other.name, sizeof(other.name), "evil.example");
		other.id = q->id;
		n = answer_to(buf, &other, 0, 1, 0x0902, 60);
		up_send(fd, to, buf, (size_t)n);
		n = answer_to(buf, q, 0, 1, 0x0903, 60);
		up_send(up.spoofer, to, buf, (size_t)n);
		n = answer_to(buf, q, 0, 1, ADDRS, 60);
		up_send(fd, to, buf, (size_t)n);
		n = answer_to(buf, q, 0, 1, 0x0904, 60);	/* a second answer */
		break;
	}
	case UP_LOOP: {
		struct dns_question echo = *q;

		n = answer_to(buf, &echo, 0, 0, 0, 0);
		buf[7] = 1;		/* one answer record */
		buf[n] = 0xc0;		/* owner: a pointer to itself */
		buf[n + 1] = (uint8_t)n;
		memcpy(buf + n + 2, "\0\1\0\1\0\0\0\x3c\0\4\12\0\2\144", 14);
		n += 16;
		break;
	}
	case UP_OVERSIZE:
		if (!to) {
			memcpy(buf, "\xff\xff\0\0", 4);
			send(fd, buf, 4, MSG_NOSIGNAL);
			return;
		}
		memset(buf, 0, sizeof(buf));
		answer_to(buf, q, 0, 1, ADDRS, 60);
		n = 1500;
		break;
	case UP_TC:
		n = answer_to(buf, q, 0, to ? 0 : up.n_addrs, ADDRS, up.ttl);
		if (to)
			buf[2] |= 0x02;
		break;
	default:
		n = answer_to(buf, q, 0, up.n_addrs, ADDRS, up.ttl);
		break;
	}
	up_send(fd, to, buf, (size_t)n);
}

/* Answers the held queries as UP_ANSWER would. */
static void up_release(void)
{
	up.mode = UP_ANSWER;
	for (unsigned i = 0; i < up.n_held; i++)
		up_answer(up.udp, &up.held[i].to, &up.held[i].q);
	up.n_held = 0;
}

static void up_udp_ready(void)
{
	uint8_t buf[512];
	struct sockaddr_in from;
	socklen_t fl = sizeof(from);
	struct dns_question q;
	ssize_t n;

	while ((n = recvfrom(up.udp, buf, sizeof(buf), MSG_DONTWAIT, (struct sockaddr *)&from,
			     &fl)) > 0) {
		up.queries++;
		if (dns_query_parse(buf, (size_t)n, &q) == 0)
			up_answer(up.udp, &from, &q);
	}
}

static void up_tcp_ready(int i)
{
	uint8_t buf[512];
	struct dns_question q;
	ssize_t n = recv(up.conn[i], buf, 2, MSG_WAITALL);
	size_t len = n == 2 ? (size_t)(buf[0] << 8 | buf[1]) : 0;

	if (len == 0 || len > sizeof(buf) || recv(up.conn[i], buf, len, MSG_WAITALL) != (ssize_t)len) {
		close(up.conn[i]);
		up.conn[i] = -1;
		return;
	}
	up.queries++;
	up.tcp_queries++;
	if (dns_query_parse(buf, len, &q) == 0)
		up_answer(up.conn[i], NULL, &q);
}

static void up_accept(void)
{
	int fd = accept4(up.tcp, NULL, NULL, SOCK_CLOEXEC);

	for (int i = 0; fd >= 0 && i < TCP_CONNS_MAX; i++) {
		if (up.conn[i] < 0) {
			up.conn[i] = fd;
			return;
		}
	}
	if (fd >= 0)
		close(fd);
}

/* A socket bound to addr and port (0: any), whose address goes to out. */
static int bound_socket(int type, uint32_t addr, uint16_t port, struct sockaddr_in *out)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = port, .sin_addr.s_addr = addr };
	socklen_t al = sizeof(a);
	int fd = socket(AF_INET, type | SOCK_CLOEXEC, 0);

	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 ||
	    getsockname(fd, (struct sockaddr *)&a, &al) < 0)
		return -1;
	if (out)
		*out = a;
	return fd;
}

static int up_open(void)
{
	up.udp = bound_socket(SOCK_DGRAM, LOOPBACK, 0, &up.addr);
	up.tcp = bound_socket(SOCK_STREAM, LOOPBACK, up.addr.sin_port, NULL);
	up.spoofer = bound_socket(SOCK_DGRAM, LOOPBACK, 0, &up.spoofer_addr);
	for (int i = 0; i < TCP_CONNS_MAX; i++)
		up.conn[i] = -1;
	if (up.udp < 0 || up.tcp < 0 || up.spoofer < 0 || listen(up.tcp, 8) < 0)
		return -1;
	return 0;
}

/* ---- the proxy, its listening socket and the event loop ---- */

static struct dns_proxy proxy;
static int listen_fd;
static struct sockaddr_in listen_addr;
static char hosts_path[] = "/tmp/test_netmgr_dns_proxy.hosts.XXXXXX";
static char log_path[] = "/tmp/test_netmgr_dns_proxy.log.XXXXXX";

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static struct dns_proxy_config config(bool tcp, const char *hosts)
{
	return (struct dns_proxy_config){
		.upstream = { LOOPBACK },
		.upstream_port = ntohs(up.addr.sin_port),
		.upstream_tcp = tcp,
		.ttl_min_s = 5,
		.ttl_max_s = 3600,
		.hosts_path = hosts,
	};
}

static int proxy_reopen(bool tcp, const char *hosts)
{
	struct dns_proxy_config c = config(tcp, hosts);

	dns_proxy_close(&proxy);
	return dns_proxy_open(&proxy, &c, listen_fd, NULL);
}

/*
 * Runs the proxy and the fake server for up to ms, until stop (if >= 0) is
 * readable. Returns whether it is.
 */
static bool pump(int ms, int stop)
{
	uint64_t end = now_ms() + (uint64_t)ms;

	for (;;) {
		struct pollfd fds[DNS_PROXY_FDS_MAX + 3 + TCP_CONNS_MAX];
		int n = dns_proxy_fds(&proxy, fds, DNS_PROXY_FDS_MAX);
		int at = n;
		uint64_t now = now_ms();
		int wait = now >= end ? 0 : (int)(end - now);
		int t = dns_proxy_timeout_ms(&proxy, now);

		if (n < 0)
			return false;
		fds[at++] = (struct pollfd){ .fd = up.udp, .events = POLLIN };
		fds[at++] = (struct pollfd){ .fd = up.tcp, .events = POLLIN };
		fds[at++] = (struct pollfd){ .fd = stop, .events = POLLIN };
		for (int i = 0; i < TCP_CONNS_MAX; i++)
			fds[at++] = (struct pollfd){ .fd = up.conn[i], .events = POLLIN };
		if (t >= 0 && t < wait)
			wait = t;
		poll(fds, (nfds_t)at, wait);
		dns_proxy_handle(&proxy, fds, n, now_ms());
		if (fds[n].revents)
			up_udp_ready();
		if (fds[n + 1].revents)
			up_accept();
		for (int i = 0; i < TCP_CONNS_MAX; i++)
			if (fds[n + 3 + i].revents && up.conn[i] >= 0)
				up_tcp_ready(i);
		if (stop >= 0 && fds[n + 2].revents)
			return true;
		if (now_ms() >= end)
			return false;
	}
}

/* ---- apps ---- */

/* A UDP socket on from (an address of lo) marked uid (0: unmarked). */
static int app_socket(uint32_t uid, const char *from)
{
	int fd = bound_socket(SOCK_DGRAM, inet_addr(from), 0, NULL);

	if (fd >= 0 && uid && setsockopt(fd, SOL_SOCKET, SO_MARK, &uid, sizeof(uid)) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static struct dns_question question(uint16_t id, const char *name, uint16_t qtype)
{
	struct dns_question q = { .id = id, .rd = true, .qtype = qtype, .qclass = DNS_CLASS_IN };

	snprintf(q.name, sizeof(q.name), "%s", name);
	return q;
}

static void ask(int fd, const struct dns_question *q)
{
	uint8_t buf[DNS_REPLY_MAX];
	int n = dns_query_build(buf, sizeof(buf), q->id, q);

	sendto(fd, buf, (size_t)n, 0, (struct sockaddr *)&listen_addr, sizeof(listen_addr));
}

/* Waits up to ms for the answer to q on fd and parses it into a: 0, the
 * parser's error, or -ETIMEDOUT. */
static int answer_of(int fd, const struct dns_question *q, struct dns_answer *a, int ms)
{
	uint8_t buf[1024];

	memset(a, 0, sizeof(*a));
	a->rcode = -1;
	if (!pump(ms, fd))
		return -ETIMEDOUT;
	ssize_t n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);

	if (n < 0)
		return -errno;
	if (n > DNS_REPLY_MAX)
		return -EMSGSIZE;
	return dns_answer_parse(buf, (size_t)n, q->id, q, a);
}

/* Asks name with qtype from a new socket of uid and returns the answer. */
static int resolve(uint32_t uid, const char *name, uint16_t qtype, struct dns_answer *a)
{
	static uint16_t id = 0x4000;
	struct dns_question q = question(id++, name, qtype);
	int fd = app_socket(uid, "127.0.0.1");

	ask(fd, &q);
	int err = answer_of(fd, &q, a, 5000);

	close(fd);
	return err;
}

/* Whether uid asking name with qtype gets an answer with rcode. */
static bool gets(uint32_t uid, const char *name, uint16_t qtype, int rcode)
{
	struct dns_answer a;

	return resolve(uid, name, qtype, &a) == 0 && a.rcode == rcode;
}

/* ---- what the proxy wrote ---- */

static void read_file(const char *path, char *out, size_t cap)
{
	int fd = open(path, O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, out, cap - 1);

	out[n > 0 ? n : 0] = '\0';
	if (fd >= 0)
		close(fd);
}

static void truncate_file(const char *path)
{
	int fd = open(path, O_WRONLY | O_TRUNC);

	if (fd >= 0)
		close(fd);
}

static void hosts_is(const char *want, const char *name)
{
	char got[4096];

	read_file(hosts_path, got, sizeof(got));
	tap_ok_str(got, want, name);
	truncate_file(hosts_path);
}

static void log_has(const char *line, const char *name)
{
	char got[16384];

	fflush(stderr);
	read_file(log_path, got, sizeof(got));
	if (!tap_ok(strstr(got, line) != NULL, "%s", name))
		printf("# log:\n# %s\n", got);
}

static bool addr_is(const struct dns_addr *a, unsigned last, uint32_t ttl)
{
	return a->ipv4[0] == 10 && a->ipv4[1] == 0 && a->ipv4[2] == 2 && a->ipv4[3] == last &&
	       a->ttl == ttl;
}

/* ---- the cases ---- */

static void test_open(void)
{
	struct dns_proxy_config c = config(false, hosts_path);
	int on = 0;
	socklen_t ol = sizeof(on);

	c.ttl_min_s = 0;
	tap_ok(dns_proxy_open(&proxy, &c, listen_fd, NULL) == -EINVAL, "a TTL range from 0: EINVAL");
	dns_proxy_close(&proxy);
	c = config(false, "/nonexistent/hosts");
	tap_ok(dns_proxy_open(&proxy, &c, listen_fd, NULL) == -ENOENT,
	       "a hosts file that is not there: ENOENT");
	dns_proxy_close(&proxy);
	c = config(false, hosts_path);
	tap_ok(dns_proxy_open(&proxy, &c, listen_fd, NULL) == 0, "opens");
	tap_ok(getsockopt(listen_fd, SOL_SOCKET, 75, &on, &ol) == 0 && on == 1,
	       "turns SO_RCVMARK on on the listening socket");
	tap_ok(dns_proxy_timeout_ms(&proxy, now_ms()) == -1, "no timer while nothing is pending");
}

static void test_allowed(void)
{
	struct dns_answer a;

	up.mode = UP_ANSWER;
	up.n_addrs = 1;
	up.ttl = 1;
	tap_ok(resolve(APP, "allowed.example", DNS_TYPE_A, &a) == 0 && a.rcode == 0 &&
	       a.n_addrs == 1 && addr_is(&a.addrs[0], 100, 5),
	       "allowed name: answered with the upstream address, TTL 1 raised to 5");
	hosts_is("allowed.example 10.0.2.100 5\n", "allowed name: published with lifetime 5");
	log_has("netmgr: app1001: allowed.example -> 10.0.2.100 (ttl 5 s)\n",
		"allowed name: logged as published and answered");

	up.ttl = 100000;
	up.n_addrs = 6;
	tap_ok(resolve(APP, "www.wild.example", DNS_TYPE_A, &a) == 0 && a.rcode == 0 &&
	       a.n_addrs == 4 && addr_is(&a.addrs[3], 103, 3600),
	       "wildcard name, 6 addresses: 4 answered, TTL lowered to 3600");
	hosts_is("www.wild.example 10.0.2.100 3600\nwww.wild.example 10.0.2.101 3600\n"
		 "www.wild.example 10.0.2.102 3600\nwww.wild.example 10.0.2.103 3600\n",
		 "wildcard name: 4 addresses published, one line each, lifetime 3600");

	unsigned before = up.queries;

	tap_ok(resolve(APP, "allowed.example", DNS_TYPE_AAAA, &a) == 0 && a.rcode == 0 &&
	       a.n_addrs == 0 && up.queries == before,
	       "AAAA of an allowed name: NOERROR without records, not asked upstream");
	up.n_addrs = 0;
	tap_ok(resolve(APP, "allowed.example", DNS_TYPE_A, &a) == 0 && a.rcode == 0 &&
	       a.n_addrs == 0, "upstream NOERROR without addresses: the same to the app");
	hosts_is("", "upstream NOERROR without addresses: nothing published");
}

static void test_refused(void)
{
	unsigned before = up.queries;

	up.mode = UP_ANSWER;
	up.n_addrs = 1;
	tap_ok(gets(APP, "denied.example", DNS_TYPE_A, DNS_RCODE_NXDOMAIN),
	       "denied name, A: NXDOMAIN");
	tap_ok(gets(APP, "denied.example", DNS_TYPE_AAAA, DNS_RCODE_NXDOMAIN),
	       "denied name, AAAA: NXDOMAIN");
	tap_ok(gets(OTHER_APP, "www.wild.example", DNS_TYPE_A, DNS_RCODE_NXDOMAIN),
	       "another app's wildcard name: NXDOMAIN");
	tap_ok(up.queries == before, "denied names: not asked upstream");
	hosts_is("", "denied names: nothing published");
	log_has("netmgr: app1001: denied.example refused: not in its AllowedConnections\n",
		"denied name: logged as refused");
	tap_ok(gets(NO_APP, "allowed.example", DNS_TYPE_A, DNS_RCODE_NXDOMAIN),
	       "a uid no app has: NXDOMAIN");
	tap_ok(gets(BROKEN, "allowed.example", DNS_TYPE_A, DNS_RCODE_SERVFAIL),
	       "appmgr's check failing: SERVFAIL");
	log_has("allowed.example not checked: appmgr is busy\n", "appmgr's failure: logged");
}

static void test_dropped(void)
{
	struct dns_answer a;
	struct dns_question q = question(0x1234, "allowed.example", DNS_TYPE_A);
	int unmarked = app_socket(0, "127.0.0.1");
	int elsewhere = app_socket(APP, "127.0.0.2");
	unsigned before = svc_calls;

	ask(unmarked, &q);
	tap_ok(answer_of(unmarked, &q, &a, 300) == -ETIMEDOUT && svc_calls == before,
	       "a query without a mark: dropped");
	if (elsewhere < 0) {
		tap_skip("127.0.0.2 cannot be bound", "a query from 127.0.0.2: dropped");
	} else {
		ask(elsewhere, &q);
		tap_ok(answer_of(elsewhere, &q, &a, 300) == -ETIMEDOUT && svc_calls == before,
		       "a query from 127.0.0.2: dropped");
		close(elsewhere);
	}
	close(unmarked);

	int fd = app_socket(APP, "127.0.0.1");
	uint8_t junk[] = { 0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0xc0, 0x0c };

	sendto(fd, junk, sizeof(junk), 0, (struct sockaddr *)&listen_addr, sizeof(listen_addr));
	tap_ok(answer_of(fd, &q, &a, 300) == -ETIMEDOUT && svc_calls == before,
	       "a malformed query (a pointer in the question): dropped");
	close(fd);
}

/* The upstream's answer with a pointer loop, and one longer than the proxy
 * reads (1500 bytes over UDP, 65535 over TCP): SERVFAIL, nothing published. */
static void bad_answers(const char *over)
{
	char name[64];

	up.mode = UP_LOOP;
	tap_ok(gets(APP, "allowed.example", DNS_TYPE_A, DNS_RCODE_SERVFAIL),
	       "%s: an answer with a pointer loop: SERVFAIL", over);
	up.mode = UP_OVERSIZE;
	tap_ok(gets(APP, "allowed.example", DNS_TYPE_A, DNS_RCODE_SERVFAIL),
	       "%s: an over-long answer: SERVFAIL", over);
	snprintf(name, sizeof(name), "%s: bad answers: nothing published", over);
	hosts_is("", name);
}

static void test_upstream_answers(void)
{
	struct dns_answer a;

	up.mode = UP_NXDOMAIN;
	tap_ok(gets(APP, "allowed.example", DNS_TYPE_A, DNS_RCODE_NXDOMAIN),
	       "upstream NXDOMAIN: NXDOMAIN");
	hosts_is("", "upstream NXDOMAIN: nothing published");

	up.mode = UP_SPOOF;
	tap_ok(resolve(APP, "allowed.example", DNS_TYPE_A, &a) == 0 && a.rcode == 0 &&
	       a.n_addrs == 1 && addr_is(&a.addrs[0], 100, 60),
	       "answers with another id, another question, from another port: ignored");
	pump(100, -1);
	hosts_is("allowed.example 10.0.2.100 60\n",
		 "spoofed answers and a second answer: nothing of theirs published");

	bad_answers("UDP");
	log_has("netmgr: dns upstream 127.0.0.1: answer refused: ", "a bad answer: logged");
}

static void test_upstream_silent(void)
{
	unsigned before = up.queries;

	up.mode = UP_SILENT;
	uint64_t start = now_ms();

	tap_ok(gets(APP, "allowed.example", DNS_TYPE_A, DNS_RCODE_SERVFAIL),
	       "upstream silent: SERVFAIL");
	uint64_t took = now_ms() - start;

	tap_ok(took >= 2900 && took < 4000, "upstream silent: after 3 s (%llu ms)",
	       (unsigned long long)took);
	tap_ok(up.queries - before == 3, "upstream silent: asked 3 times (%u)", up.queries - before);
	log_has("netmgr: dns upstream 127.0.0.1: no answer in 3 s\n", "upstream silent: logged");
}

static void test_coalesced(void)
{
	struct dns_answer a;
	struct dns_question q[3];
	int fd[3];
	unsigned before = up.queries, ok = 0;

	up.mode = UP_HOLD;
	up.n_held = 0;
	up.n_addrs = 1;
	up.ttl = 60;
	for (int i = 0; i < 3; i++) {
		q[i] = question((uint16_t)(0x100 + i), "allowed.example", DNS_TYPE_A);
		fd[i] = app_socket(i ? OTHER_APP : APP, "127.0.0.1");
		ask(fd[i], &q[i]);
	}
	ask(fd[0], &q[0]);	/* musl's retry */
	pump(200, -1);
	unsigned calls = svc_calls;

	tap_ok(up.queries - before == 1 && up.n_held == 1,
	       "one question from two apps, three sockets: asked upstream once");
	ask(fd[0], &q[0]);
	pump(100, -1);
	tap_ok(svc_calls == calls, "a query sent again while pending: not checked again");
	up_release();
	for (int i = 0; i < 3; i++) {
		ok += answer_of(fd[i], &q[i], &a, 1000) == 0 && a.n_addrs == 1;
		close(fd[i]);
	}
	tap_ok(ok == 3, "one answer: every waiting query answered (%u)", ok);
	hosts_is("allowed.example 10.0.2.100 60\n", "one answer: published once");
}

static void test_flood(void)
{
	struct dns_answer a;
	struct pollfd fds[DNS_PROXY_FDS_MAX];
	int fd = app_socket(FLOODER, "127.0.0.1");
	unsigned before_calls = svc_calls, before = up.queries, answered = 0;
	char name[64];

	uint64_t start = now_ms();

	up.mode = UP_HOLD;
	up.n_held = 0;
	up.n_addrs = 1;
	for (int i = 0; i < 200; i++) {
		snprintf(name, sizeof(name), "n%d.wild.example", i);
		struct dns_question q = question((uint16_t)(0x2000 + i), name, DNS_TYPE_A);

		ask(fd, &q);
		if (i % 20 == 19)
			pump(20, -1);
	}
	pump(200, -1);
	/* The burst, and what the bucket gained meanwhile. */
	uint64_t most = DNS_RATE_APP_BURST + (now_ms() - start) * DNS_RATE_APP_PER_S / 1000 + 1;

	tap_ok(svc_calls - before_calls <= most,
	       "200 queries from one app: at most its burst checked (%u, at most %llu)",
	       svc_calls - before_calls, (unsigned long long)most);
	tap_ok(up.queries - before == DNS_PENDING_MAX && dns_pending_count(&proxy.pending) == 16,
	       "200 queries: 16 pending upstream (%u)", up.queries - before);
	tap_ok(dns_proxy_fds(&proxy, fds, DNS_PROXY_FDS_MAX) == DNS_PROXY_FDS_MAX &&
	       dns_proxy_fds(&proxy, fds, 3) == -ENOSPC,
	       "the fds to poll: the listening socket and 16 upstream ones");
	up_release();
	for (;;) {
		uint8_t buf[DNS_REPLY_MAX];

		if (!pump(300, fd) || recv(fd, buf, sizeof(buf), 0) <= 0)
			break;
		answered++;
	}
	tap_ok(answered == DNS_PENDING_MAX, "the 16 pending queries answered (%u)", answered);
	truncate_file(hosts_path);
	tap_ok(resolve(OTHER_APP, "allowed.example", DNS_TYPE_A, &a) == 0 && a.n_addrs == 1,
	       "after the flood: another app is answered");
	pump(400, -1);
	tap_ok(resolve(FLOODER, "allowed.example", DNS_TYPE_A, &a) == 0 && a.n_addrs == 1,
	       "after the flood and a pause: the flooding app is answered again");
	truncate_file(hosts_path);
	close(fd);
}

static void test_tcp(void)
{
	struct dns_answer a;
	unsigned before = up.tcp_queries;

	up.mode = UP_TC;
	up.n_addrs = 2;
	up.ttl = 30;
	tap_ok(resolve(APP, "allowed.example", DNS_TYPE_A, &a) == 0 && a.n_addrs == 2 &&
	       up.tcp_queries == before + 1,
	       "a truncated UDP answer: asked again over TCP, answered");
	hosts_is("allowed.example 10.0.2.100 30\nallowed.example 10.0.2.101 30\n",
		 "over TCP after TC: published");

	tap_ok(proxy_reopen(true, hosts_path) == 0, "reopens with a TCP upstream");
	up.mode = UP_ANSWER;
	tap_ok(resolve(APP, "allowed.example", DNS_TYPE_A, &a) == 0 && a.n_addrs == 2 &&
	       addr_is(&a.addrs[1], 101, 30) && up.tcp_queries == before + 2,
	       "TCP upstream: answered");
	hosts_is("allowed.example 10.0.2.100 30\nallowed.example 10.0.2.101 30\n",
		 "TCP upstream: published");
	bad_answers("TCP");

	struct dns_proxy_config c = config(true, hosts_path);

	c.upstream_port = ntohs(up.spoofer_addr.sin_port);	/* no TCP there */
	dns_proxy_close(&proxy);
	dns_proxy_open(&proxy, &c, listen_fd, NULL);
	tap_ok(gets(APP, "allowed.example", DNS_TYPE_A, DNS_RCODE_SERVFAIL),
	       "TCP upstream refusing the connection: SERVFAIL");
	log_has("netmgr: dns upstream 127.0.0.1: TCP: Connection refused\n",
		"TCP upstream refusing: logged");
}

static void test_hosts_full(void)
{
	tap_ok(proxy_reopen(false, "/dev/full") == 0, "reopens with /dev/full as the hosts file");
	up.mode = UP_ANSWER;
	up.n_addrs = 1;
	tap_ok(gets(APP, "allowed.example", DNS_TYPE_A, DNS_RCODE_SERVFAIL),
	       "the hosts file refusing with ENOSPC: SERVFAIL");
	log_has("netmgr: allowed.example: publishing 10.0.2.100 failed: No space left on device\n",
		"ENOSPC: logged");
}

/* The per-app buckets alone: a burst, then a token each 1/rate s; more
 * apps than the table holds take the fullest buckets' places, never an
 * emptied one's. */
static void test_rate_table(void)
{
	static struct dns_rate_apps t;
	unsigned taken = 0;

	for (unsigned i = 0; i < 2 * DNS_RATE_APP_BURST; i++)
		taken += dns_rate_app_take(&t, 1, 1000);
	tap_ok(taken == DNS_RATE_APP_BURST, "an app's bucket: its burst, then nothing (%u)", taken);
	tap_ok(dns_rate_app_take(&t, 1, 1000 + 1000 / DNS_RATE_APP_PER_S) &&
	       !dns_rate_app_take(&t, 1, 1000 + 1000 / DNS_RATE_APP_PER_S),
	       "an app's bucket: one token back after 1/rate s");
	for (uint32_t uid = 2; uid <= DNS_RATE_APPS + 4; uid++)
		dns_rate_app_take(&t, uid, 1200);
	tap_ok(!dns_rate_app_take(&t, 1, 1200),
	       "20 apps in a table of 16: the emptied bucket is not the one forgotten");
}

/* ---- setup ---- */

/* Whether this process may set SO_MARK; if not, it tries in a user and
 * network namespace of its own (with lo up). */
static bool may_mark(void)
{
	uint32_t mark = 1;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	bool ok = setsockopt(fd, SOL_SOCKET, SO_MARK, &mark, sizeof(mark)) == 0;

	close(fd);
	if (ok || unshare(CLONE_NEWUSER | CLONE_NEWNET) < 0)
		return ok;
	struct ifreq ifr = { .ifr_name = "lo" };

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	ok = ioctl(fd, SIOCGIFFLAGS, &ifr) == 0;
	ifr.ifr_flags |= IFF_UP;
	ok = ok && ioctl(fd, SIOCSIFFLAGS, &ifr) == 0;
	close(fd);
	return ok;
}

int main(void)
{
	if (!may_mark()) {
		tap_skip("SO_MARK needs CAP_NET_ADMIN or a user namespace", "the dns proxy");
		return tap_done();
	}
	int hosts = mkstemp(hosts_path), log = mkstemp(log_path);

	listen_fd = bound_socket(SOCK_DGRAM, LOOPBACK, 0, &listen_addr);
	if (hosts < 0 || log < 0 || listen_fd < 0 || up_open() < 0) {
		tap_ok(0, "setup: %s", strerror(errno));
		return tap_done();
	}
	close(hosts);
	dup2(log, STDERR_FILENO);
	close(log);
	test_rate_table();
	test_open();
	test_allowed();
	test_refused();
	test_dropped();
	test_upstream_answers();
	test_coalesced();
	test_flood();
	test_tcp();
	test_hosts_full();
	test_upstream_silent();
	dns_proxy_close(&proxy);
	unlink(hosts_path);
	unlink(log_path);
	return tap_done();
}
