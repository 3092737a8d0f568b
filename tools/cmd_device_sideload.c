/*
 * cmd_device_sideload.c - `spherule device sideload deploy|delete`: an app
 * image package put on the device, or taken off it, through devctl on the
 * service link (docs/cli.md, *Talking to the device*). deploy stages the
 * package (PUT /update/stage, appmgr writes it to a free slot and secmon
 * verifies it), then installs it (POST /update/install).
 */
#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "device_verb.h"

static const char deploy_usage[] =
	"usage: spherule device sideload deploy --image-package APP.imagepackage [--manual-start]\n"
	"                                       " DEVICE_VERB_SYNOPSIS "\n"
	"\n"
	"Puts an app on the device: sends the package (PUT /update/stage, with a progress bar on\n"
	"a terminal); the device writes it to a free app slot and verifies it as at boot (its\n"
	"refusal and why are shown); then installs it (POST /update/install), replacing the app\n"
	"of the same component id, and starts it unless --manual-start.\n"
	"\n"
	"  --image-package APP.imagepackage\n"
	"                        the app's image package (spherule image-package pack-application)\n"
	"  --manual-start        install it stopped: 'spherule device app start' starts it\n";

static const char delete_usage[] =
	"usage: spherule device sideload delete --component-id ID " DEVICE_VERB_SYNOPSIS "\n"
	"\n"
	"Takes an app off the device (DELETE /app/image/ID): appmgr stops it and erases its slot.\n"
	"\n"
	"  --component-id ID     the app's component id (a UUID)\n";

/* A member of obj as text (a string or a number), "?" when it has none. */
static const char *member(json_t *obj, const char *key, char *buf, size_t len)
{
	json_t *v = json_object_get(obj, key);

	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v)) {
		snprintf(buf, len, "%lld", (long long)json_integer_value(v));
		return buf;
	}
	return "?";
}

/* The table of deploy: what was staged, then what was installed. */
static void deploy_table(json_t *answer, const char *package, long long size, bool manual)
{
	json_t *staged = json_object_get(answer, "staged"), *installed = json_object_get(answer, "installed");
	char b[5][24]; /* one for each member shown, should it be a number */
	const char *id = member(installed, "componentId", b[0], sizeof(b[0]));

	printf("staged %s (%lld bytes): %s, version %s, image %s\n", package, size,
	       member(staged, "name", b[1], sizeof(b[1])), member(staged, "version", b[2], sizeof(b[2])),
	       member(staged, "imageId", b[3], sizeof(b[3])));
	printf("installed %s, version %s, component %s%s\n", member(installed, "name", b[1], sizeof(b[1])),
	       member(installed, "version", b[4], sizeof(b[4])), id,
	       json_is_true(json_object_get(answer, "replaced")) ? ", replacing the one installed before" : "");
	if (manual)
		printf("it starts when asked: spherule device app start --component-id %s\n", id);
}

static int deploy(int argc, char **argv)
{
	struct device_verb v = { .command = "device sideload deploy", .usage = deploy_usage,
				 .takes = DEVICE_OPT_IMAGE_PACKAGE };
	json_t *staged, *installed;
	long long size;
	char label[PATH_MAX];
	FILE *f;
	int rc = device_verb_begin(&v, argc, argv);

	if (rc)
		return rc < 0 ? -1 : 0;
	f = cli_open_upload(v.command, "--image-package", v.image_package, &size);
	if (!f)
		return -1;
	snprintf(label, sizeof(label), "%s", v.image_package);
	rc = device_link_request(&v.link, &(struct device_request){
		.method = "PUT", .path = "/update/stage", .upload = f, .upload_size = (uint64_t)size,
		/* The progress bar only for a person watching. */
		.upload_name = isatty(STDOUT_FILENO) && isatty(STDERR_FILENO) ? basename(label) : NULL,
	}, &staged);
	fclose(f);
	if (rc < 0)
		return -1;
	if (device_link_request(&v.link, &(struct device_request){
		.method = "POST", .path = "/update/install",
		.json_body = v.manual_start ? "{\"appControlMode\":\"Manual\"}" : "{\"appControlMode\":\"Auto\"}",
	}, &installed) < 0) {
		json_decref(staged);
		return -1;
	}
	/* One answer: the install's, with what was staged. */
	json_object_set(installed, "staged", json_object_get(staged, "staged"));
	json_decref(staged);
	if (!v.json) {
		deploy_table(installed, v.image_package, size, v.manual_start);
		json_decref(installed);
		return 0;
	}
	return device_verb_print(&v, installed, NULL);
}

static void delete_table(json_t *answer)
{
	char n[24];

	printf("deleted %s\n", member(answer, "deleted", n, sizeof(n)));
}

static int delete(int argc, char **argv)
{
	struct device_verb v = { .command = "device sideload delete", .usage = delete_usage,
				 .takes = DEVICE_OPT_COMPONENT_ID };

	return device_verb_run(&v, argc, argv, "DELETE", "/app/image/%s", NULL, delete_table);
}

const struct cli_command device_sideload_commands[] = {
	{ "device sideload deploy", "put an app image package on the device and install it", deploy },
	{ "device sideload delete", "take an app off the device", delete },
	{ 0 },
};
