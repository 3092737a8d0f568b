/*
 * cmd_error_report.c - the devices' failure reports on the update service
 * (docs/cli.md, *Failure reports*; GET /v1/error-reports):
 * `tenant download-error-report` (every report, as Azure Sphere's command of
 * that name: CSV with Azure Sphere's columns first, or the service's JSON)
 * and `device error-report --component-id ID` (one app's, or one device's
 * of one app, as a table or JSON).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "cloud_verb.h"
#include "csv_out.h"
#include "output_table.h"

/* The service's most in one answer (docs/cloud-api.md). */
#define REPORTS_PATH "/v1/error-reports?limit=100000"
#define TEXT_MAX 512

static const char download_usage[] =
	"usage: spherule tenant download-error-report [--output csv|json] [--destination FILE]\n"
	"                                              [--cloud URL] [--token-file F]\n"
	"\n"
	"Downloads the failure reports the devices uploaded at their check-ins (GET /v1/error-reports,\n"
	"newest first, the most recent 100000): app crashes and abnormal exits, out-of-memory kills,\n"
	"budget stops, kernel warnings.\n"
	"\n"
	"  --output csv|json     CSV with a header row (default; Azure Sphere's columns Timestamp,\n"
	"                        DeviceId, EventCategory, EventClass, EventType, EventCount,\n"
	"                        Description, then the report's own), or the service's JSON\n"
	"  --destination FILE    write there (default: standard output)\n";

static const char device_usage[] =
	"usage: spherule device error-report --component-id ID [--device-id D] " CLOUD_VERB_SYNOPSIS "\n"
	"\n"
	"Lists the failure reports of one app (or of the kernel: the nil UUID), of every device or of\n"
	"one, newest first (GET /v1/error-reports?component_id=ID[&device_id=D]).\n"
	"\n"
	"  --component-id ID     the app's component id (a UUID)\n"
	"  --device-id D         only this device's (64 hex digits)\n";

/* A member of report as text ("" when absent or null). */
static void member_text(json_t *report, const char *key, char *out, size_t len)
{
	json_t *v = json_object_get(report, key);

	if (json_is_integer(v))
		snprintf(out, len, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
	else
		snprintf(out, len, "%s", json_is_string(v) ? json_string_value(v) : "");
}

/* Unix time t as ISO 8601 UTC. */
static void iso_time(json_int_t t, char *out, size_t len)
{
	time_t at = (time_t)t;
	struct tm tm;

	if (!gmtime_r(&at, &tm) || !strftime(out, len, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(out, len, "%" JSON_INTEGER_FORMAT, t);
}

/* When the event happened: the device's time, else when it was received. */
static void event_time(json_t *report, char *out, size_t len)
{
	json_t *t = json_object_get(report, "time");

	iso_time(json_integer_value(json_is_integer(t) ? t : json_object_get(report, "received")), out, len);
}

static void received_time(json_t *report, char *out, size_t len)
{
	iso_time(json_integer_value(json_object_get(report, "received")), out, len);
}

static void event_category(json_t *report, char *out, size_t len)
{
	const char *kind = json_string_value(json_object_get(report, "kind"));

	snprintf(out, len, "%s", kind && !strcmp(kind, "kernel-warning") ? "OSEvent" : "AppCrash");
}

/* "signal 11", "exit code 3", else the kind. */
static void event_type(json_t *report, char *out, size_t len)
{
	json_t *sig = json_object_get(report, "signal"), *code = json_object_get(report, "exit_code");

	if (json_is_integer(sig))
		snprintf(out, len, "signal %" JSON_INTEGER_FORMAT, json_integer_value(sig));
	else if (json_is_integer(code))
		snprintf(out, len, "exit code %" JSON_INTEGER_FORMAT, json_integer_value(code));
	else
		member_text(report, "kind", out, len);
}

/* "hello version 3: <detail>". */
static void description(json_t *report, char *out, size_t len)
{
	char version[24], detail[TEXT_MAX];

	member_text(report, "version", version, sizeof(version));
	member_text(report, "detail", detail, sizeof(detail));
	snprintf(out, len, "%s%s%s%s%s", json_string_value(json_object_get(report, "name")), *version ? " version " : "",
		 version, *detail ? ": " : "", detail);
}

/* The stack's addresses separated by spaces. */
static void stack_text(json_t *report, char *out, size_t len)
{
	json_t *entry;
	size_t i, used = 0;

	out[0] = '\0';
	json_array_foreach(json_object_get(report, "stack"), i, entry)
		if (used < len)
			used += (size_t)snprintf(out + used, len - used, "%s%s", i ? " " : "", json_string_value(entry));
}

struct column {
	const char *header;
	const char *member;                                   /* a member's text, */
	void (*text)(json_t *report, char *out, size_t len); /* or made by this */
};

static const struct column columns[] = {
	{ "Timestamp", NULL, event_time },
	{ "DeviceId", .member = "device_id" },
	{ "EventCategory", NULL, event_category },
	{ "EventClass", .member = "kind" },
	{ "EventType", NULL, event_type },
	{ "EventCount", .member = "count" },
	{ "Description", NULL, description },
	{ "ComponentId", .member = "component_id" },
	{ "Name", .member = "name" },
	{ "Version", .member = "version" },
	{ "Seq", .member = "seq" },
	{ "Boot", .member = "boot" },
	{ "Signal", .member = "signal" },
	{ "ExitCode", .member = "exit_code" },
	{ "FaultAddress", .member = "fault_address" },
	{ "Pc", .member = "pc" },
	{ "Lr", .member = "lr" },
	{ "Stack", NULL, stack_text },
	{ "RssKiB", .member = "rss_kib" },
	{ "Received", NULL, received_time },
};
#define NCOLUMNS (sizeof(columns) / sizeof(columns[0]))

static void write_csv(FILE *f, json_t *reports)
{
	char text[TEXT_MAX];
	json_t *report;
	size_t i;

	for (size_t c = 0; c < NCOLUMNS; c++)
		csv_field(f, columns[c].header, c + 1 == NCOLUMNS);
	json_array_foreach(reports, i, report) {
		for (size_t c = 0; c < NCOLUMNS; c++) {
			if (columns[c].text)
				columns[c].text(report, text, sizeof(text));
			else
				member_text(report, columns[c].member, text, sizeof(text));
			csv_field(f, text, c + 1 == NCOLUMNS);
		}
	}
}

/* The reports into f (csv or else JSON): 0, or -errno. */
static int write_reports(FILE *f, json_t *reports, bool csv)
{
	if (csv)
		write_csv(f, reports);
	else if (json_dumpf(reports, f, JSON_INDENT(2)) == 0)
		fputc('\n', f);
	else
		return -EIO;
	return ferror(f) ? -EIO : 0;
}

static int download(int argc, char **argv)
{
	struct cloud_verb v = { .command = "tenant download-error-report", .usage = download_usage,
				.own_output = true, .opts = { { "destination", "FILE" } } };
	const char *dest, *format;
	json_t *reports = NULL;
	FILE *f = stdout;
	int rc = cloud_verb_begin(&v, argc, argv);

	if (rc)
		return cloud_verb_end(&v, rc);
	format = v.output ? v.output : "csv";
	dest = cloud_verb_value(&v, "destination");
	if (strcmp(format, "csv") && strcmp(format, "json"))
		return cloud_verb_end(&v, cli_fail(v.command, "--output %s: expected csv or json", format));
	if (cloud_client_request(&v.client, &(struct cloud_request){ .method = "GET", .path = REPORTS_PATH },
				 &reports) < 0)
		return cloud_verb_end(&v, -1);
	if (dest && !(f = fopen(dest, "w")))
		rc = cli_fail(v.command, "--destination %s: %s", dest, strerror(errno));
	else if (write_reports(f, reports, !strcmp(format, "csv")) < 0 || (dest && fclose(f) != 0))
		rc = cli_fail(v.command, "%s: cannot write", dest ? dest : "standard output");
	else if (dest)
		printf("%zu error reports written to %s\n", json_array_size(reports), dest);
	json_decref(reports);
	return cloud_verb_end(&v, rc);
}

/* The detail on one line (its control characters as spaces), or null. */
static json_t *detail_line(json_t *report)
{
	json_t *detail = json_object_get(report, "detail");
	char text[TEXT_MAX];

	if (!json_is_string(detail))
		return json_null();
	snprintf(text, sizeof(text), "%s", json_string_value(detail));
	for (char *p = text; *p; p++)
		if ((unsigned char)*p < 0x20)
			*p = ' ';
	return json_string(text);
}

/* The table: one line a report, the columns that tell what happened. */
static void device_table(json_t *reports)
{
	char when[32], event[64];
	json_t *rows = json_array(), *report;
	size_t i;

	json_array_foreach(reports, i, report) {
		event_time(report, when, sizeof(when));
		event_type(report, event, sizeof(event));
		json_array_append_new(rows, json_pack("{s:s,s:O,s:O,s:O,s:O,s:s,s:O,s:O,s:o}", "time", when, "device_id",
						      json_object_get(report, "device_id"), "seq",
						      json_object_get(report, "seq"), "kind", json_object_get(report, "kind"),
						      "version", json_object_get(report, "version"), "event", event, "pc",
						      json_object_get(report, "pc"), "count", json_object_get(report, "count"),
						      "detail", detail_line(report)));
	}
	if (json_array_size(rows))
		output_table_rows(stdout, rows, 0);
	else
		printf("no error reports\n");
	json_decref(rows);
}

static int device_error_report(int argc, char **argv)
{
	struct cloud_verb v = { .command = "device error-report", .usage = device_usage,
				.opts = { { "component-id", "ID", .required = true }, { "device-id", "D" } } };
	const char *device = NULL;
	char id[65], path[512], after[96] = "";
	int rc = cloud_verb_begin(&v, argc, argv);

	if (rc)
		return cloud_verb_end(&v, rc);
	device = cloud_verb_value(&v, "device-id");
	if (device && cloud_hex_id(&v, "--device-id", device, "a device id", id) < 0)
		return cloud_verb_end(&v, -1);
	if (device)
		snprintf(after, sizeof(after), "&device_id=%s", id);
	if (cloud_client_path(&v.client, path, sizeof(path), "/v1/error-reports?component_id=",
			      cloud_verb_value(&v, "component-id"), after) < 0)
		return cloud_verb_end(&v, -1);
	return cloud_verb_end(&v, cloud_verb_request(&v, "GET", path, NULL, device_table));
}

const struct cli_command error_report_commands[] = {
	{ "tenant download-error-report", "download the devices' failure reports as CSV or JSON (update service)",
	  download },
	{ "device error-report", "list an app's failure reports (update service)", device_error_report },
	{ 0 },
};
