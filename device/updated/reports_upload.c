/* reports_upload.c — the failure reports in the check-in (see
 * reports_upload.h). */
#include "reports_upload.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define CLOSE_ROOM 2u   /* "]" and the NUL */

int reports_upload_write(void *ctx, char *out, size_t cap)
{
	static const char open[] = ",\"error_reports\":[";
	struct reports_upload *u = ctx;
	struct app_svc_reports rec;
	struct error_detail why = { "" };
	size_t len = sizeof(open) - 1;
	uint32_t after = 0;
	bool more = true, full = false;

	u->sent = 0;
	u->last_seq = 0;
	if (cap < len + CLOSE_ROOM)
		return 0;
	memcpy(out, open, len);
	while (more && !full && u->sent < CHECKIN_REPORTS_MAX) {
		int err = ops_reports_read(u->svc, after, &rec, &why);

		if (err != 0) {
			fprintf(stderr, "updated: cannot read the failure reports: %s\n", why.msg);
			break;
		}
		more = rec.more && rec.count > 0;
		for (uint32_t i = 0; i < rec.count && i < APP_SVC_REPORTS_PER_ANSWER && u->sent < CHECKIN_REPORTS_MAX;
		     i++) {
			size_t comma = u->sent > 0;
			/* One that does not fit goes with the next check-in. */
			int n = cap - len > comma + CLOSE_ROOM
					? report_json(&rec.report[i], out + len + comma, cap - len - comma - CLOSE_ROOM)
					: -ENOSPC;

			if (n < 0) {
				full = true;
				break;
			}
			if (comma)
				out[len] = ',';
			len += comma + (size_t)n;
			u->sent++;
			u->last_seq = after = rec.report[i].seq;
		}
	}
	if (u->sent == 0)
		return 0;
	out[len++] = ']';
	out[len] = '\0';
	return (int)len;
}

void reports_upload_acked(struct reports_upload *u, int64_t acked)
{
	struct app_svc_reports_dropped rec;
	struct error_detail why = { "" };
	uint32_t upto;

	if (u->sent == 0)
		return;
	if (acked < 0) {
		fprintf(stderr, "updated: %u failure reports sent, the service acknowledged none: kept\n", u->sent);
		return;
	}
	upto = (uint64_t)acked < u->last_seq ? (uint32_t)acked : u->last_seq;
	if (ops_reports_drop(u->svc, upto, &rec, &why) != 0)
		fprintf(stderr, "updated: cannot drop the failure reports up to %u: %s\n", upto, why.msg);
	else
		fprintf(stderr, "updated: %u failure reports sent, dropped up to seq %u (%u left)\n", u->sent, upto,
			rec.left);
}
