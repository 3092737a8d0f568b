/* test_netmgr_sntp.c — netmgr's SNTP codec (the request; replies checked:
 * mode, version, originate == nonce, kiss-o'-death, LI 3, stratum,
 * transmit 0, root delay and dispersion, length), NTP eras, the offset and
 * delay math and the log's offset text; then the client against a server
 * on the loopback, over UDP and over TCP with the 2-byte length: the clock
 * set one day ahead and the log line, time sync disabled or unanswered, DENY. */
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "sntp_client.h"
#include "sntp_msg.h"
#include "tap.h"

#define NONCE 0x0123456789abcdefULL
#define DAY_NS (86400LL * SNTP_NS_PER_S)
#define NTP_UNIX_DELTA_S 2208988800ULL

static void put_u64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (56 - 8 * i));
}

static uint64_t unix_ns_to_ntp(int64_t ns)
{
	uint64_t sec = (uint64_t)(ns / SNTP_NS_PER_S) + NTP_UNIX_DELTA_S;
	uint64_t frac = ((uint64_t)(ns % SNTP_NS_PER_S) << 32) / (uint64_t)SNTP_NS_PER_S;

	return (sec & 0xffffffffu) << 32 | frac;
}

/* A good reply to nonce: stratum 2, receive and transmit at server_ns. */
static void make_reply(uint8_t *m, uint64_t nonce, int64_t server_ns)
{
	memset(m, 0, SNTP_MSG_LEN);
	m[0] = 0 << 6 | 4 << 3 | 4;
	m[1] = 2;
	m[6] = 0x10;          /* root delay and dispersion 1/16 s (16.16) */
	m[10] = 0x10;
	put_u64(m + 24, nonce);
	put_u64(m + 32, unix_ns_to_ntp(server_ns));
	put_u64(m + 40, unix_ns_to_ntp(server_ns));
}

static void test_codec(void)
{
	uint8_t m[SNTP_MSG_LEN];
	struct sntp_reply r;
	int64_t t = 1900000000LL * SNTP_NS_PER_S + 250000000;

	sntp_build_request(m, NONCE);
	tap_ok(m[0] == 0x23 && m[1] == 0 && m[40] == 0x01 && m[47] == 0xef, "request: LI 0, VN 4, mode 3, nonce");
	make_reply(m, NONCE, t);
	tap_ok(sntp_parse_reply(m, sizeof(m), NONCE, &r) == 0, "a good reply");
	tap_ok(r.transmit_ns / 1000 == t / 1000 && r.stratum == 2, "its transmit time");
	tap_ok(sntp_parse_reply(m, sizeof(m) - 1, NONCE, &r) == -ENOMSG, "47 bytes: -ENOMSG");
	tap_ok(sntp_parse_reply(m, sizeof(m), NONCE + 1, &r) == -ENOMSG, "originate is not the nonce: -ENOMSG");
	m[0] = 4 << 3 | 3;
	tap_ok(sntp_parse_reply(m, sizeof(m), NONCE, &r) == -ENOMSG, "mode 3: -ENOMSG");
	m[0] = 2 << 3 | 4;
	tap_ok(sntp_parse_reply(m, sizeof(m), NONCE, &r) == -ENOMSG, "version 2: -ENOMSG");
	m[0] = 3 << 3 | 4;
	tap_ok(sntp_parse_reply(m, sizeof(m), NONCE, &r) == 0, "version 3 taken");
	m[0] = 3 << 6 | 4 << 3 | 4;
	tap_ok(sntp_parse_reply(m, sizeof(m), NONCE, &r) == -EBADMSG, "LI 3 (unsynchronised): -EBADMSG");
	make_reply(m, NONCE, t);
	m[1] = 16;
	tap_ok(sntp_parse_reply(m, sizeof(m), NONCE, &r) == -EBADMSG, "stratum 16: -EBADMSG");
	make_reply(m, NONCE, t);
	memset(m + 40, 0, 8);
	tap_ok(sntp_parse_reply(m, sizeof(m), NONCE, &r) == -EBADMSG, "transmit 0: -EBADMSG");
	make_reply(m, NONCE, t);
	m[5] = 1;
	tap_ok(sntp_parse_reply(m, sizeof(m), NONCE, &r) == -EBADMSG, "root delay 1 s: -EBADMSG");
	make_reply(m, NONCE, t);
	m[8] = 2;
	tap_ok(sntp_parse_reply(m, sizeof(m), NONCE, &r) == -EBADMSG, "root dispersion 2 s: -EBADMSG");
	make_reply(m, NONCE, t);
	m[0] = 3 << 6 | 4 << 3 | 4;
	m[1] = 0;
	memcpy(m + 12, "RATE", 4);
	tap_ok(sntp_parse_reply(m, sizeof(m), NONCE, &r) == -ECONNREFUSED && strcmp(r.kiss, "RATE") == 0,
	       "stratum 0: kiss-o'-death RATE");
}

static void test_time_math(void)
{
	int64_t off, delay;
	char text[32];

	tap_ok(sntp_ntp_to_unix_ns(NTP_UNIX_DELTA_S << 32) == 0, "NTP 2208988800 is the Unix epoch");
	tap_ok(sntp_ntp_to_unix_ns(0xffffffffULL << 32) == 2085978495LL * SNTP_NS_PER_S, "the last second of era 0");
	tap_ok(sntp_ntp_to_unix_ns(0) == 2085978496LL * SNTP_NS_PER_S, "seconds 0: era 1, 2036-02-07");
	tap_ok(sntp_ntp_to_unix_ns(1ULL << 63) == (2147483648LL - 2208988800LL) * SNTP_NS_PER_S,
	       "seconds 2^31: era 0 (1968)");
	tap_ok(sntp_ntp_to_unix_ns(NTP_UNIX_DELTA_S << 32 | 0x80000000u) == 500000000, "fraction 1/2: 0.5 s");

	sntp_offset(1000, 1500, 1600, 1200, &off, &delay);
	tap_ok(off == 450 && delay == 100, "offset ((T2-T1)+(T3-T4))/2, delay (T4-T1)-(T3-T2)");
	sntp_offset(10 * SNTP_NS_PER_S, 10 * SNTP_NS_PER_S + DAY_NS, 10 * SNTP_NS_PER_S + DAY_NS,
		    10 * SNTP_NS_PER_S + 240000000, &off, &delay);
	tap_ok(off == DAY_NS - 120000000 && delay == 240000000, "a day ahead, 240 ms round trip");
	sntp_offset(5000, 1000, 1000, 5100, &off, &delay);
	tap_ok(off == -4050 && delay == 100, "a server behind: negative offset");

	sntp_format_offset(text, sizeof(text), DAY_NS + 120000000);
	tap_ok_str(text, "+86400.120", "offset text +86400.120");
	sntp_format_offset(text, sizeof(text), -1500000);
	tap_ok_str(text, "-0.002", "offset text rounds: -0.002");
	sntp_format_offset(text, sizeof(text), 0);
	tap_ok_str(text, "+0.000", "offset text +0.000");
}

/* The client against a loopback server. */
static struct fake {
	int enabled;
	unsigned set_calls;
	struct timespec set;
	uint64_t nonce;
} fake;

static int fake_enabled(void *ctx)
{
	return fake.enabled;
}

static int fake_set_time(void *ctx, const struct timespec *t, char *reason, size_t reason_len)
{
	fake.set_calls++;
	fake.set = *t;
	return 0;
}

static uint64_t fake_random64(void *ctx)
{
	return ++fake.nonce;
}

static uint64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static int64_t real_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * SNTP_NS_PER_S + ts.tv_nsec;
}

/* Answers one request on fd (tcp: with the length) one day ahead, or with
 * a kiss code. */
static void serve_one(int fd, int tcp, const char *kiss)
{
	uint8_t req[2 + SNTP_MSG_LEN], reply[2 + SNTP_MSG_LEN] = { 0, SNTP_MSG_LEN };
	struct sockaddr_in from;
	socklen_t flen = sizeof(from);
	size_t off = tcp ? 2 : 0;
	uint64_t nonce;

	if (tcp ? recv(fd, req, sizeof(req), MSG_WAITALL) != (ssize_t)sizeof(req) :
		  recvfrom(fd, req, SNTP_MSG_LEN, 0, (struct sockaddr *)&from, &flen) != SNTP_MSG_LEN)
		return;
	nonce = 0;
	for (int i = 0; i < 8; i++)
		nonce = nonce << 8 | req[off + 40 + i];
	make_reply(reply + 2, nonce, real_ns() + DAY_NS);
	if (kiss) {
		reply[2] = 3 << 6 | 4 << 3 | 4;
		reply[3] = 0;
		memcpy(reply + 2 + 12, kiss, 4);
	}
	if (tcp)
		send(fd, reply, sizeof(reply), 0);
	else
		sendto(fd, reply + 2, SNTP_MSG_LEN, 0, (struct sockaddr *)&from, flen);
}

/* Runs client c until it is idle or stopped again, serving with srv. */
static void run_exchange(struct sntp_client *c, int srv, int tcp, const char *kiss)
{
	int conn = -1;
	uint64_t end = mono_ms() + 2000;

	sntp_client_tick(c, mono_ms());
	while (mono_ms() < end && (c->state == SNTP_CONNECTING || c->state == SNTP_WAITING)) {
		struct pollfd p[2];
		int n = sntp_client_fd(c, &p[0]);

		p[n].fd = tcp && conn < 0 ? srv : (tcp ? conn : srv);
		p[n].events = POLLIN;
		poll(p, (nfds_t)n + 1, 100);
		if (p[n].revents & POLLIN) {
			if (tcp && conn < 0)
				conn = accept(srv, NULL, NULL);
			else
				serve_one(p[n].fd, tcp, kiss);
		}
		if (n)
			sntp_client_handle(c, p[0].revents, mono_ms());
	}
	if (conn >= 0)
		close(conn);
}

static int loopback_server(int tcp, uint16_t *port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, tcp ? SOCK_STREAM : SOCK_DGRAM, 0);

	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) != 0 || (tcp && listen(fd, 1) != 0) ||
	    getsockname(fd, (struct sockaddr *)&a, &len) != 0)
		return -1;
	*port = ntohs(a.sin_port);
	return fd;
}

static char *log_buf;
static size_t log_len;

/* The offset of the log's "netmgr: clock set from 127.0.0.1 (offset +N.NNN
 * s)" line into *s: 1, or 0 when there is no such line. */
static int clock_line_offset(const char *log, double *s)
{
	static const char head[] = "netmgr: clock set from 127.0.0.1 (offset ";
	const char *line = strstr(log, head);
	char sign, tail[4] = "";

	return line && sscanf(line + sizeof(head) - 1, "%c%lf%3[ s)]", &sign, s, tail) == 3 && sign == '+' &&
	       strcmp(tail, " s)") == 0;
}

static void test_client(int tcp)
{
	const char *t = tcp ? "tcp" : "udp";
	FILE *log = open_memstream(&log_buf, &log_len);
	struct sntp_io io = { fake_enabled, fake_set_time, fake_random64, NULL, log };
	static struct sntp_client c;
	uint16_t port;
	int srv = loopback_server(tcp, &port);
	int64_t set_ns, want_ns;
	double offset_s = 0;

	if (srv < 0) {
		tap_skip("no loopback socket", "%s: client exchange", t);
		fclose(log);
		free(log_buf);
		return;
	}
	fake = (struct fake){ .enabled = 1 };
	sntp_client_start(&c, (struct in_addr){ htonl(INADDR_LOOPBACK) }, port, tcp, 64, &io, mono_ms());
	tap_ok(sntp_client_timeout_ms(&c, mono_ms()) == 0, "%s: the first sync is due at start", t);
	run_exchange(&c, srv, tcp, NULL);
	want_ns = real_ns() + DAY_NS;
	set_ns = (int64_t)fake.set.tv_sec * SNTP_NS_PER_S + fake.set.tv_nsec;
	tap_ok(fake.set_calls == 1 && llabs(set_ns - want_ns) < 200000000, "%s: the clock set a day ahead", t);
	fflush(log);
	tap_ok(clock_line_offset(log_buf, &offset_s) && offset_s > 86399.5 && offset_s < 86400.5,
	       "%s: the log line (offset a day give or take the exchange's asymmetry)", t);
	tap_ok(c.state == SNTP_IDLE && sntp_client_timeout_ms(&c, mono_ms()) > 63000, "%s: next sync after ntp-poll",
	       t);

	fake.enabled = 0;
	c.next_ms = mono_ms();
	sntp_client_tick(&c, mono_ms());
	tap_ok(c.state == SNTP_IDLE && c.fd < 0 && fake.set_calls == 1, "%s: time sync disabled: no exchange", t);

	fake.enabled = -EINVAL;
	c.next_ms = mono_ms();
	run_exchange(&c, srv, tcp, NULL);
	fflush(log);
	tap_ok(fake.set_calls == 2 && strstr(log_buf, "netmgr: appmgr did not say whether time sync is enabled "
					     "(Invalid argument): syncing\n"),
	       "%s: TIMESYNC unanswered: synced, said so", t);

	fake.enabled = 1;
	c.next_ms = mono_ms();
	run_exchange(&c, srv, tcp, "DENY");
	tap_ok(c.state == SNTP_STOPPED && sntp_client_timeout_ms(&c, mono_ms()) == -1 && fake.set_calls == 2,
	       "%s: kiss-o'-death DENY: stopped", t);
	fclose(log);
	tap_ok(strstr(log_buf, "netmgr: ntp 127.0.0.1: kiss-o'-death DENY, not asking it again\n") != NULL,
	       "%s: the DENY log line", t);
	free(log_buf);
	close(srv);
}

static void test_retry_backoff(void)
{
	FILE *log = fopen("/dev/null", "w");
	struct sntp_io io = { fake_enabled, fake_set_time, fake_random64, NULL, log };
	static struct sntp_client c;
	uint16_t port;
	int srv = loopback_server(0, &port);
	uint64_t now = 1000;

	close(srv);   /* nobody answers there */
	fake = (struct fake){ .enabled = 1 };
	sntp_client_start(&c, (struct in_addr){ htonl(INADDR_LOOPBACK) }, port, 0, 64, &io, now);
	sntp_client_tick(&c, now);
	sntp_client_tick(&c, now + SNTP_REPLY_TIMEOUT_MS);
	tap_ok(c.state == SNTP_IDLE && c.next_ms == now + SNTP_REPLY_TIMEOUT_MS + 5000, "no answer: again after 5 s");
	now = c.next_ms;
	sntp_client_tick(&c, now);
	sntp_client_tick(&c, now + SNTP_REPLY_TIMEOUT_MS);
	tap_ok(c.next_ms == now + SNTP_REPLY_TIMEOUT_MS + 10000, "then after 10 s");
	for (int i = 0; i < 6; i++) {
		now = c.next_ms;
		sntp_client_tick(&c, now);
		sntp_client_tick(&c, now + SNTP_REPLY_TIMEOUT_MS);
	}
	tap_ok(c.next_ms == now + SNTP_REPLY_TIMEOUT_MS + 64000, "at most ntp-poll apart");
	sntp_client_stop(&c);
	fclose(log);
}

int main(void)
{
	test_codec();
	test_time_math();
	test_client(0);
	test_client(1);
	test_retry_backoff();
	return tap_done();
}
