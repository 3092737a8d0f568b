/* sntp_client.h — netmgr's clock sync: one SNTP exchange at a time with the
 * configured server, over UDP or over TCP with a 2-byte big-endian length
 * before each 48-byte packet (the test transport to a QEMU guestfwd, which
 * carries TCP only), never blocking: the caller polls the descriptor it
 * gives and calls handle and tick. The first sync is at start; after a
 * success the next is ntp-poll seconds later, after a failure 5 s, then
 * 10, 20 ... at most ntp-poll. A kiss-o'-death RATE counts as a failure,
 * DENY or RSTR stops asking that server. Before each exchange it asks
 * appmgr whether time sync is enabled (TIMESYNC get); disabled: no sync,
 * asked again at the next poll. On success it asks appmgr to set the time
 * (TIME_SET, source NETWORK) and logs
 * "netmgr: clock set from <addr> (offset +N.NNN s)". */
#ifndef NETMGR_SNTP_CLIENT_H
#define NETMGR_SNTP_CLIENT_H

#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "sntp_msg.h"

#define SNTP_RETRY_FIRST_MS 5000u
#define SNTP_REPLY_TIMEOUT_MS 3000u

struct sntp_io {
	/* 1: time sync enabled, 0: disabled, or a negative errno. */
	int (*timesync_enabled)(void *ctx);
	/* Sets the system time to t: 0 or -errno with appmgr's reason. */
	int (*set_time)(void *ctx, const struct timespec *t, char *reason, size_t reason_len);
	uint64_t (*random64)(void *ctx);
	void *ctx;
	FILE *log;
};

enum sntp_state {
	SNTP_IDLE,                   /* until next_ms */
	SNTP_CONNECTING,             /* tcp: connect in progress */
	SNTP_WAITING,                /* request sent, until deadline_ms */
	SNTP_STOPPED,                /* the server said DENY or RSTR */
};

struct sntp_client {
	struct sockaddr_in server;
	bool tcp;
	uint32_t poll_ms;
	const struct sntp_io *io;
	enum sntp_state state;
	int fd;
	uint64_t next_ms, deadline_ms;
	uint32_t retry_ms;
	uint64_t nonce;
	int64_t t1_real_ns, t1_mono_ns;      /* when the request left */
	uint8_t buf[2 + SNTP_MSG_LEN];       /* tcp: length and packet */
	size_t have;
};

/* Syncs with server:port (tcp or udp) every poll_s seconds, the first time
 * at now_ms. */
void sntp_client_start(struct sntp_client *c, struct in_addr server, uint16_t port, bool tcp,
		       uint32_t poll_s, const struct sntp_io *io, uint64_t now_ms);

/* The descriptor to poll into *out: 1, or 0 when there is none. */
int sntp_client_fd(const struct sntp_client *c, struct pollfd *out);

/* The descriptor's revents (from the poll of sntp_client_fd). */
void sntp_client_handle(struct sntp_client *c, short revents, uint64_t now_ms);

/* Does what is due at now_ms: starts an exchange, gives one up. */
void sntp_client_tick(struct sntp_client *c, uint64_t now_ms);

/* Milliseconds until the next tick is due; -1: never (stopped). */
int sntp_client_timeout_ms(const struct sntp_client *c, uint64_t now_ms);

void sntp_client_stop(struct sntp_client *c);

#endif
