/*
 * cmd_device_group.c - `spherule device-group create|update|list`: the
 * device groups of a product on the update service (docs/cli.md, *Talking
 * to the update service*): which OS feed its devices follow, the hours they
 * may install in, how often they check.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cloud_verb.h"

#define SETTINGS_HELP                                                                              \
	"  --os-feed retail|none\n"                                                                  \
	"                        the OS its devices follow: the vendor's retail feed, or none (they\n" \
	"                        keep the OS they have; deployments still update their apps)\n"       \
	"  --update-window HH-HH|none\n"                                                             \
	"                        the hours (UTC, 0-23) in which its devices may install, e.g. 02-05\n" \
	"                        (from 02:00 to 05:00; 22-04 spans midnight), or none: any time\n"     \
	"  --check-period S      how often its devices check for updates, in seconds\n"

static const char create_usage[] =
	"usage: spherule device-group create --product P --name N [--os-feed retail|none]\n"
	"                                    [--update-window HH-HH|none] [--check-period S]\n"
	"                                    " CLOUD_VERB_SYNOPSIS "\n"
	"\n"
	"Creates a device group of a product (POST /v1/device-groups) and shows it with its id;\n"
	"settings not given are the service's defaults.\n"
	"\n"
	"  --product P           the product (its id or name)\n"
	"  --name N              the group's name, unique in its product\n" SETTINGS_HELP;

static const char update_usage[] =
	"usage: spherule device-group update --device-group G [--product P] [--name N]\n"
	"                                    [--os-feed retail|none] [--update-window HH-HH|none]\n"
	"                                    [--check-period S] " CLOUD_VERB_SYNOPSIS "\n"
	"\n"
	"Changes the settings given of a device group (PATCH /v1/device-groups/G) and shows it;\n"
	"its devices get them at their next check.\n"
	"\n"
	"  --device-group G      the group (its id)\n"
	"  --product P           move it to another product (its id or name)\n"
	"  --name N              rename it\n" SETTINGS_HELP;

static const char list_usage[] =
	"usage: spherule device-group list [--product P] " CLOUD_VERB_SYNOPSIS "\n"
	"\n"
	"Lists the device groups (GET /v1/device-groups[?product=P]), all or a product's.\n"
	"\n"
	"  --product P           only this product's (its id)\n";

#define GROUP_OPTS { "product", "P" }, { "name", "N" }, { "os-feed", "retail|none" }, \
	{ "update-window", "HH-HH" }, { "check-period", "S" }

/* An hour of --update-window: 0 to 23, one or two digits. */
static int parse_hour(const char *text, size_t len)
{
	if (len < 1 || len > 2 || text[0] < '0' || text[0] > '9' || (len == 2 && (text[1] < '0' || text[1] > '9')))
		return -1;
	int h = len == 2 ? (text[0] - '0') * 10 + text[1] - '0' : text[0] - '0';

	return h <= 23 ? h : -1;
}

/* --update-window as the service has it: {"start_hour", "end_hour"}, or
 * null for none; NULL after cli_fail(). */
static json_t *update_window(const struct cloud_verb *v, const char *text)
{
	size_t dash = strcspn(text, "-");
	int start, end;

	if (!strcmp(text, "none"))
		return json_null();
	start = parse_hour(text, dash);
	end = text[dash] ? parse_hour(text + dash + 1, strlen(text + dash + 1)) : -1;
	if (start < 0 || end < 0 || start == end) {
		cli_fail(v->command, "--update-window %s: expected HH-HH, two different hours from 0 to 23 "
			 "(e.g. 02-05), or none", text);
		return NULL;
	}
	return json_pack("{s:i, s:i}", "start_hour", start, "end_hour", end);
}

/* The settings given, as the service names them: NULL after cli_fail(). */
static json_t *settings(const struct cloud_verb *v)
{
	const char *feed = cloud_verb_value(v, "os-feed"), *window = cloud_verb_value(v, "update-window");
	const char *period = cloud_verb_value(v, "check-period");
	json_t *body = json_object(), *w;
	uint32_t s;

	if (!body)
		return cloud_body(v, NULL);
	if (cloud_verb_value(v, "product"))
		json_object_set_new(body, "product", json_string(cloud_verb_value(v, "product")));
	if (cloud_verb_value(v, "name"))
		json_object_set_new(body, "name", json_string(cloud_verb_value(v, "name")));
	if (feed && strcmp(feed, "retail") && strcmp(feed, "none")) {
		json_decref(body);
		cli_fail(v->command, "--os-feed %s: expected retail or none", feed);
		return NULL;
	}
	if (feed)
		json_object_set_new(body, "os_feed", json_string(feed));
	if (window) {
		if (!(w = update_window(v, window))) {
			json_decref(body);
			return NULL;
		}
		json_object_set_new(body, "update_window", w);
	}
	if (period) {
		if (cli_parse_u32(v->command, "--check-period", period, &s) < 0 ||
		    (s == 0 && cli_fail(v->command, "--check-period 0: expected seconds, 1 or more"))) {
			json_decref(body);
			return NULL;
		}
		json_object_set_new(body, "check_period_s", json_integer(s));
	}
	return body;
}

static int create(int argc, char **argv)
{
	struct cloud_verb v = { .command = "device-group create", .usage = create_usage, .opts = { GROUP_OPTS } };

	v.opts[0].required = v.opts[1].required = true; /* --product, --name */
	return cloud_verb_run(&v, argc, argv, "POST", "/v1/device-groups", NULL, settings, NULL);
}

/* The settings given, one at least: NULL after cli_fail(). */
static json_t *changes(const struct cloud_verb *v)
{
	json_t *body = settings(v);

	if (body && !json_object_size(body)) {
		json_decref(body);
		cli_fail(v->command, "nothing to change: give --product, --name, --os-feed, --update-window or "
			 "--check-period (see --help)");
		return NULL;
	}
	return body;
}

static int update(int argc, char **argv)
{
	struct cloud_verb v = { .command = "device-group update", .usage = update_usage,
				.opts = { GROUP_OPTS, { "device-group", "G", .required = true } } };

	return cloud_verb_run(&v, argc, argv, "PATCH", "/v1/device-groups/%s", "device-group", changes, NULL);
}

static int list(int argc, char **argv)
{
	struct cloud_verb v = { .command = "device-group list", .usage = list_usage, .none = "no device groups", .opts = { { "product", "P" } } };

	return cloud_verb_run(&v, argc, argv, "GET", "/v1/device-groups?product=%s", "product", NULL, NULL);
}

const struct cli_command device_group_commands[] = {
	{ "device-group create", "create a device group of a product on the update service", create },
	{ "device-group update", "change a device group's OS feed, update window, check period", update },
	{ "device-group list", "list the update service's device groups", list },
	{ 0 },
};
