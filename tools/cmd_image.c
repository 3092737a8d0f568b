/*
 * cmd_image.c - `spherule image add|list`: the images on the update
 * service (docs/cli.md, *Talking to the update service*): app image packages
 * and OS images (.osimage), which the service reads, checks and names by
 * their SHA-256; a deployment targets them by that id.
 */
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <unistd.h>

#include "cli.h"
#include "cloud_verb.h"
#include "output_table.h"

static const char add_usage[] =
	"usage: spherule image add --image PATH " CLOUD_VERB_SYNOPSIS "\n"
	"\n"
	"Uploads an image to the update service (POST /v1/images, the file's bytes, with a\n"
	"progress bar on a terminal): an app image package (spherule image-package\n"
	"pack-application) or an OS image (spherule os-image pack --image). The service reads and\n"
	"checks it and shows what it is: its id (the file's SHA-256, which deployments name), kind\n"
	"(os or app), component id, version, security version, size and name. Adding the same file\n"
	"again is not an error.\n"
	"\n"
	"  --image PATH          the image package or .osimage\n";

static const char list_usage[] =
	"usage: spherule image list " CLOUD_VERB_SYNOPSIS "\n"
	"\n"
	"Lists the images on the update service (GET /v1/images).\n"
	"\n";

static int add(int argc, char **argv)
{
	struct cloud_verb v = { .command = "image add", .usage = add_usage,
				.opts = { { "image", "PATH", .required = true } } };
	const char *path;
	char label[PATH_MAX];
	json_t *answer;
	long long size;
	FILE *f;
	int rc = cloud_verb_begin(&v, argc, argv);

	if (rc)
		return cloud_verb_end(&v, rc);
	path = cloud_verb_value(&v, "image");
	f = cli_open_upload(v.command, "--image", path, &size);
	if (!f)
		return cloud_verb_end(&v, -1);
	snprintf(label, sizeof(label), "%s", path);
	rc = cloud_client_request(&v.client, &(struct cloud_request){
		.method = "POST", .path = "/v1/images", .upload = f, .upload_size = (uint64_t)size,
		/* The progress bar only for a person watching. */
		.upload_name = isatty(STDOUT_FILENO) && isatty(STDERR_FILENO) ? basename(label) : NULL,
	}, &answer);
	fclose(f);
	if (rc == 0)
		output_print(answer, v.json, NULL);
	return cloud_verb_end(&v, rc);
}

static int list(int argc, char **argv)
{
	struct cloud_verb v = { .command = "image list", .usage = list_usage, .none = "no images" };

	return cloud_verb_run(&v, argc, argv, "GET", "/v1/images", NULL, NULL, NULL);
}

const struct cli_command image_commands[] = {
	{ "image add", "upload an app image package or OS image to the update service", add },
	{ "image list", "list the update service's images", list },
	{ 0 },
};
