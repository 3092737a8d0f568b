/*
 * dns_pending.h - the resolver's bounded table of questions sent upstream
 * and not answered yet, each with the apps' queries waiting for it (an
 * identical question asked again while pending joins the one sent, it is
 * not sent twice). A fixed table: nothing is allocated per query; when it
 * is full, new questions are dropped (musl asks again 2.5 s later).
 */
#ifndef NETMGR_DNS_PENDING_H
#define NETMGR_DNS_PENDING_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

#include "dns_msg.h"
#include "dns_upstream.h"

#define DNS_PENDING_MAX 16
#define DNS_WAITERS_MAX 8
/* An app's name as logged: struct app_svc_resolve's name, else its component
 * id (36 characters), else "uid N". */
#define DNS_APP_NAME_MAX 36

/* One app's query waiting for an upstream answer. */
struct dns_waiter {
	struct sockaddr_in from;	/* where the query came from: the answer goes there */
	uint16_t id;			/* the app's query id */
	bool rd;
	char app[DNS_APP_NAME_MAX + 1];
};

struct dns_pending_entry {
	bool used;
	struct dns_question q;		/* the question asked upstream (id, rd unused) */
	uint16_t upstream_id;		/* random, the upstream query's */
	unsigned tries;			/* UDP sends so far */
	uint64_t deadline_ms;		/* next resend, or giving up */
	struct dns_upstream up;
	unsigned n_waiters;
	struct dns_waiter waiter[DNS_WAITERS_MAX];
};

struct dns_pending {
	struct dns_pending_entry entry[DNS_PENDING_MAX];
};

/* An empty table. */
void dns_pending_init(struct dns_pending *t);

/* The pending entry asking name with qtype, or NULL. */
struct dns_pending_entry *dns_pending_find(struct dns_pending *t, const char *name,
					   uint16_t qtype);

/* The pending entry whose upstream socket is fd, or NULL. */
struct dns_pending_entry *dns_pending_by_fd(struct dns_pending *t, int fd);

/* Whether the app's query id from from is waiting already (musl sends it
 * again after 2.5 s): the first one is answered. */
bool dns_pending_waiting(const struct dns_pending *t, const struct sockaddr_in *from, uint16_t id);

/* Takes a free entry for question q (no waiters, upstream closed), or
 * NULL when all DNS_PENDING_MAX are pending. */
struct dns_pending_entry *dns_pending_claim(struct dns_pending *t, const struct dns_question *q);

/* Adds w to e's waiters; false when e has DNS_WAITERS_MAX. */
bool dns_pending_add_waiter(struct dns_pending_entry *e, const struct dns_waiter *w);

/* Frees e (its upstream must be closed). */
void dns_pending_release(struct dns_pending_entry *e);

/* How many entries are pending. */
unsigned dns_pending_count(const struct dns_pending *t);

#endif
