/* cert_schedule.h — when updated asks for a device certificate (docs/ota.md,
 * "Device certificate"): at once without one; with one, once less than the
 * configured part of its validity is left (certificate-renew-left, default
 * 50%: 12 of 24 hours); after a failed request (the service refused, or
 * could not be reached) again after a backoff, 30 s doubling up to an hour.
 * A failure never drops the certificate kept: appmgr holds it, and it
 * serves until its not_after. The validity of the last certificate stored
 * is kept in updated's storage (file "device-cert", one text line, replaced
 * whole) so that a restart does not ask again at once. Times are UTC
 * seconds (the certificate's clock). */
#ifndef UPDATED_CERT_SCHEDULE_H
#define UPDATED_CERT_SCHEDULE_H

#include <stdint.h>

#define CERT_SCHEDULE_FILE "device-cert"
#define CERT_RETRY_FIRST_S 30
#define CERT_RETRY_MAX_S 3600

struct cert_schedule {
	int64_t not_before, not_after;   /* the certificate appmgr keeps; 0: none */
	unsigned failures;               /* requests failed in a row */
	int64_t retry_at;                /* after a failure: not before then */
};

/* When the next request is due, renew_left_pct (10..90) of the validity
 * left at most. */
int64_t cert_schedule_due(const struct cert_schedule *c, unsigned renew_left_pct);

/* A certificate valid from not_before to not_after was stored. */
void cert_schedule_issued(struct cert_schedule *c, int64_t not_before, int64_t not_after);

/* A request failed at now: the seconds until the next try. */
int64_t cert_schedule_failed(struct cert_schedule *c, int64_t now);

/* The validity kept in dir (none when missing or damaged); saved: 0 or -errno. */
void cert_schedule_load(const char *dir, struct cert_schedule *c);
int cert_schedule_save(const char *dir, const struct cert_schedule *c);

#endif
