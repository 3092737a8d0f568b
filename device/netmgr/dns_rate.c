/*
 * dns_rate.c - token buckets for netmgr's resolver (dns_rate.h).
 */
#include <string.h>

#include "dns_rate.h"

void dns_rate_init(struct dns_rate *r, uint32_t per_s, uint32_t burst, uint64_t now_ms)
{
	r->per_s = per_s;
	r->burst = burst;
	r->milli = (uint64_t)burst * 1000;
	r->last_ms = now_ms;
}

static void refill(struct dns_rate *r, uint64_t now_ms)
{
	uint64_t full = (uint64_t)r->burst * 1000;

	if (now_ms > r->last_ms) {
		uint64_t gained = (now_ms - r->last_ms) * r->per_s;

		r->milli = gained >= full - r->milli ? full : r->milli + gained;
	}
	r->last_ms = now_ms;
}

bool dns_rate_take(struct dns_rate *r, uint64_t now_ms)
{
	refill(r, now_ms);
	if (r->milli < 1000)
		return false;
	r->milli -= 1000;
	return true;
}

bool dns_rate_app_take(struct dns_rate_apps *t, uint32_t uid, uint64_t now_ms)
{
	unsigned pick = 0;
	bool found = false;

	for (unsigned i = 0; i < DNS_RATE_APPS && !found; i++) {
		if (t->slot[i].used && t->slot[i].uid == uid) {
			pick = i;
			found = true;
		}
	}
	for (unsigned i = 0; i < DNS_RATE_APPS && !found; i++) {
		if (!t->slot[i].used) {
			pick = i;
			break;
		}
		refill(&t->slot[i].rate, now_ms);
		if (t->slot[i].rate.milli > t->slot[pick].rate.milli)
			pick = i;
	}
	if (!found) {
		t->slot[pick].used = true;
		t->slot[pick].uid = uid;
		dns_rate_init(&t->slot[pick].rate, DNS_RATE_APP_PER_S, DNS_RATE_APP_BURST, now_ms);
	}
	return dns_rate_take(&t->slot[pick].rate, now_ms);
}
