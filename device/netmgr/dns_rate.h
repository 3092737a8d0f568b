/*
 * dns_rate.h - token buckets for netmgr's resolver: one per app (keyed by
 * uid, a fixed table) so that no app's flood of queries takes the pending
 * table or appmgr's time from the others, and one for log lines so that a
 * flood cannot fill the log. Time is the caller's monotonic milliseconds.
 */
#ifndef NETMGR_DNS_RATE_H
#define NETMGR_DNS_RATE_H

#include <stdbool.h>
#include <stdint.h>

/* A bucket of up to burst tokens refilled at per_s tokens a second. */
struct dns_rate {
	uint32_t per_s, burst;
	uint64_t milli;		/* tokens, in thousandths */
	uint64_t last_ms;	/* when milli was last refilled */
};

/* A full bucket. */
void dns_rate_init(struct dns_rate *r, uint32_t per_s, uint32_t burst, uint64_t now_ms);

/* Refills r to now_ms and takes one token; false when there is none. */
bool dns_rate_take(struct dns_rate *r, uint64_t now_ms);

/* As many buckets as appmgr runs apps (APPMGR_MAX_APPS). */
#define DNS_RATE_APPS 16
/* Each app may send this many queries at once, then this many a second
 * (a lookup by musl is two queries, A and AAAA). */
#define DNS_RATE_APP_BURST 20
#define DNS_RATE_APP_PER_S 5

struct dns_rate_apps {
	struct {
		bool used;
		uint32_t uid;
		struct dns_rate rate;
	} slot[DNS_RATE_APPS];
};

/*
 * Takes a token from uid's bucket. A uid without one gets a full bucket in
 * a free slot, else in the slot whose bucket is the fullest (forgetting a
 * full bucket loses nothing). False when uid's bucket is empty.
 */
bool dns_rate_app_take(struct dns_rate_apps *t, uint32_t uid, uint64_t now_ms);

#endif
