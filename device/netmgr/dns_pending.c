/*
 * dns_pending.c - the resolver's bounded table of pending upstream
 * questions and their waiting app queries (dns_pending.h).
 */
#include <string.h>

#include "dns_pending.h"

void dns_pending_init(struct dns_pending *t)
{
	memset(t, 0, sizeof(*t));
	for (unsigned i = 0; i < DNS_PENDING_MAX; i++)
		t->entry[i].up.fd = -1;
}

struct dns_pending_entry *dns_pending_find(struct dns_pending *t, const char *name,
					   uint16_t qtype)
{
	for (unsigned i = 0; i < DNS_PENDING_MAX; i++) {
		struct dns_pending_entry *e = &t->entry[i];

		if (e->used && e->q.qtype == qtype && strcmp(e->q.name, name) == 0)
			return e;
	}
	return NULL;
}

struct dns_pending_entry *dns_pending_by_fd(struct dns_pending *t, int fd)
{
	for (unsigned i = 0; i < DNS_PENDING_MAX; i++)
		if (t->entry[i].used && t->entry[i].up.fd == fd)
			return &t->entry[i];
	return NULL;
}

bool dns_pending_waiting(const struct dns_pending *t, const struct sockaddr_in *from, uint16_t id)
{
	for (unsigned i = 0; i < DNS_PENDING_MAX; i++) {
		const struct dns_pending_entry *e = &t->entry[i];

		for (unsigned k = 0; e->used && k < e->n_waiters; k++) {
			const struct dns_waiter *w = &e->waiter[k];

			if (w->id == id && w->from.sin_port == from->sin_port &&
			    w->from.sin_addr.s_addr == from->sin_addr.s_addr)
				return true;
		}
	}
	return false;
}

struct dns_pending_entry *dns_pending_claim(struct dns_pending *t, const struct dns_question *q)
{
	for (unsigned i = 0; i < DNS_PENDING_MAX; i++) {
		struct dns_pending_entry *e = &t->entry[i];

		if (!e->used) {
			e->used = true;
			e->q = *q;
			e->n_waiters = 0;
			e->tries = 0;
			return e;
		}
	}
	return NULL;
}

bool dns_pending_add_waiter(struct dns_pending_entry *e, const struct dns_waiter *w)
{
	if (e->n_waiters == DNS_WAITERS_MAX)
		return false;
	e->waiter[e->n_waiters++] = *w;
	return true;
}

void dns_pending_release(struct dns_pending_entry *e)
{
	e->used = false;
	e->n_waiters = 0;
}

unsigned dns_pending_count(const struct dns_pending *t)
{
	unsigned n = 0;

	for (unsigned i = 0; i < DNS_PENDING_MAX; i++)
		n += t->entry[i].used;
	return n;
}
