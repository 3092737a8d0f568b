/* dhcp_client.c — netmgr's DHCP client state machine (see dhcp_client.h). */
#include "dhcp_client.h"

#include <arpa/inet.h>
#include <limits.h>
#include <string.h>

static void log_refusal(struct dhcp_client *c, const char *what, int err, const char *reason)
{
	fprintf(c->io->log, "netmgr: %s: appmgr refused %s: %s (%s)\n", c->ifname, what,
		reason[0] ? reason : "no reason given", strerror(-err));
	fflush(c->io->log);
}

static void send_to(struct dhcp_client *c, const uint8_t *msg, int len, struct in_addr dst)
{
	if (len > 0)
		c->io->send(c->io->ctx, msg, (size_t)len, dst);   /* a lost send is a lost datagram */
}

static struct in_addr broadcast_addr(void)
{
	return (struct in_addr){ .s_addr = htonl(INADDR_BROADCAST) };
}

/* The wait after a send in SELECTING and REQUESTING: 2, 4, 8 ... 64 s, or
 * for DISCOVER 60 s once the static fallback holds. */
static void schedule_retry(struct dhcp_client *c, uint64_t now_ms)
{
	c->tries++;
	c->next_send_ms = now_ms + c->retry_ms;
	if (c->fallback_applied && c->state == DHCP_SELECTING)
		c->retry_ms = DHCP_SLOW_RETRY_MS;
	else if (c->retry_ms < DHCP_RETRY_MAX_MS)
		c->retry_ms *= 2;
}

static void enter(struct dhcp_client *c, enum dhcp_state state, uint64_t now_ms)
{
	c->state = state;
	c->tries = 0;
	c->next_send_ms = now_ms;
	c->retry_ms = c->fallback_applied && state == DHCP_SELECTING ? DHCP_SLOW_RETRY_MS : DHCP_RETRY_FIRST_MS;
	if (state == DHCP_SELECTING || state == DHCP_RENEWING)
		c->xid = c->io->random(c->io->ctx);
}

/* Starts over with DISCOVER, without a lease: the static fallback is due
 * DHCP_FALLBACK_AFTER_MS later unless a lease comes first. */
static void start_over(struct dhcp_client *c, uint64_t now_ms)
{
	enter(c, DHCP_SELECTING, now_ms);
	if (!c->fallback_applied)
		c->fallback_ms = now_ms + DHCP_FALLBACK_AFTER_MS;
}

void dhcp_client_start(struct dhcp_client *c, const char *ifname, const uint8_t mac[6],
		       const struct dhcp_io *io, uint64_t now_ms)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->ifname, sizeof(c->ifname), "%s", ifname);
	memcpy(c->mac, mac, sizeof(c->mac));
	c->io = io;
	start_over(c, now_ms);
}

static void send_discover(struct dhcp_client *c, uint64_t now_ms)
{
	uint8_t msg[DHCP_MSG_MIN];

	send_to(c, msg, dhcp_build_discover(msg, sizeof(msg), c->xid, c->mac), broadcast_addr());
	schedule_retry(c, now_ms);
}

static void send_request(struct dhcp_client *c)
{
	uint8_t msg[DHCP_MSG_MIN];
	struct dhcp_request r = { .xid = c->xid };
	struct in_addr dst = broadcast_addr();

	if (c->state == DHCP_REQUESTING) {
		r.requested = c->offer.yiaddr;
		r.server_id = c->offer.server_id;
		r.broadcast = 1;
	} else {
		r.ciaddr = c->lease.addr;
		if (c->state == DHCP_RENEWING)
			dst = c->lease.server;
	}
	send_to(c, msg, dhcp_build_request(msg, sizeof(msg), &r, c->mac), dst);
}

/* RENEWING and REBINDING: the next REQUEST half-way to deadline, at least
 * DHCP_RENEW_RETRY_MIN_MS later (RFC 2131 section 4.4.5). */
static void schedule_renew_retry(struct dhcp_client *c, uint64_t now_ms, uint64_t deadline_ms)
{
	uint64_t half = deadline_ms > now_ms ? (deadline_ms - now_ms) / 2 : 0;

	c->tries++;
	c->next_send_ms = now_ms + (half > DHCP_RENEW_RETRY_MIN_MS ? half : DHCP_RENEW_RETRY_MIN_MS);
}

static void bind_lease(struct dhcp_client *c, const struct dhcp_reply *ack, uint64_t now_ms)
{
	uint64_t lease_ms = (uint64_t)ack->lease_s * 1000;
	uint64_t t1 = ack->t1_s ? (uint64_t)ack->t1_s * 1000 : lease_ms / 2;
	uint64_t t2 = ack->t2_s ? (uint64_t)ack->t2_s * 1000 : lease_ms / 8 * 7;
	char reason[128];
	char addr[INET_ADDRSTRLEN], server[INET_ADDRSTRLEN];
	int err;

	if (t2 > lease_ms)
		t2 = lease_ms;
	if (t1 > t2)
		t1 = t2;
	c->lease = (struct dhcp_lease){
		.addr = ack->yiaddr, .server = ack->server_id, .router = ack->router,
		.prefix_len = ack->prefix_len, .lease_s = ack->lease_s,
	};
	c->t1_ms = now_ms + t1;
	c->t2_ms = now_ms + t2;
	c->expiry_ms = now_ms + lease_ms;
	c->state = DHCP_BOUND;
	c->fallback_ms = 0;
	c->fallback_applied = false;
	err = c->io->apply(c->io->ctx, &c->lease, reason, sizeof(reason));
	if (err) {
		if (!c->refused)
			log_refusal(c, "the lease", err, reason);
		c->refused = true;
		if (c->t1_ms > now_ms + DHCP_REFUSED_RENEW_MS)
			c->t1_ms = now_ms + DHCP_REFUSED_RENEW_MS;
		return;
	}
	c->refused = false;
	inet_ntop(AF_INET, &c->lease.addr, addr, sizeof(addr));
	inet_ntop(AF_INET, &c->lease.server, server, sizeof(server));
	fprintf(c->io->log, "netmgr: %s: DHCP lease %s/%u from %s for %u s\n", c->ifname, addr,
		c->lease.prefix_len, server, c->lease.lease_s);
	fflush(c->io->log);
}

void dhcp_client_receive(struct dhcp_client *c, const uint8_t *msg, size_t len, uint64_t now_ms)
{
	struct dhcp_reply r;

	if (c->state == DHCP_BOUND || dhcp_parse_reply(msg, len, c->xid, c->mac, &r) != 0)
		return;
	if (c->state == DHCP_SELECTING) {
		if (r.type != DHCP_OFFER)
			return;
		c->offer = r;
		enter(c, DHCP_REQUESTING, now_ms);
		dhcp_client_tick(c, now_ms);
		return;
	}
	if (r.type == DHCP_OFFER)
		return;
	/* REQUESTING: only the server asked; RENEWING, REBINDING: any. */
	if (c->state == DHCP_REQUESTING && r.server_id.s_addr && r.server_id.s_addr != c->offer.server_id.s_addr)
		return;
	if (r.type == DHCP_NAK) {
		fprintf(c->io->log, "netmgr: %s: DHCP NAK, starting over\n", c->ifname);
		fflush(c->io->log);
		start_over(c, now_ms);
		dhcp_client_tick(c, now_ms);
		return;
	}
	bind_lease(c, &r, now_ms);
}

static void apply_fallback(struct dhcp_client *c)
{
	char reason[128];
	int err;

	c->fallback_ms = 0;
	c->fallback_applied = true;
	if (c->state == DHCP_SELECTING)
		c->retry_ms = DHCP_SLOW_RETRY_MS;
	fprintf(c->io->log, "netmgr: %s: no DHCP answer in %u s, static configuration from net.conf\n",
		c->ifname, DHCP_FALLBACK_AFTER_MS / 1000);
	fflush(c->io->log);
	err = c->io->apply(c->io->ctx, NULL, reason, sizeof(reason));
	if (err)
		log_refusal(c, "the static configuration", err, reason);
}

void dhcp_client_tick(struct dhcp_client *c, uint64_t now_ms)
{
	if (c->fallback_ms && now_ms >= c->fallback_ms)
		apply_fallback(c);
	switch (c->state) {
	case DHCP_SELECTING:
		if (now_ms >= c->next_send_ms)
			send_discover(c, now_ms);
		break;
	case DHCP_REQUESTING:
		if (now_ms < c->next_send_ms)
			break;
		if (c->tries == DHCP_REQUEST_TRIES) {
			start_over(c, now_ms);
			send_discover(c, now_ms);
			break;
		}
		send_request(c);
		schedule_retry(c, now_ms);
		break;
	case DHCP_BOUND:
		if (now_ms >= c->t1_ms) {
			enter(c, DHCP_RENEWING, now_ms);
			dhcp_client_tick(c, now_ms);
		}
		break;
	case DHCP_RENEWING:
		if (now_ms >= c->t2_ms) {
			enter(c, DHCP_REBINDING, now_ms);
			dhcp_client_tick(c, now_ms);
		} else if (now_ms >= c->next_send_ms) {
			send_request(c);
			schedule_renew_retry(c, now_ms, c->t2_ms);
		}
		break;
	case DHCP_REBINDING:
		if (now_ms >= c->expiry_ms) {
			start_over(c, now_ms);
			send_discover(c, now_ms);
		} else if (now_ms >= c->next_send_ms) {
			send_request(c);
			schedule_renew_retry(c, now_ms, c->expiry_ms);
		}
		break;
	}
}

static uint64_t earlier(uint64_t a, uint64_t b)
{
	return a && a < b ? a : b;
}

int dhcp_client_timeout_ms(const struct dhcp_client *c, uint64_t now_ms)
{
	uint64_t due;

	switch (c->state) {
	case DHCP_BOUND:
		due = c->t1_ms;
		break;
	case DHCP_RENEWING:
		due = earlier(c->next_send_ms, c->t2_ms);
		break;
	case DHCP_REBINDING:
		due = earlier(c->next_send_ms, c->expiry_ms);
		break;
	default:
		due = c->next_send_ms;
		break;
	}
	due = earlier(c->fallback_ms, due);
	if (due <= now_ms)
		return 0;
	return due - now_ms > INT_MAX ? INT_MAX : (int)(due - now_ms);
}
