/* cert_schedule.c — when to ask for a device certificate (see
 * cert_schedule.h). */
#include "cert_schedule.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "updated_state.h"

#define LINE_MAX_BYTES 64

int64_t cert_schedule_due(const struct cert_schedule *c, unsigned renew_left_pct)
{
	int64_t renew = 0;

	if (c->not_after > c->not_before)
		renew = c->not_after - (c->not_after - c->not_before) * (int64_t)renew_left_pct / 100;
	return renew > c->retry_at ? renew : c->retry_at;
}

void cert_schedule_issued(struct cert_schedule *c, int64_t not_before, int64_t not_after)
{
	c->not_before = not_before;
	c->not_after = not_after;
	c->failures = 0;
	c->retry_at = 0;
}

int64_t cert_schedule_failed(struct cert_schedule *c, int64_t now)
{
	int64_t wait = CERT_RETRY_FIRST_S;

	for (unsigned i = 0; i < c->failures && wait < CERT_RETRY_MAX_S; i++)
		wait *= 2;
	if (wait > CERT_RETRY_MAX_S)
		wait = CERT_RETRY_MAX_S;
	c->failures++;
	c->retry_at = now + wait;
	return wait;
}

void cert_schedule_load(const char *dir, struct cert_schedule *c)
{
	char line[LINE_MAX_BYTES];
	int64_t nb, na;
	int n = updated_file_read(dir, CERT_SCHEDULE_FILE, line, sizeof(line) - 1), end = 0;

	memset(c, 0, sizeof(*c));
	if (n <= 0)
		return;
	line[n] = '\0';
	if (sscanf(line, "%" SCNd64 " %" SCNd64 "\n%n", &nb, &na, &end) == 2 && end == n && nb < na)
		cert_schedule_issued(c, nb, na);
}

int cert_schedule_save(const char *dir, const struct cert_schedule *c)
{
	char line[LINE_MAX_BYTES];
	int n = snprintf(line, sizeof(line), "%" PRId64 " %" PRId64 "\n", c->not_before, c->not_after);

	return updated_file_write(dir, CERT_SCHEDULE_FILE, line, (size_t)n);
}
