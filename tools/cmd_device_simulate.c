/*
 * cmd_device_simulate.c - `spherule device gpio get|set` and `spherule
 * device sysevent simulate-update`: the development-mode tools of a
 * simulation board, through devctl (docs/cli.md, *Simulated GPIO lines and
 * update events*): the host reads and drives the board's simulated GPIO
 * lines (its buttons and LEDs), and plays an update's events to the apps
 * that defer updates.
 */
#include <inttypes.h>
#include <stdio.h>

#include "cli.h"
#include "device_verb.h"

#define GPIO_HELP "  --gpio N              the board-wide GPIO number (MT3620's numbering, as the app's\n" \
		  "                        manifest names it: 8..80 are simulated on qemu-armv7)\n"

static const char get_usage[] =
	"usage: spherule device gpio get --gpio N " DEVICE_VERB_SYNOPSIS "\n"
	"\n"
	"Reads simulated GPIO line N as the board sees it (GET /gpio/N): its level, which is\n"
	"what an app drives when it holds the line as an output (an LED), else its pull; whether\n"
	"an app holds it, as an output or an input. Development mode and simulated lines only.\n"
	"\n" GPIO_HELP;

static const char set_usage[] =
	"usage: spherule device gpio set --gpio N --value 0|1 " DEVICE_VERB_SYNOPSIS "\n"
	"\n"
	"Drives simulated GPIO line N from the host (PUT /gpio/N): pulls it up (1) or down (0),\n"
	"as a button would, so that an app holding it as an input reads the level and gets its\n"
	"edge. A line an app drives as an output is refused (busy). Development mode and\n"
	"simulated lines only.\n"
	"\n" GPIO_HELP
	"  --value 0|1           the level: 1 pulls the line up, 0 down\n";

static const char update_usage[] =
	"usage: spherule device sysevent simulate-update --type app|system [--max-deferral-minutes N]\n"
	"                                                " DEVICE_VERB_SYNOPSIS "\n"
	"\n"
	"A development-mode tool for testing an app's update deferral code (POST\n"
	"/sysevent/update): the device plays an update's events to the apps registered for\n"
	"them (SysEvent_Events_UpdateReadyForInstall), as a real update would: pending, deferrals\n"
	"the apps ask for, final, complete. Nothing is installed and nothing restarts.\n"
	"\n"
	"  --type app|system     an application or an OS update\n"
	"  --max-deferral-minutes N  how long the apps may defer it in all, 0..1440 (default 1440,\n"
	"                        a day, as on Azure Sphere)\n";

/* "GPIO 12: 1 (line 4 of sim0, pulled up, an app's input)". */
static void gpio_table(json_t *answer)
{
	json_int_t gpio = json_integer_value(json_object_get(answer, "gpio"));
	json_int_t value = json_integer_value(json_object_get(answer, "value"));
	json_int_t offset = json_integer_value(json_object_get(answer, "offset"));
	const char *chip = json_string_value(json_object_get(answer, "chip"));
	const char *pull = json_string_value(json_object_get(answer, "pull"));
	bool requested = json_is_true(json_object_get(answer, "requested"));
	bool output = json_is_true(json_object_get(answer, "output"));

	printf("GPIO %" JSON_INTEGER_FORMAT ": %" JSON_INTEGER_FORMAT " (line %" JSON_INTEGER_FORMAT
	       " of %s, pulled %s, %s)\n", gpio, value, offset, chip ? chip : "?", pull ? pull : "?",
	       !requested ? "no app holds it" : output ? "an app's output" : "an app's input");
}

static int gpio_get(int argc, char **argv)
{
	struct device_verb v = { .command = "device gpio get", .usage = get_usage, .takes = DEVICE_OPT_GPIO };
	char path[32];
	int rc = device_verb_begin(&v, argc, argv);

	if (rc)
		return rc < 0 ? -1 : 0;
	snprintf(path, sizeof(path), "/gpio/%" PRId64, v.gpio);
	return device_verb_request(&v, "GET", path, NULL, gpio_table);
}

static int gpio_set(int argc, char **argv)
{
	struct device_verb v = { .command = "device gpio set", .usage = set_usage,
				 .takes = DEVICE_OPT_GPIO | DEVICE_OPT_VALUE };
	char path[32], body[16];
	int rc = device_verb_begin(&v, argc, argv);

	if (rc)
		return rc < 0 ? -1 : 0;
	snprintf(path, sizeof(path), "/gpio/%" PRId64, v.gpio);
	snprintf(body, sizeof(body), "{\"value\":%d}", v.value);
	return device_verb_request(&v, "PUT", path, body, gpio_table);
}

/* "simulated update: App, the apps may defer it up to 10 minutes". */
static void update_table(json_t *answer)
{
	json_t *u = json_object_get(answer, "simulatedUpdate");
	const char *type = json_string_value(json_object_get(u, "updateType"));

	printf("simulated update: %s, the apps may defer it up to %" JSON_INTEGER_FORMAT " minutes\n",
	       type ? type : "?", json_integer_value(json_object_get(u, "maxDeferralInMinutes")));
}

static int sysevent_simulate_update(int argc, char **argv)
{
	struct device_verb v = { .command = "device sysevent simulate-update", .usage = update_usage,
				 .takes = DEVICE_OPT_UPDATE };
	char body[80];
	int rc = device_verb_begin(&v, argc, argv);

	if (rc)
		return rc < 0 ? -1 : 0;
	if (v.max_deferral < 0)
		snprintf(body, sizeof(body), "{\"updateType\":\"%s\"}", v.update_type);
	else
		snprintf(body, sizeof(body), "{\"updateType\":\"%s\",\"maxDeferralInMinutes\":%" PRId64 "}",
			 v.update_type, v.max_deferral);
	return device_verb_request(&v, "POST", "/sysevent/update", body, update_table);
}

const struct cli_command device_simulate_commands[] = {
	{ "device gpio get", "read a simulated GPIO line (an LED) (development mode)", gpio_get },
	{ "device gpio set", "drive a simulated GPIO input (a button) (development mode)", gpio_set },
	{ "device sysevent simulate-update", "play an update's events to the apps (development mode)",
	  sysevent_simulate_update },
	{ 0 },
};
