/* test_netmgr_dhcp.c — netmgr's DHCP codec (DISCOVER and REQUEST as built;
 * slirp's OFFER and ACK; hostile replies: truncated, options running past
 * the end or of the wrong length, no magic cookie, another xid or hardware
 * address, no end option, NAK) and its client state machine against a fake
 * transport and clock: the exchange, retransmission with backoff, the
 * static fallback after 10 s, renewal by unicast at T1, rebinding at T2,
 * expiry, NAK, and the log lines. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dhcp_client.h"
#include "dhcp_msg.h"
#include "tap.h"

static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

/* A server's reply: header, cookie, then the options given (raw bytes). */
static size_t make_reply(uint8_t *buf, uint32_t xid, const char *yiaddr, const uint8_t *opts, size_t opts_len)
{
	struct in_addr a;

	memset(buf, 0, 240);
	buf[0] = 2;
	buf[1] = 1;
	buf[2] = 6;
	buf[4] = (uint8_t)(xid >> 24);
	buf[5] = (uint8_t)(xid >> 16);
	buf[6] = (uint8_t)(xid >> 8);
	buf[7] = (uint8_t)xid;
	inet_pton(AF_INET, yiaddr, &a);
	memcpy(buf + 16, &a, 4);
	memcpy(buf + 28, mac, 6);
	buf[236] = 99;
	buf[237] = 130;
	buf[238] = 83;
	buf[239] = 99;
	memcpy(buf + 240, opts, opts_len);
	return 240 + opts_len;
}

/* slirp's lease under restrict=on: type, server id 10.0.2.2, netmask /24,
 * lease 86400 s, no router. */
#define SLIRP_OPTS(type) { 53, 1, type, 54, 4, 10, 0, 2, 2, 1, 4, 255, 255, 255, 0, \
			   51, 4, 0, 1, 0x51, 0x80, 255 }

static size_t slirp_reply(uint8_t *buf, uint32_t xid, uint8_t type)
{
	const uint8_t opts[] = SLIRP_OPTS(type);

	return make_reply(buf, xid, "10.0.2.15", opts, sizeof(opts));
}

/* The value of option code in a built request, or NULL. */
static const uint8_t *find_option(const uint8_t *msg, size_t len, uint8_t code, uint8_t *n)
{
	for (size_t at = 240; at + 1 < len && msg[at] != 255;) {
		if (msg[at] == 0) {
			at++;
			continue;
		}
		if (msg[at] == code) {
			*n = msg[at + 1];
			return msg + at + 2;
		}
		at += 2 + msg[at + 1];
	}
	return NULL;
}

static void test_build(void)
{
	uint8_t msg[DHCP_MSG_MIN], n = 0;
	const uint8_t *v;
	struct dhcp_request r = { .xid = 0x01020304, .broadcast = 1 };
	int len = dhcp_build_discover(msg, sizeof(msg), 0xdeadbeef, mac);

	tap_ok(len == (int)DHCP_MSG_MIN, "DISCOVER padded to 300 bytes");
	tap_ok(msg[0] == 1 && msg[1] == 1 && msg[2] == 6, "BOOTREQUEST, Ethernet, hlen 6");
	tap_ok(msg[4] == 0xde && msg[7] == 0xef, "xid in network order");
	tap_ok(msg[10] == 0x80 && msg[11] == 0, "broadcast flag set");
	tap_ok(memcmp(msg + 28, mac, 6) == 0, "chaddr is the hardware address");
	tap_ok(msg[236] == 99 && msg[237] == 130 && msg[238] == 83 && msg[239] == 99, "magic cookie");
	v = find_option(msg, (size_t)len, 53, &n);
	tap_ok(v && n == 1 && v[0] == DHCP_DISCOVER, "type DISCOVER");
	tap_ok(find_option(msg, (size_t)len, 55, &n) != NULL, "parameter request list");
	tap_ok(dhcp_build_discover(msg, DHCP_MSG_MIN - 1, 1, mac) == -ENOBUFS, "a short buffer: -ENOBUFS");

	inet_pton(AF_INET, "10.0.2.15", &r.requested);
	inet_pton(AF_INET, "10.0.2.2", &r.server_id);
	len = dhcp_build_request(msg, sizeof(msg), &r, mac);
	v = find_option(msg, (size_t)len, 53, &n);
	tap_ok(v && v[0] == DHCP_REQUEST, "type REQUEST");
	v = find_option(msg, (size_t)len, 50, &n);
	tap_ok(v && n == 4 && memcmp(v, &r.requested, 4) == 0, "requested address (50)");
	v = find_option(msg, (size_t)len, 54, &n);
	tap_ok(v && n == 4 && memcmp(v, &r.server_id, 4) == 0, "server id (54)");

	r = (struct dhcp_request){ .xid = 7 };
	inet_pton(AF_INET, "10.0.2.15", &r.ciaddr);
	len = dhcp_build_request(msg, sizeof(msg), &r, mac);
	tap_ok(memcmp(msg + 12, &r.ciaddr, 4) == 0 && msg[10] == 0, "renewal: ciaddr, no broadcast flag");
	tap_ok(!find_option(msg, (size_t)len, 50, &n) && !find_option(msg, (size_t)len, 54, &n),
	       "renewal: no requested address, no server id");
}

static void test_parse_good(void)
{
	uint8_t buf[DHCP_MSG_MAX];
	struct dhcp_reply r;
	size_t len = slirp_reply(buf, 42, DHCP_ACK);
	const uint8_t opts[] = { 53, 1, 5, 54, 4, 10, 0, 2, 2, 1, 4, 255, 255, 0, 0, 3, 8, 10, 0, 2, 1, 10, 0, 2, 9,
				 51, 4, 0, 0, 14, 16, 58, 4, 0, 0, 0, 100, 59, 4, 0, 0, 0, 200, 0, 0, 255 };

	tap_ok(dhcp_parse_reply(buf, len, 42, mac, &r) == 0, "slirp's ACK parses");
	tap_ok(r.type == DHCP_ACK && r.yiaddr.s_addr == inet_addr("10.0.2.15") &&
	       r.server_id.s_addr == inet_addr("10.0.2.2") && r.prefix_len == 24 && r.lease_s == 86400 &&
	       r.router.s_addr == 0, "address, server, /24, 86400 s, no router");
	len = make_reply(buf, 42, "10.1.2.3", opts, sizeof(opts));
	tap_ok(dhcp_parse_reply(buf, len, 42, mac, &r) == 0, "a full ACK parses");
	tap_ok(r.prefix_len == 16 && r.router.s_addr == inet_addr("10.0.2.1") && r.lease_s == 3600 &&
	       r.t1_s == 100 && r.t2_s == 200, "first router, /16, lease, T1, T2");
	len = make_reply(buf, 42, "192.168.1.5", (const uint8_t[]){ 53, 1, 2, 54, 4, 192, 168, 1, 1, 255 }, 10);
	tap_ok(dhcp_parse_reply(buf, len, 42, mac, &r) == 0 && r.type == DHCP_OFFER && r.prefix_len == 24,
	       "an OFFER without netmask: the class's prefix");
	len = make_reply(buf, 42, "0.0.0.0", (const uint8_t[]){ 53, 1, 6, 255 }, 4);
	tap_ok(dhcp_parse_reply(buf, len, 42, mac, &r) == 0 && r.type == DHCP_NAK, "a NAK parses");
}

static void check_bad(const uint8_t *opts, size_t n, const char *yiaddr, int want, const char *name)
{
	uint8_t buf[DHCP_MSG_MAX];
	struct dhcp_reply r;
	size_t len = make_reply(buf, 42, yiaddr, opts, n);
	int got = dhcp_parse_reply(buf, len, 42, mac, &r);

	tap_ok(got == want, "%s (%d)", name, got);
}

static void test_parse_hostile(void)
{
	uint8_t buf[DHCP_MSG_MAX];
	struct dhcp_reply r;
	size_t len = slirp_reply(buf, 42, DHCP_ACK);
	uint8_t other_mac[6] = { 1, 2, 3, 4, 5, 6 };
	int cut_ok = 1;

	for (size_t cut = 0; cut < len; cut++)
		if (dhcp_parse_reply(buf, cut, 42, mac, &r) == 0)
			cut_ok = 0;
	tap_ok(cut_ok, "every truncation of an ACK is refused");
	tap_ok(dhcp_parse_reply(buf, len, 43, mac, &r) == -ENOMSG, "another xid: -ENOMSG");
	tap_ok(dhcp_parse_reply(buf, len, 42, other_mac, &r) == -ENOMSG, "another chaddr: -ENOMSG");
	buf[0] = 1;
	tap_ok(dhcp_parse_reply(buf, len, 42, mac, &r) == -ENOMSG, "a BOOTREQUEST: -ENOMSG");
	buf[0] = 2;
	buf[237] = 0;
	tap_ok(dhcp_parse_reply(buf, len, 42, mac, &r) == -EBADMSG, "no magic cookie: -EBADMSG");

	check_bad((const uint8_t[]){ 53, 1, 5, 54, 4, 10, 0, 2, 2, 51, 200, 0 }, 12, "10.0.2.15", -EBADMSG,
		  "an option running past the end");
	check_bad((const uint8_t[]){ 53, 1, 5, 54, 4, 10, 0, 2, 2, 51, 4, 0, 1, 0x51, 0x80 }, 15, "10.0.2.15",
		  -EBADMSG, "no end option");
	check_bad((const uint8_t[]){ 53, 1, 5, 54, 4, 10, 0, 2, 2, 51 }, 10, "10.0.2.15", -EBADMSG,
		  "an option code without its length");
	check_bad((const uint8_t[]){ 53, 2, 5, 5, 54, 4, 10, 0, 2, 2, 51, 4, 0, 1, 0x51, 0x80, 255 }, 17,
		  "10.0.2.15", -EBADMSG, "a type of length 2");
	check_bad((const uint8_t[]){ 53, 1, 5, 54, 5, 10, 0, 2, 2, 2, 51, 4, 0, 1, 0x51, 0x80, 255 }, 17,
		  "10.0.2.15", -EBADMSG, "a server id of length 5");
	check_bad((const uint8_t[]){ 53, 1, 5, 54, 4, 10, 0, 2, 2, 3, 6, 10, 0, 2, 2, 10, 0, 51, 4, 0, 1, 0x51,
				     0x80, 255 }, 24, "10.0.2.15", -EBADMSG, "a router list of 6 bytes");
	check_bad((const uint8_t[]){ 53, 1, 5, 54, 4, 10, 0, 2, 2, 1, 4, 255, 0, 255, 0, 51, 4, 0, 1, 0x51, 0x80,
				     255 }, 22, "10.0.2.15", -EBADMSG, "a netmask that is not a prefix");
	check_bad((const uint8_t[]){ 54, 4, 10, 0, 2, 2, 51, 4, 0, 1, 0x51, 0x80, 255 }, 13, "10.0.2.15", -EBADMSG,
		  "no type");
	check_bad((const uint8_t[]){ 53, 1, 5, 51, 4, 0, 1, 0x51, 0x80, 255 }, 10, "10.0.2.15", -EBADMSG,
		  "an ACK without server id");
	check_bad((const uint8_t[]){ 53, 1, 5, 54, 4, 10, 0, 2, 2, 255 }, 10, "10.0.2.15", -EBADMSG,
		  "an ACK without lease time");
	check_bad((const uint8_t[])SLIRP_OPTS(5), 22, "255.255.255.255", -EBADMSG, "a broadcast yiaddr");
	check_bad((const uint8_t[])SLIRP_OPTS(5), 22, "127.0.0.1", -EBADMSG, "a loopback yiaddr");
	check_bad((const uint8_t[])SLIRP_OPTS(5), 22, "0.0.0.0", -EBADMSG, "no yiaddr");
	check_bad((const uint8_t[])SLIRP_OPTS(1), 22, "10.0.2.15", -ENOMSG, "a DISCOVER from the network: -ENOMSG");
	check_bad((const uint8_t[]){ 53, 1, 5, 54, 4, 10, 0, 2, 2, 3, 4, 224, 0, 0, 1, 51, 4, 0, 1, 0x51, 0x80,
				     255 }, 22, "10.0.2.15", -EBADMSG, "a multicast router");
}

/* The fake transport, appmgr and random numbers. */
struct sent {
	uint8_t msg[DHCP_MSG_MIN];
	size_t len;
	struct in_addr dst;
	uint64_t at_ms;
};

static struct fake {
	struct sent sent[64];
	unsigned nsent;
	unsigned applied, fallbacks;
	struct dhcp_lease last;
	int apply_result;
	uint32_t next_xid;
	uint64_t now_ms;
} fake;

static int fake_send(void *ctx, const uint8_t *msg, size_t len, struct in_addr dst)
{
	struct sent *s = &fake.sent[fake.nsent++ % 64];

	memcpy(s->msg, msg, len);
	s->len = len;
	s->dst = dst;
	s->at_ms = fake.now_ms;
	return 0;
}

static int fake_apply(void *ctx, const struct dhcp_lease *lease, char *reason, size_t reason_len)
{
	if (lease) {
		fake.applied++;
		fake.last = *lease;
	} else {
		fake.fallbacks++;
	}
	snprintf(reason, reason_len, "%s", fake.apply_result ? "no NetworkManager" : "");
	return fake.apply_result;
}

static uint32_t fake_random(void *ctx)
{
	return fake.next_xid++;
}

static const struct sent *last_sent(void)
{
	return &fake.sent[(fake.nsent - 1) % 64];
}

static uint8_t sent_type(const struct sent *s)
{
	uint8_t n;
	const uint8_t *v = find_option(s->msg, s->len, 53, &n);

	return v ? v[0] : 0;
}

static uint32_t sent_xid(const struct sent *s)
{
	return (uint32_t)s->msg[4] << 24 | (uint32_t)s->msg[5] << 16 | (uint32_t)s->msg[6] << 8 | s->msg[7];
}

/* Runs the client's clock to until_ms, ticking whenever it asks. */
static void run_until(struct dhcp_client *c, uint64_t until_ms)
{
	while (fake.now_ms < until_ms) {
		uint64_t step = (uint64_t)dhcp_client_timeout_ms(c, fake.now_ms);

		if (step == 0) {
			dhcp_client_tick(c, fake.now_ms);
			continue;
		}
		fake.now_ms = fake.now_ms + step < until_ms ? fake.now_ms + step : until_ms;
		dhcp_client_tick(c, fake.now_ms);
	}
}

static void deliver(struct dhcp_client *c, uint8_t type)
{
	uint8_t buf[DHCP_MSG_MAX];
	size_t len = slirp_reply(buf, sent_xid(last_sent()), type);

	dhcp_client_receive(c, buf, len, fake.now_ms);
}

static char *log_buf;
static size_t log_len;

static void test_state_machine(void)
{
	FILE *log = open_memstream(&log_buf, &log_len);
	struct dhcp_io io = { fake_send, fake_apply, fake_random, NULL, log };
	static struct dhcp_client c;
	uint64_t t0 = 1000, t_bound;
	unsigned applied;
	uint8_t buf[DHCP_MSG_MAX];
	size_t len;
	int backoff_ok = 1;

	fake = (struct fake){ .next_xid = 0x100, .now_ms = t0 };
	dhcp_client_start(&c, "eth0", mac, &io, t0);
	tap_ok(dhcp_client_timeout_ms(&c, t0) == 0, "the first DISCOVER is due at once");
	run_until(&c, t0 + 9999);
	tap_ok(fake.nsent == 3 && sent_type(&fake.sent[0]) == DHCP_DISCOVER &&
	       fake.sent[0].dst.s_addr == htonl(INADDR_BROADCAST), "DISCOVERs broadcast");
	tap_ok(fake.sent[1].at_ms - t0 == 2000 && fake.sent[2].at_ms - t0 == 6000, "retransmitted after 2 s, then 4 s");
	tap_ok(sent_xid(&fake.sent[0]) == sent_xid(&fake.sent[2]), "one xid for the retransmissions");
	tap_ok(fake.fallbacks == 0, "no fallback before 10 s");
	run_until(&c, t0 + 10000);
	tap_ok(fake.fallbacks == 1, "the static fallback asked for after 10 s");
	run_until(&c, t0 + 200000);
	for (unsigned i = 4; i < fake.nsent; i++)
		if (fake.sent[i].at_ms - fake.sent[i - 1].at_ms != DHCP_SLOW_RETRY_MS)
			backoff_ok = 0;
	tap_ok(fake.nsent > 4 && backoff_ok && fake.fallbacks == 1, "then DISCOVER every 60 s, fallback once");

	/* An OFFER for another xid is ignored; the right one gets a REQUEST. */
	len = slirp_reply(buf, sent_xid(last_sent()) + 1, DHCP_OFFER);
	dhcp_client_receive(&c, buf, len, fake.now_ms);
	tap_ok(c.state == DHCP_SELECTING, "an OFFER with another xid: ignored");
	deliver(&c, DHCP_ACK);
	tap_ok(c.state == DHCP_SELECTING, "an ACK while selecting: ignored");
	deliver(&c, DHCP_OFFER);
	tap_ok(c.state == DHCP_REQUESTING && sent_type(last_sent()) == DHCP_REQUEST &&
	       last_sent()->dst.s_addr == htonl(INADDR_BROADCAST) && last_sent()->msg[10] == 0x80,
	       "OFFER -> REQUEST broadcast");
	deliver(&c, DHCP_ACK);
	t_bound = fake.now_ms;
	tap_ok(c.state == DHCP_BOUND && fake.applied == 1, "ACK -> bound, lease applied");
	tap_ok(fake.last.addr.s_addr == inet_addr("10.0.2.15") && fake.last.prefix_len == 24 &&
	       fake.last.router.s_addr == 0 && fake.last.lease_s == 86400 &&
	       fake.last.server.s_addr == inet_addr("10.0.2.2"), "the lease: 10.0.2.15/24, no router, 86400 s");
	tap_ok(dhcp_client_timeout_ms(&c, fake.now_ms) == 43200000, "renewal due at T1, 43200 s");

	/* T1: REQUEST by unicast to the server with ciaddr. */
	run_until(&c, t_bound + 43200000);
	tap_ok(c.state == DHCP_RENEWING && sent_type(last_sent()) == DHCP_REQUEST &&
	       last_sent()->dst.s_addr == inet_addr("10.0.2.2") && last_sent()->msg[10] == 0 &&
	       memcmp(last_sent()->msg + 12, &fake.last.addr, 4) == 0, "T1: REQUEST unicast to 10.0.2.2, ciaddr set");
	deliver(&c, DHCP_ACK);
	tap_ok(c.state == DHCP_BOUND && fake.applied == 2, "renewed: applied again");
	t_bound = fake.now_ms;

	/* No answer to renewals: rebinding at T2, then expiry. */
	run_until(&c, t_bound + 75600000);
	tap_ok(c.state == DHCP_REBINDING && last_sent()->dst.s_addr == htonl(INADDR_BROADCAST),
	       "T2: REQUEST broadcast (rebinding)");
	run_until(&c, t_bound + 86400000);
	tap_ok(c.state == DHCP_SELECTING && sent_type(last_sent()) == DHCP_DISCOVER, "expiry: DISCOVER again");

	/* NAK to a REQUEST: over again at once. */
	deliver(&c, DHCP_OFFER);
	deliver(&c, DHCP_NAK);
	tap_ok(c.state == DHCP_SELECTING && sent_type(last_sent()) == DHCP_DISCOVER, "NAK: DISCOVER again at once");

	/* REQUEST unanswered 4 times: DISCOVER again. */
	deliver(&c, DHCP_OFFER);
	run_until(&c, fake.now_ms + 2000 + 4000 + 8000 + 16000);
	tap_ok(c.state == DHCP_SELECTING, "4 unanswered REQUESTs: selecting again");

	/* appmgr refuses the lease: logged once, renewed within 60 s until
	 * appmgr takes it. */
	fake.apply_result = -13;
	deliver(&c, DHCP_OFFER);
	deliver(&c, DHCP_ACK);
	applied = fake.applied;
	t_bound = fake.now_ms;
	tap_ok(c.state == DHCP_BOUND && dhcp_client_timeout_ms(&c, fake.now_ms) == DHCP_REFUSED_RENEW_MS,
	       "a refused lease: renewal due in 60 s, not at T1");
	run_until(&c, t_bound + DHCP_REFUSED_RENEW_MS);
	tap_ok(c.state == DHCP_RENEWING && sent_type(last_sent()) == DHCP_REQUEST &&
	       last_sent()->dst.s_addr == inet_addr("10.0.2.2"), "60 s later: REQUEST unicast to the server");
	deliver(&c, DHCP_ACK);
	tap_ok(fake.applied == applied + 1 && c.state == DHCP_BOUND &&
	       dhcp_client_timeout_ms(&c, fake.now_ms) == DHCP_REFUSED_RENEW_MS,
	       "refused again: asked again, renewal again in 60 s");
	fake.apply_result = 0;
	run_until(&c, fake.now_ms + DHCP_REFUSED_RENEW_MS);
	deliver(&c, DHCP_ACK);
	tap_ok(fake.applied == applied + 2 && c.state == DHCP_BOUND &&
	       dhcp_client_timeout_ms(&c, fake.now_ms) == 43200000,
	       "appmgr takes the lease once the interface is given back: renewal at T1 again");
	fclose(log);
}

static void test_log_lines(void)
{
	const char *refusal = "netmgr: eth0: appmgr refused the lease: no NetworkManager (Permission denied)\n";
	const char *first = strstr(log_buf, refusal);

	tap_ok(strstr(log_buf, "netmgr: eth0: no DHCP answer in 10 s, static configuration from net.conf\n") != NULL,
	       "log: the fallback line");
	tap_ok(strstr(log_buf, "netmgr: eth0: DHCP lease 10.0.2.15/24 from 10.0.2.2 for 86400 s\n") != NULL,
	       "log: the lease line");
	tap_ok(strstr(log_buf, "netmgr: eth0: DHCP NAK, starting over\n") != NULL, "log: the NAK line");
	tap_ok(first != NULL && strstr(first + 1, refusal) == NULL, "log: appmgr's refusal, once for two refusals");
	free(log_buf);
}

int main(void)
{
	test_build();
	test_parse_good();
	test_parse_hostile();
	test_state_machine();
	test_log_lines();
	return tap_done();
}
