/* error_reports.c - the devices' failure reports (error_reports.h): each
 * report of a check-in checked against the table of its fields and kept as
 * its normalised JSON beside the columns the admin API filters and counts
 * by; the per-device bound; GET /v1/error-reports and its summary. */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api_util.h"
#include "error_reports.h"

/* Listing: at most this many reports unless ?limit= says fewer (or more, up
 * to the maximum). */
#define LIST_DEFAULT 10000
#define LIST_MAX 100000
/* When a report's event happened, for the summary: its time, or when it was
 * received if the device's clock was not set (a time before 2020-01-01). */
#define EVENT_TIME "(CASE WHEN event_time >= 1577836800 THEN event_time ELSE received_ms / 1000 END)"

enum field_type {
	FIELD_INT,   /* an integer in [min, max] */
	FIELD_TEXT,  /* a string of min..max bytes */
	FIELD_KIND,  /* one of kinds[] */
	FIELD_UUID,  /* a component id: 8-4-4-4-12 hex digits */
	FIELD_HEX,   /* "0x" and 1 to 16 hex digits: an address */
	FIELD_STACK, /* an array of at most ERROR_REPORT_STACK_MAX addresses */
};

struct field {
	const char *key;
	enum field_type type;
	bool required;
	json_int_t min, max;
};

/* A report's fields, in the order the service gives them back. */
static const struct field fields[] = {
	{ "seq", FIELD_INT, true, 0, INT64_MAX },
	{ "time", FIELD_INT, false, 0, INT64_MAX },
	{ "boot", FIELD_INT, false, 0, UINT32_MAX },
	{ "kind", FIELD_KIND, .required = true },
	{ "component_id", FIELD_UUID, .required = true },
	{ "name", FIELD_TEXT, true, 1, ERROR_REPORT_NAME_MAX },
	{ "version", FIELD_INT, false, 0, UINT32_MAX },
	{ "signal", FIELD_INT, false, 1, 127 },
	{ "exit_code", FIELD_INT, false, 0, 255 },
	{ "fault_address", FIELD_HEX, .required = false },
	{ "pc", FIELD_HEX, .required = false },
	{ "lr", FIELD_HEX, .required = false },
	{ "stack", FIELD_STACK, .required = false },
	{ "rss_kib", FIELD_INT, false, 0, UINT32_MAX },
	{ "count", FIELD_INT, false, 1, UINT32_MAX },
	{ "detail", FIELD_TEXT, false, 0, ERROR_REPORT_DETAIL_MAX },
};

static const char *const kinds[] = { "crash", "exit", "oom", "budget", "kernel-warning" };

static bool valid_kind(const char *s)
{
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(s, kinds[i]) == 0)
			return true;
	return false;
}

/* s as a component id (8-4-4-4-12 hex digits) in small letters into out. */
static bool uuid_lower(const char *s, char out[37])
{
	for (int i = 0; i < 36; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;
		if (dash ? s[i] != '-' : !isxdigit((unsigned char)s[i]))
			return false;
		out[i] = (char)tolower((unsigned char)s[i]);
	}
	out[36] = '\0';
	return s[36] == '\0';
}

/* v as an address ("0x" and 1 to 16 hex digits), in small letters; NULL when it is not one. */
static json_t *address(json_t *v)
{
	const char *s = json_string_value(v);
	char out[19];
	size_t n;

	if (!s || strncmp(s, "0x", 2) != 0)
		return NULL;
	n = strlen(s + 2);
	if (n < 1 || n > 16)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (!isxdigit((unsigned char)s[2 + i]))
			return NULL;
		out[2 + i] = (char)tolower((unsigned char)s[2 + i]);
	}
	memcpy(out, "0x", 2);
	out[2 + n] = '\0';
	return json_string(out);
}

static json_t *stack(json_t *v, char *why, size_t whylen)
{
	json_t *out, *entry, *a;
	size_t i;

	if (!json_is_array(v) || json_array_size(v) > ERROR_REPORT_STACK_MAX) {
		snprintf(why, whylen, "an array of at most %d addresses", ERROR_REPORT_STACK_MAX);
		return NULL;
	}
	out = json_array();
	json_array_foreach(v, i, entry)
	{
		a = address(entry);
		if (!a) {
			snprintf(why, whylen, "[%zu]: not an address (\"0x\" and 1 to 16 hex digits)", i);
			json_decref(out);
			return NULL;
		}
		json_array_append_new(out, a);
	}
	return out;
}

/* The field f of a report, checked: its normalised value (json_null() when
 * absent and optional; "count" then 1), or NULL with why set. */
static json_t *field_value(const struct field *f, json_t *v, char *why, size_t whylen)
{
	const char *s = json_string_value(v);
	char uuid[37];
	json_t *out;

	if (!v || json_is_null(v)) {
		if (f->required)
			snprintf(why, whylen, "is required");
		else
			return strcmp(f->key, "count") == 0 ? json_integer(1) : json_null();
		return NULL;
	}
	switch (f->type) {
	case FIELD_INT:
		if (json_is_integer(v) && json_integer_value(v) >= f->min && json_integer_value(v) <= f->max)
			return json_incref(v);
		snprintf(why, whylen, "an integer from %" JSON_INTEGER_FORMAT " to %" JSON_INTEGER_FORMAT, f->min,
			 f->max);
		return NULL;
	case FIELD_TEXT:
		if (s && json_string_length(v) >= (size_t)f->min && json_string_length(v) <= (size_t)f->max)
			return json_incref(v);
		snprintf(why, whylen, "a string of %" JSON_INTEGER_FORMAT " to %" JSON_INTEGER_FORMAT " bytes", f->min,
			 f->max);
		return NULL;
	case FIELD_KIND:
		if (s && valid_kind(s))
			return json_incref(v);
		snprintf(why, whylen, "one of crash, exit, oom, budget, kernel-warning");
		return NULL;
	case FIELD_UUID:
		if (s && uuid_lower(s, uuid))
			return json_string(uuid);
		snprintf(why, whylen, "a UUID (8-4-4-4-12 hex digits)");
		return NULL;
	case FIELD_HEX:
		out = address(v);
		if (!out)
			snprintf(why, whylen, "an address (\"0x\" and 1 to 16 hex digits)");
		return out;
	case FIELD_STACK:
		return stack(v, why, whylen);
	}
	return NULL;
}

/* One report, normalised: every field of fields[] in order. */
static json_t *report_read(json_t *in, size_t at, struct cloud_reply *r)
{
	json_t *out = json_object(), *v;
	char why[128];

	if (!json_is_object(in)) {
		reply_error(r, 400, "the check-in: \"error_reports\"[%zu]: not an object", at);
		json_decref(out);
		return NULL;
	}
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		v = field_value(&fields[i], json_object_get(in, fields[i].key), why, sizeof(why));
		if (!v) {
			reply_error(r, 400, "the check-in: \"error_reports\"[%zu]: \"%s\": %s", at, fields[i].key, why);
			json_decref(out);
			return NULL;
		}
		json_object_set_new(out, fields[i].key, v);
	}
	return out;
}

int error_reports_read(json_t *checkin, json_t **reports, struct cloud_reply *r)
{
	json_t *in = json_object_get(checkin, "error_reports"), *report, *one;
	size_t i;

	*reports = NULL;
	if (!in || json_is_null(in))
		return 0;
	if (!json_is_array(in)) {
		reply_error(r, 400, "the check-in: \"error_reports\" is an array");
		return -EINVAL;
	}
	if (json_array_size(in) > ERROR_REPORTS_PER_CHECKIN) {
		reply_error(r, 400, "the check-in: \"error_reports\": more than %d reports", ERROR_REPORTS_PER_CHECKIN);
		return -EINVAL;
	}
	*reports = json_array();
	json_array_foreach(in, i, report)
	{
		one = report_read(report, i, r);
		if (!one) {
			json_decref(*reports);
			*reports = NULL;
			return -EINVAL;
		}
		json_array_append_new(*reports, one);
	}
	return 0;
}

/* A nullable integer member as a statement parameter (NULL for null). */
static const char *param_int(char buf[24], json_t *report, const char *key)
{
	json_t *v = json_object_get(report, key);

	return json_is_integer(v) ? api_num(buf, json_integer_value(v)) : NULL;
}

static int report_insert(struct cloud_db *db, const char *id, const char *received, json_t *report)
{
	char seq[24], at[24], version[24], events[24];
	char *text = json_dumps(report, JSON_COMPACT);
	int rc;

	if (!text)
		return -ENOMEM;
	/* Sent again (a lost answer, a restart): already there, nothing added. */
	rc = cloud_db_exec(db, NULL, NULL,
			   "INSERT INTO error_reports (device_id, seq, received_ms, event_time, kind, component_id, "
			   "name, version, events, report) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) "
			   "ON CONFLICT (device_id, seq) DO NOTHING",
			   10, id, param_int(seq, report, "seq"), received, param_int(at, report, "time"),
			   json_string_value(json_object_get(report, "kind")),
			   json_string_value(json_object_get(report, "component_id")),
			   json_string_value(json_object_get(report, "name")), param_int(version, report, "version"),
			   param_int(events, report, "count"), text);
	free(text);
	return rc;
}

int error_reports_store(struct cloud_db *db, const char *id, json_t *reports, int64_t *acked)
{
	char received[24], keep[24];
	json_t *report;
	size_t i;
	int rc = 0;

	*acked = -1;
	if (json_array_size(reports) == 0)
		return 0;
	api_num(received, api_now_ms());
	json_array_foreach(reports, i, report)
	{
		json_int_t seq = json_integer_value(json_object_get(report, "seq"));
		rc = report_insert(db, id, received, report);
		if (rc < 0)
			return rc;
		if (seq > *acked)
			*acked = seq;
	}
	/* The bound: all but the newest ERROR_REPORTS_PER_DEVICE (by seq) go.
	 * The caller's transaction holds the device's row, so another
	 * instance's check-in of the same device waits, then sees these. */
	return cloud_db_exec(db, NULL, NULL,
			     "DELETE FROM error_reports WHERE device_id = $1 AND seq < (SELECT seq FROM error_reports "
			     "WHERE device_id = $1 ORDER BY seq DESC LIMIT 1 OFFSET CAST($2 AS BIGINT))",
			     2, id, api_num(keep, ERROR_REPORTS_PER_DEVICE - 1));
}

/* A listed report: its JSON with device_id and received (unix s) added. */
static json_t *listed_json(int ncols, const char *const *cols)
{
	json_t *report = json_loads(cols[2], 0, NULL);

	if (!report)
		return NULL;
	json_object_set_new(report, "device_id", json_string(cols[0]));
	json_object_set_new(report, "received", json_integer(api_col_int(cols[1]) / 1000));
	return report;
}

/* An optional integer query argument (def when absent) in [0, max]: 0, or
 * -EINVAL with a 400 made. */
static int arg_int(struct cloud_request *req, struct cloud_reply *r, const char *name, long long def, long long max,
		   long long *out)
{
	const char *s = request_arg(req, name);
	char *end;

	*out = def;
	if (!s)
		return 0;
	errno = 0;
	*out = strtoll(s, &end, 10);
	if (!*s || *end || errno || *out < 0 || *out > max) {
		reply_error(r, 400, "\"%s\": an integer from 0 to %lld", name, max);
		return -EINVAL;
	}
	return 0;
}

void api_error_reports_list(struct cloud_request *req, struct cloud_reply *r)
{
	const char *device = request_arg(req, "device_id"), *component = request_arg(req, "component_id");
	char id[65], uuid[37], sql[512];
	long long since, limit;
	uint8_t raw[32];
	json_t *list;

	if (device && api_device_id(device, id, raw, r) < 0)
		return;
	if (component && !uuid_lower(component, uuid)) {
		reply_error(r, 400, "\"component_id\": a UUID (8-4-4-4-12 hex digits)");
		return;
	}
	if (arg_int(req, r, "since", 0, INT64_MAX / 1000, &since) < 0 ||
	    arg_int(req, r, "limit", LIST_DEFAULT, LIST_MAX, &limit) < 0)
		return;
	snprintf(sql, sizeof(sql),
		 "SELECT device_id, received_ms, report FROM error_reports WHERE "
		 "(CAST($1 AS TEXT) IS NULL OR device_id = $1) AND (CAST($2 AS TEXT) IS NULL OR component_id = $2) "
		 "AND received_ms >= %lld ORDER BY received_ms DESC, seq DESC, device_id LIMIT %lld",
		 since * 1000, limit);
	list = api_rows(req, r, listed_json, sql, 2, device ? id : NULL, component ? uuid : NULL);
	if (list)
		reply_json(r, 200, list);
}

static json_t *component_json(int ncols, const char *const *cols)
{
	return json_pack("{s:s,s:s,s:o,s:s,s:I,s:I,s:I}", "component_id", cols[0], "name", cols[1], "version",
			 cols[2] ? json_integer(api_col_int(cols[2])) : json_null(), "kind", cols[3], "count",
			 api_col_int(cols[4]), "devices", api_col_int(cols[5]), "last", api_col_int(cols[6]));
}

static json_t *day_json(int ncols, const char *const *cols)
{
	time_t t = (time_t)(api_col_int(cols[0]) * 86400);
	char day[16];
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(day, sizeof(day), "%Y-%m-%d", &tm);
	return json_pack("{s:s,s:I}", "day", day, "count", api_col_int(cols[1]));
}

void api_error_reports_summary(struct cloud_request *req, struct cloud_reply *r)
{
	json_t *components, *days;

	components = api_rows(req, r, component_json,
			      "SELECT component_id, name, version, kind, SUM(events), COUNT(DISTINCT device_id), "
			      "MAX(" EVENT_TIME ") "
			      "FROM error_reports GROUP BY component_id, name, version, kind "
			      "ORDER BY 5 DESC, component_id, version, kind",
			      0, NULL, NULL);
	if (!components)
		return;
	days = api_rows(req, r, day_json,
			"SELECT " EVENT_TIME " / 86400, "
			"SUM(events) FROM error_reports GROUP BY 1 ORDER BY 1",
			0, NULL, NULL);
	if (!days) {
		json_decref(components);
		return;
	}
	reply_json(r, 200, json_pack("{s:o,s:o}", "components", components, "days", days));
}
