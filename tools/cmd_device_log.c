/*
 * cmd_device_log.c - `spherule device log [--component-id ID] [--follow]`:
 * the device's log through devctl on the service link (docs/cli.md,
 * *Talking to the device*): appmgr's own, or one app's output; with
 * --follow the lines logged from then on, printed as they come.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "device_verb.h"

static const char log_usage[] =
	"usage: spherule device log [--component-id ID] [--follow] " DEVICE_VERB_SYNOPSIS "\n"
	"\n"
	"Prints the device's log as the device keeps it (GET /log): appmgr's, or with\n"
	"--component-id the app's output. With --follow, the lines logged from then on, each\n"
	"as it comes (GET /log/stream), until interrupted; with --output json each line is the\n"
	"device's JSON object, one per line.\n"
	"\n"
	"  --component-id ID     one app's log (a UUID)\n"
	"  --follow              print lines as they are logged, until Ctrl-C\n";

static void log_table(json_t *answer)
{
	json_t *line;
	size_t i;

	json_array_foreach(json_object_get(answer, "lines"), i, line)
		if (json_is_string(line))
			printf("%s\n", json_string_value(line));
}

/* One line of the stream: {"componentId": ..., "line": ...}, printed at once. */
static int print_streamed(const char *text, void *ctx)
{
	const struct device_verb *v = ctx;
	json_t *j = json_loads(text, 0, NULL), *line = json_object_get(j, "line");

	if (!j)
		fprintf(stderr, "spherule: %s: the device streamed a line that is not JSON: %s\n", v->command, text);
	else if (v->json) {
		char *compact = json_dumps(j, JSON_COMPACT);

		printf("%s\n", compact ? compact : text);
		free(compact);
	} else if (json_is_string(line))
		printf("%s\n", json_string_value(line));
	json_decref(j);
	fflush(stdout);
	return 0;
}

static int device_log(int argc, char **argv)
{
	struct device_verb v = { .command = "device log", .usage = log_usage,
				 .takes = DEVICE_OPT_COMPONENT_ANY | DEVICE_OPT_FOLLOW };
	char path[96];
	int rc = device_verb_begin(&v, argc, argv);

	if (rc)
		return rc < 0 ? -1 : 0;
	snprintf(path, sizeof(path), "%s%s%s", v.follow ? "/log/stream" : "/log", v.component_id[0] ? "?componentId=" : "",
		 v.component_id);
	if (!v.follow)
		return device_verb_request(&v, "GET", path, NULL, log_table);
	if (device_link_request(&v.link, &(struct device_request){ .method = "GET", .path = path,
								    .on_line = print_streamed, .ctx = &v }, NULL) < 0)
		return -1;
	return cli_fail(v.command, "%s: the device ended the stream", v.link.address);
}

const struct cli_command device_log_commands[] = {
	{ "device log", "print the device's log, or an app's (--follow: as it comes)", device_log },
	{ 0 },
};
