/*
 * cmd_device_info.c - `spherule device list-attached|show|
 * show-security-state|restart` and `device image list-installed`: what the
 * device says of itself through devctl, its REST API on the service link
 * (docs/cli.md, *Talking to the device*), and its restart. `device show
 * --device-id ID` asks the update service instead (cmd_device_cloud.c).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "device_verb.h"
#include "output_table.h"

static const char list_usage[] =
	"usage: spherule device list-attached " DEVICE_VERB_SYNOPSIS "\n"
	"\n"
	"Lists the device attached to this host: the one --device or $SPHERULE_DEVICE names,\n"
	"else the emulator's (its STATE/service-link), with its address, device id and security\n"
	"state as the device reports them. None attached is an empty list, not an error.\n"
	"\n";

static const char show_usage[] =
	"usage: spherule device show " DEVICE_VERB_SYNOPSIS "\n"
	"\n"
	"Shows the device: its id, development mode, uptime, memory, app slots, flash and storage\n"
	"in use, and OS version (GET /device). With --device-id ID, the update service's record\n"
	"of a device instead (see 'spherule device show --device-id ID --help').\n"
	"\n";

static const char security_usage[] =
	"usage: spherule device show-security-state " DEVICE_VERB_SYNOPSIS "\n"
	"\n"
	"Shows the device's security state (development or production), its device id and\n"
	"whether it is in development mode (GET /device/security_state).\n"
	"\n";

static const char restart_usage[] =
	"usage: spherule device restart " DEVICE_VERB_SYNOPSIS "\n"
	"\n"
	"Restarts the device (POST /restart): appmgr stops the apps, syncs and unmounts the\n"
	"filesystems and reboots; the emulator's board boots again in place.\n"
	"\n";

static const char images_usage[] =
	"usage: spherule device image list-installed " DEVICE_VERB_SYNOPSIS "\n"
	"\n"
	"Lists the images installed on the device, one per app slot: component id, image id,\n"
	"name, version, security version, slot, length and state (GET /images).\n"
	"\n";

static void list_table(json_t *answer)
{
	output_table_list(answer, "devices", "no device attached");
}

static int list_attached(int argc, char **argv)
{
	struct device_verb v = { .command = "device list-attached", .usage = list_usage };
	json_t *state, *devices = json_array(), *device;
	int rc = device_verb_parse(&v, argc, argv);

	if (rc)
		return rc < 0 ? -1 : 0;
	rc = device_link_resolve(&v.link, v.command, v.device, v.state_dir);
	if (rc == 0) {
		if (device_link_request(&v.link, &(struct device_request){ .method = "GET", .path = "/device/security_state" },
					&state) < 0) {
			json_decref(devices);
			return -1;
		}
		device = json_pack("{s:s}", "address", v.link.address);
		json_object_update(device, state);
		json_decref(state);
		json_array_append_new(devices, device);
	} else if (rc != -ENOENT) {
		json_decref(devices);
		return -1;
	}
	return device_verb_print(&v, json_pack("{s:o}", "devices", devices), list_table);
}

/* Whether argv names --device-id: the update service's device show. */
static bool names_device_id(int argc, char **argv)
{
	for (int i = 1; i < argc && strcmp(argv[i], "--"); i++)
		if (!strcmp(argv[i], "--device-id") || !strncmp(argv[i], "--device-id=", 12))
			return true;
	return false;
}

static int show(int argc, char **argv)
{
	struct device_verb v = { .command = "device show", .usage = show_usage };

	if (names_device_id(argc, argv))
		return device_cloud_show(argc, argv);

	return device_verb_run(&v, argc, argv, "GET", "/device", NULL, NULL);
}

static int show_security_state(int argc, char **argv)
{
	struct device_verb v = { .command = "device show-security-state", .usage = security_usage };

	return device_verb_run(&v, argc, argv, "GET", "/device/security_state", NULL, NULL);
}

static void restart_table(json_t *answer)
{
	printf("the device is restarting\n");
}

static int restart(int argc, char **argv)
{
	struct device_verb v = { .command = "device restart", .usage = restart_usage };

	return device_verb_run(&v, argc, argv, "POST", "/restart", NULL, restart_table);
}

static void images_table(json_t *answer)
{
	output_table_list(answer, "images", "no images installed");
}

static int image_list_installed(int argc, char **argv)
{
	struct device_verb v = { .command = "device image list-installed", .usage = images_usage };

	return device_verb_run(&v, argc, argv, "GET", "/images", NULL, images_table);
}

const struct cli_command device_info_commands[] = {
	{ "device list-attached", "list the device attached to this host (the emulator's)", list_attached },
	{ "device show", "show the device: id, uptime, memory, slots, flash, storage, OS", show },
	{ "device show-security-state", "show the device's security state and id", show_security_state },
	{ "device restart", "restart the device", restart },
	{ "device image list-installed", "list the images installed on the device", image_list_installed },
	{ 0 },
};
