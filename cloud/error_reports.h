/*
 * error_reports.h - the devices' failure reports (docs/cloud-api.md, *Failure
 * reports*; docs/cloud.md): the check-in's optional "error_reports" checked
 * and stored idempotently by (device, seq), at most ERROR_REPORTS_PER_DEVICE
 * rows a device (the oldest go first), and the admin API's listing and
 * summary of them.
 */
#ifndef SPHERULE_CLOUD_ERROR_REPORTS_H
#define SPHERULE_CLOUD_ERROR_REPORTS_H

#include <jansson.h>
#include <stdint.h>

#include "http.h"

#define ERROR_REPORTS_PER_CHECKIN 32
#define ERROR_REPORTS_PER_DEVICE 512
#define ERROR_REPORT_STACK_MAX 16
#define ERROR_REPORT_DETAIL_MAX 128
#define ERROR_REPORT_NAME_MAX 64

/* The check-in body's "error_reports", checked: 0 with *reports the
 * normalised reports (a new array, the caller's; NULL when the field is
 * absent or null), or -EINVAL with a 400 made that names the report and the
 * reason. */
int error_reports_read(json_t *checkin, json_t **reports, struct cloud_reply *r);

/* Stores reports (from error_reports_read(), may be NULL) of device id inside
 * the caller's transaction, which must already hold the device's row (an
 * UPDATE of it), so that two service instances bound one device's rows
 * correctly; *acked is the highest seq among them, -1 when there were none.
 * 0 or -EIO (db->error says why). */
int error_reports_store(struct cloud_db *db, const char *id, json_t *reports, int64_t *acked);

/* GET /v1/error-reports?device_id=&component_id=&since=&limit= */
void api_error_reports_list(struct cloud_request *req, struct cloud_reply *r);
/* GET /v1/error-reports/summary */
void api_error_reports_summary(struct cloud_request *req, struct cloud_reply *r);

#endif
