/*
 * dns_upstream.h - one query's transport to the upstream DNS server: a
 * fresh socket per query (so a fresh random source port), connected, so
 * that the kernel drops datagrams from anyone but the server; over UDP, or
 * over TCP with RFC 7766's 2-byte length prefix (the board's only way out
 * under QEMU's restrict=on). Never blocks: the socket is non-blocking and
 * the caller polls it for dns_upstream_events().
 */
#ifndef NETMGR_DNS_UPSTREAM_H
#define NETMGR_DNS_UPSTREAM_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dns_name.h"

/* The longest query netmgr sends: header, name, type and class. */
#define DNS_UPSTREAM_QUERY_MAX (DNS_HEADER_SIZE + DNS_NAME_MAX + 2 + 4)
/* The longest answer read; a longer one fails the query. */
#define DNS_UPSTREAM_ANSWER_MAX 1232
/* UDP: tries, one every DNS_UPSTREAM_TRY_MS; TCP: one try of
 * DNS_UPSTREAM_TRIES * DNS_UPSTREAM_TRY_MS (TCP retransmits itself). */
#define DNS_UPSTREAM_TRIES 3
#define DNS_UPSTREAM_TRY_MS 1000

enum dns_upstream_state {
	DNS_UPSTREAM_CLOSED,
	DNS_UPSTREAM_CONNECTING,	/* TCP */
	DNS_UPSTREAM_SENDING,		/* TCP: the query is partly sent */
	DNS_UPSTREAM_READING,
};

struct dns_upstream {
	int fd;
	bool tcp;
	enum dns_upstream_state state;
	size_t query_len;	/* of query, with the 2-byte prefix */
	size_t done;		/* TCP: bytes of query sent, then of prefix and answer read */
	size_t answer_len;	/* TCP: the answer's length, from its prefix */
	uint8_t query[2 + DNS_UPSTREAM_QUERY_MAX];	/* the length prefix, then the query */
	uint8_t prefix[2];	/* TCP: the answer's length prefix, as read */
	uint8_t answer[DNS_UPSTREAM_ANSWER_MAX];
};

/*
 * Opens a socket to server over UDP or TCP, connects it (TCP: without
 * waiting) and, over UDP, sends query[len]. Returns 0 or a negative errno
 * (-EMSGSIZE for a query longer than DNS_UPSTREAM_QUERY_MAX); u is closed
 * after a failure.
 */
int dns_upstream_start(struct dns_upstream *u, const struct sockaddr_in *server, bool tcp,
		       const uint8_t *query, size_t len);

/* The poll events u waits for (POLLOUT while a TCP connection is being
 * made or the query sent, else POLLIN). */
short dns_upstream_events(const struct dns_upstream *u);

/* UDP: sends the query again (same id, same socket). Returns 0 or a
 * negative errno. */
int dns_upstream_resend(struct dns_upstream *u);

/*
 * Moves u on after poll said revents: connects, sends, reads. Returns the
 * length of a whole answer now in u->answer, 0 when there is none yet
 * (call again on the next event; over UDP, call again now for the next
 * datagram), or a negative errno: the connection's error, -ECONNRESET for
 * a TCP connection closed before the whole answer, -EMSGSIZE for an answer
 * longer than DNS_UPSTREAM_ANSWER_MAX, -EBADMSG for an empty one.
 */
int dns_upstream_io(struct dns_upstream *u, short revents);

/* Closes u's socket (nothing when closed). */
void dns_upstream_close(struct dns_upstream *u);

#endif
