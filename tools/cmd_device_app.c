/*
 * cmd_device_app.c - `spherule device app start|stop|show-status|
 * show-quota|show-memory-stats --component-id ID`: one installed app,
 * through devctl on the service link (docs/cli.md, *Talking to the device*).
 */
#include <stdio.h>

#include "cli.h"
#include "device_verb.h"

#define APP_SYNOPSIS " --component-id ID " DEVICE_VERB_SYNOPSIS "\n"
#define COMPONENT_HELP "  --component-id ID     the app's component id (a UUID, as its manifest names it)\n"

static const char start_usage[] =
	"usage: spherule device app start" APP_SYNOPSIS
	"\n"
	"Starts the app (PATCH /app/status/ID, trigger start), one installed for manual start\n"
	"(sideload deploy --manual-start) or stopped, and shows its status: state, pid, restarts.\n"
	"\n" COMPONENT_HELP;

static const char stop_usage[] =
	"usage: spherule device app stop" APP_SYNOPSIS
	"\n"
	"Stops the app (PATCH /app/status/ID, trigger stop): appmgr ends it and does not restart\n"
	"it until 'device app start' or the next boot. Shows its status.\n"
	"\n" COMPONENT_HELP;

static const char status_usage[] =
	"usage: spherule device app show-status" APP_SYNOPSIS
	"\n"
	"Shows the app's status (GET /app/status/ID): its state (running, stopped, starting,\n"
	"debugging or backoff), its main process's pid and how often appmgr restarted it.\n"
	"\n" COMPONENT_HELP;

static const char quota_usage[] =
	"usage: spherule device app show-quota" APP_SYNOPSIS
	"\n"
	"Shows the app's mutable storage in use and its quota, in KiB (GET /app/quota/ID).\n"
	"\n" COMPONENT_HELP;

static const char memory_usage[] =
	"usage: spherule device app show-memory-stats" APP_SYNOPSIS
	"\n"
	"Shows the app's memory (GET /app/memory/ID): in use now, its peak and its limit, in\n"
	"bytes, and the flash its image takes.\n"
	"\n" COMPONENT_HELP;

/* PATCH /app/status/ID with {"trigger": what}. */
static int trigger(int argc, char **argv, const char *command, const char *usage, const char *what)
{
	struct device_verb v = { .command = command, .usage = usage, .takes = DEVICE_OPT_COMPONENT_ID };
	char body[32];

	snprintf(body, sizeof(body), "{\"trigger\":\"%s\"}", what);
	return device_verb_run(&v, argc, argv, "PATCH", "/app/status/%s", body, NULL);
}

static int app_start(int argc, char **argv)
{
	return trigger(argc, argv, "device app start", start_usage, "start");
}

static int app_stop(int argc, char **argv)
{
	return trigger(argc, argv, "device app stop", stop_usage, "stop");
}

static int app_show_status(int argc, char **argv)
{
	struct device_verb v = { .command = "device app show-status", .usage = status_usage,
				 .takes = DEVICE_OPT_COMPONENT_ID };

	return device_verb_run(&v, argc, argv, "GET", "/app/status/%s", NULL, NULL);
}

static int app_show_quota(int argc, char **argv)
{
	struct device_verb v = { .command = "device app show-quota", .usage = quota_usage,
				 .takes = DEVICE_OPT_COMPONENT_ID };

	return device_verb_run(&v, argc, argv, "GET", "/app/quota/%s", NULL, NULL);
}

static int app_show_memory_stats(int argc, char **argv)
{
	struct device_verb v = { .command = "device app show-memory-stats", .usage = memory_usage,
				 .takes = DEVICE_OPT_COMPONENT_ID };

	return device_verb_run(&v, argc, argv, "GET", "/app/memory/%s", NULL, NULL);
}

const struct cli_command device_app_commands[] = {
	{ "device app start", "start an installed app", app_start },
	{ "device app stop", "stop a running app", app_stop },
	{ "device app show-status", "show an app's state, pid and restarts", app_show_status },
	{ "device app show-quota", "show an app's storage in use and its quota", app_show_quota },
	{ "device app show-memory-stats", "show an app's memory in use, peak and limit", app_show_memory_stats },
	{ 0 },
};
