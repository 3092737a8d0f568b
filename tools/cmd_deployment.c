/*
 * cmd_deployment.c - `spherule deployment create|list`: a deployment is a
 * set of images on the update service targeted at a device group (docs/cli.md,
 * *Talking to the update service*); the newest is the group's current one,
 * what its devices update to.
 */
#include <stdio.h>

#include "cli.h"
#include "cloud_verb.h"

static const char create_usage[] =
	"usage: spherule deployment create --device-group G --images ID... " CLOUD_VERB_SYNOPSIS "\n"
	"\n"
	"Deploys images to a device group (POST /v1/deployments): from now on its devices update\n"
	"to this set, at their next check, within the group's update window. Shows the deployment.\n"
	"\n"
	"  --device-group G      the group (its id or name)\n"
	"  --images ID...        the images (their ids, as 'spherule image add' shows them): one\n"
	"                        or more after --images, or --images again for each\n";

static const char list_usage[] =
	"usage: spherule deployment list [--device-group G] " CLOUD_VERB_SYNOPSIS "\n"
	"\n"
	"Lists the deployments (GET /v1/deployments[?device_group=G]), all or a group's.\n"
	"\n"
	"  --device-group G      only this group's (its id)\n";

/* {"device_group", "images": [...]}, the ids checked and in small letters: NULL after cli_fail(). */
static json_t *create_body(const struct cloud_verb *v)
{
	json_t *images = json_array(), *image;
	char id[65];
	size_t i;

	json_array_foreach(v->many, i, image) {
		if (cloud_hex_id(v, "--images", json_string_value(image), "an image id (its SHA-256)", id) < 0) {
			json_decref(images);
			return NULL;
		}
		json_array_append_new(images, json_string(id));
	}
	return cloud_body(v, json_pack("{s:s, s:o}", "device_group", cloud_verb_value(v, "device-group"), "images",
				       images));
}

static int create(int argc, char **argv)
{
	struct cloud_verb v = { .command = "deployment create", .usage = create_usage,
				.opts = { { "device-group", "G", .required = true },
					  { "images", "ID", .required = true, .many = true } } };

	return cloud_verb_run(&v, argc, argv, "POST", "/v1/deployments", NULL, create_body, NULL);
}

static int list(int argc, char **argv)
{
	struct cloud_verb v = { .command = "deployment list", .usage = list_usage, .none = "no deployments",
				.opts = { { "device-group", "G" } } };

	return cloud_verb_run(&v, argc, argv, "GET", "/v1/deployments?device_group=%s", "device-group", NULL,
			      NULL);
}

const struct cli_command deployment_commands[] = {
	{ "deployment create", "deploy images to a device group", create },
	{ "deployment list", "list the deployments of the update service", list },
	{ 0 },
};
