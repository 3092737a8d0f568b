/*
 * cmd_device_cloud.c - the `spherule device` verbs that talk to the update
 * service, not to the device (docs/cli.md, *Talking to the update
 * service*): `device claim` (the service learns the device's id and public
 * key, with which it checks the device's signed check-ins, and its group),
 * `device list`, `device show --device-id ID` (with its last check-in;
 * their tables leave out the public key, their JSON has it),
 * `device image list-targeted` (what its group's deployment gives it) and
 * `device update check` (asks it to check now).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cloud_verb.h"
#include "file_util.h"
#include "secmon_client.h"

#define DEVICE_ID_HELP "  --device-id ID        the device's id (64 hex digits: spherule device show-identity)\n"
#define PEM_MAX 4096

static const char claim_usage[] =
	"usage: spherule device claim --device-id ID --public-key FILE --device-group G " CLOUD_VERB_SYNOPSIS "\n"
	"       spherule device claim --flash FLASH --device-group G " CLOUD_VERB_SYNOPSIS "\n"
	"\n"
	"Claims a device for a device group on the update service (POST /v1/devices): the service\n"
	"learns its id and public key, which its check-ins are signed with, and updates it as the\n"
	"group's deployment says. The id and key are given, or read from the device's secmon as\n"
	"'spherule device show-identity' does. Claiming it again moves it to the group.\n"
	"\n" DEVICE_ID_HELP
	"  --public-key FILE     the device's public key (PEM)\n"
	"  --flash FLASH         the device's flash file: its id and key from its secmon\n"
	"  --device-group G      the group (its id or name)\n";

static const char list_usage[] =
	"usage: spherule device list " CLOUD_VERB_SYNOPSIS "\n"
	"\n"
	"Lists the devices claimed on the update service (GET /v1/devices).\n"
	"\n";

static const char show_usage[] =
	"usage: spherule device show --device-id ID " CLOUD_VERB_SYNOPSIS "\n"
	"\n"
	"Shows the update service's record of a device (GET /v1/devices/ID): its group and its\n"
	"last check-in (installed versions, update state, time). Without --device-id, 'device show'\n"
	"asks the attached device itself (see 'spherule device show --help').\n"
	"\n" DEVICE_ID_HELP;

static const char targeted_usage[] =
	"usage: spherule device image list-targeted --device-id ID " CLOUD_VERB_SYNOPSIS "\n"
	"\n"
	"Lists the images the device's group currently targets, what it updates to\n"
	"(GET /v1/devices/ID/targeted-images).\n"
	"\n" DEVICE_ID_HELP;

static const char check_usage[] =
	"usage: spherule device update check --device-id ID " CLOUD_VERB_SYNOPSIS "\n"
	"\n"
	"Asks the device to check for updates now, not at the end of its check period\n"
	"(POST /v1/devices/ID/update-check): the service tells it when it next polls, within\n"
	"about 10 s while it is online.\n"
	"\n" DEVICE_ID_HELP;

/* The device's id and public key from --flash or from --device-id and
 * --public-key: 0, or -1 after cli_fail(). */
static int identity(const struct cloud_verb *v, char id[65], char pem[SECMON_IDENTITY_MAX])
{
	const char *flash = cloud_verb_value(v, "flash"), *given_id = cloud_verb_value(v, "device-id");
	const char *key = cloud_verb_value(v, "public-key");
	uint8_t *buf;
	size_t len;
	int rc;

	if (flash && (given_id || key))
		return cli_fail(v->command, "give --flash FLASH, or --device-id ID and --public-key FILE, not both");
	if (flash)
		return secmon_identity(v->command, flash, id, pem);
	if (!given_id || !key)
		return cli_fail(v->command, "--device-id ID and --public-key FILE, or --flash FLASH, are required "
			       "(see --help)");
	if (cloud_hex_id(v, "--device-id", given_id, "a device id", id) < 0)
		return -1;
	rc = file_read_all(key, PEM_MAX, &buf, &len);
	if (rc < 0)
		return cli_fail(v->command, "--public-key %s: %s", key, rc == -EFBIG ? "too large for a PEM key" :
				strerror(-rc));
	rc = strncmp((char *)buf, "-----BEGIN PUBLIC KEY-----", 26) || len >= SECMON_IDENTITY_MAX;
	if (!rc)
		memcpy(pem, buf, len + 1);
	free(buf);
	return rc ? cli_fail(v->command, "--public-key %s: not a public key (PEM)", key) : 0;
}

static json_t *claim_body(const struct cloud_verb *v)
{
	char id[65], pem[SECMON_IDENTITY_MAX];

	if (identity(v, id, pem) < 0)
		return NULL;
	return cloud_body(v, json_pack("{s:s, s:s, s:s}", "device_id", id, "public_key", pem, "device_group",
				       cloud_verb_value(v, "device-group")));
}

static int claim(int argc, char **argv)
{
	struct cloud_verb v = { .command = "device claim", .usage = claim_usage, .hide = "public_key",
				.opts = { { "device-id", "ID" }, { "public-key", "FILE" }, { "flash", "FLASH" },
					  { "device-group", "G", .required = true } } };

	return cloud_verb_run(&v, argc, argv, "POST", "/v1/devices", NULL, claim_body, NULL);
}

static int list(int argc, char **argv)
{
	struct cloud_verb v = { .command = "device list", .usage = list_usage, .none = "no devices",
				.hide = "public_key" };

	return cloud_verb_run(&v, argc, argv, "GET", "/v1/devices", NULL, NULL, NULL);
}

/* One request about the device --device-id names: path_format with "%s" for its id. */
static int about_device(struct cloud_verb *v, int argc, char **argv, const char *method, const char *path_format,
			void (*table)(json_t *answer))
{
	char id[65], path[256];
	int rc = cloud_verb_begin(v, argc, argv);

	if (rc)
		return cloud_verb_end(v, rc);
	if (cloud_hex_id(v, "--device-id", cloud_verb_value(v, "device-id"), "a device id", id) < 0)
		return cloud_verb_end(v, -1);
	snprintf(path, sizeof(path), path_format, id);
	return cloud_verb_end(v, cloud_verb_request(v, method, path, NULL, table));
}

int device_cloud_show(int argc, char **argv)
{
	struct cloud_verb v = { .command = "device show", .usage = show_usage, .hide = "public_key",
				.opts = { { "device-id", "ID", .required = true } } };

	return about_device(&v, argc, argv, "GET", "/v1/devices/%s", NULL);
}

static int image_list_targeted(int argc, char **argv)
{
	struct cloud_verb v = { .command = "device image list-targeted", .usage = targeted_usage,
				.none = "no images targeted", .opts = { { "device-id", "ID", .required = true } } };

	return about_device(&v, argc, argv, "GET", "/v1/devices/%s/targeted-images", NULL);
}

static void check_table(json_t *answer)
{
	printf("update check requested: the device checks when it next polls the service\n");
}

static int update_check(int argc, char **argv)
{
	struct cloud_verb v = { .command = "device update check", .usage = check_usage,
				.opts = { { "device-id", "ID", .required = true } } };

	return about_device(&v, argc, argv, "POST", "/v1/devices/%s/update-check", check_table);
}

const struct cli_command device_cloud_commands[] = {
	{ "device claim", "claim a device for a device group on the update service", claim },
	{ "device list", "list the devices claimed on the update service", list },
	{ "device image list-targeted", "list the images a device's group targets (update service)",
	  image_list_targeted },
	{ "device update check", "ask a device to check for updates now (update service)", update_check },
	{ 0 },
};
