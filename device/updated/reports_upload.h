/* reports_upload.h — the device's failure reports in updated's check-in
 * (docs/ota.md, "Failure reports"): read from appmgr's ring (REPORTS_READ,
 * three a request) and written straight into the check-in's JSON as
 * "error_reports", at most CHECKIN_REPORTS_MAX and as many as fit the
 * body (the rest go with the next check-in); once the service's answer
 * says which it stored (X-Spherule-Reports-Acked), they are dropped from
 * the ring (REPORTS_DROP). Nothing is copied but one answer of appmgr. */
#ifndef UPDATED_REPORTS_UPLOAD_H
#define UPDATED_REPORTS_UPLOAD_H

#include <stddef.h>
#include <stdint.h>

#include "appmgr_ops.h"
#include "checkin_json.h"

struct reports_upload {
	struct svc_client *svc;
	unsigned sent;             /* reports written into the check-in */
	uint32_t last_seq;         /* the highest seq among them */
};

/* struct checkin's more(): ",\"error_reports\":[...]" into out (cap
 * bytes), nothing when the ring is empty or cannot be read (logged). Its
 * length, never an error: the check-in goes without what does not fit. */
int reports_upload_write(void *ctx, char *out, size_t cap);

/* The check-in was stored and the service has the reports up to seq acked
 * (-1: it did not say): those of u's sent are dropped from the ring. */
void reports_upload_acked(struct reports_upload *u, int64_t acked);

#endif
