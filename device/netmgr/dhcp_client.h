/* dhcp_client.h — netmgr's DHCP client state machine (RFC 2131 section 4.4)
 * for one interface, without I/O of its own: the caller passes it what
 * arrives on its UDP socket (0.0.0.0:68, bound to the interface), calls
 * tick when the timeout it gives has passed, and provides the sending,
 * the applying (appmgr's NET_APPLY) and the random numbers (struct dhcp_io),
 * so that tests drive it with a fake transport and clock.
 *
 * DISCOVER (broadcast; again after 2, 4, 8 ... s, at most 64 s apart) ->
 * OFFER -> REQUEST (broadcast, 4 tries) -> ACK: the lease is applied and
 * logged. 10 s after starting without a lease, appmgr is asked for the
 * static configuration of net.conf, and DISCOVER goes on every 60 s. At T1
 * (half the lease unless the server says) REQUEST is sent by unicast to the
 * server, at T2 (7/8) broadcast, at the lease's end it starts over with
 * DISCOVER. A NAK starts over at once. A lease appmgr refuses (an app's
 * static configuration holds the interface: EBUSY) stays bound but is
 * renewed within 60 s, and so on until appmgr takes one (the app gave the
 * interface back to DHCP); the refusal is logged once, not each time. */
#ifndef NETMGR_DHCP_CLIENT_H
#define NETMGR_DHCP_CLIENT_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "dhcp_msg.h"

#define DHCP_FALLBACK_AFTER_MS 10000u
#define DHCP_RETRY_FIRST_MS 2000u
#define DHCP_RETRY_MAX_MS 64000u
#define DHCP_SLOW_RETRY_MS 60000u     /* DISCOVER once the static fallback is applied */
#define DHCP_REQUEST_TRIES 4u
#define DHCP_RENEW_RETRY_MIN_MS 60000u
#define DHCP_REFUSED_RENEW_MS 60000u  /* renewal after appmgr refused the lease */

/** struct dhcp_lease - what NET_APPLY receives. Addresses in network order. */
struct dhcp_lease {
	struct in_addr addr;
	struct in_addr server;
	struct in_addr router;       /* 0: the lease has none */
	uint8_t prefix_len;
	uint32_t lease_s;
};

struct dhcp_io {
	/* Sends msg to dst port 67 (INADDR_BROADCAST or the server): 0 or -errno. */
	int (*send)(void *ctx, const uint8_t *msg, size_t len, struct in_addr dst);
	/* Applies lease, or with NULL the static fallback: 0 or -errno, with
	 * appmgr's reason in reason. */
	int (*apply)(void *ctx, const struct dhcp_lease *lease, char *reason, size_t reason_len);
	uint32_t (*random)(void *ctx);
	void *ctx;
	FILE *log;                   /* where the log lines go */
};

enum dhcp_state {
	DHCP_SELECTING,              /* DISCOVER sent, waiting for an OFFER */
	DHCP_REQUESTING,             /* REQUEST sent for an OFFER, waiting for the ACK */
	DHCP_BOUND,
	DHCP_RENEWING,               /* after T1: REQUEST by unicast to the server */
	DHCP_REBINDING,              /* after T2: REQUEST broadcast */
};

struct dhcp_client {
	char ifname[16];
	uint8_t mac[6];
	const struct dhcp_io *io;
	enum dhcp_state state;
	uint32_t xid;
	struct dhcp_reply offer;     /* REQUESTING: the offer asked for */
	struct dhcp_lease lease;     /* BOUND, RENEWING, REBINDING */
	uint64_t t1_ms, t2_ms, expiry_ms;
	uint64_t next_send_ms;
	uint32_t retry_ms;           /* the wait after the next send */
	unsigned tries;              /* sends in this state */
	uint64_t fallback_ms;        /* when to ask for the static fallback; 0: not pending */
	bool fallback_applied;
	bool refused;                /* appmgr refused the last lease (logged once) */
};

/* Starts on interface ifname (hardware address mac) at now_ms: the first
 * DISCOVER goes out at the first tick. */
void dhcp_client_start(struct dhcp_client *c, const char *ifname, const uint8_t mac[6],
		       const struct dhcp_io *io, uint64_t now_ms);

/* A datagram that arrived on port 68. Anything not answering the client's
 * current exchange is ignored. */
void dhcp_client_receive(struct dhcp_client *c, const uint8_t *msg, size_t len, uint64_t now_ms);

/* Does what is due at now_ms (sends, fallback, T1, T2, expiry). */
void dhcp_client_tick(struct dhcp_client *c, uint64_t now_ms);

/* Milliseconds from now_ms until the next tick is due (0: now). */
int dhcp_client_timeout_ms(const struct dhcp_client *c, uint64_t now_ms);

#endif
