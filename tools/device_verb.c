/* device_verb.c - the options, device and output the devctl verbs share (device_verb.h). */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "device_verb.h"
#include "emulator_state.h"
#include "output_table.h"

static const char common_help[] =
	"  --device HOST:PORT    the device's service link (default: $SPHERULE_DEVICE, else the\n"
	"                        one the emulator records in STATE/service-link)\n"
	"  --state-dir DIR       the emulator's state directory (default: as 'spherule emulator'\n"
	"                        finds it: $SPHERULE_STATE_DIR, $XDG_RUNTIME_DIR/spherule, ...)\n"
	"  --output json|table   the device's JSON (pretty-printed) or a table (default)\n";

/* The option values of getopt_long() beyond the DEVICE_OPT_... bits. */
enum { OPT_DEVICE = 0x100, OPT_STATE_DIR, OPT_OUTPUT, OPT_HELP, OPT_MANUAL_START, OPT_MAX_DEFERRAL };

/* A canonical UUID (8-4-4-4-12 hex digits) into out, lower-case: 0 or -1 after cli_fail(). */
static int parse_component_id(const char *command, const char *text, char out[37])
{
	size_t i, len = strlen(text);

	for (i = 0; i < len && len == 36; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;

		if (dash ? text[i] != '-' : !isxdigit((unsigned char)text[i]))
			break;
		out[i] = (char)tolower((unsigned char)text[i]);
	}
	if (len != 36 || i != 36)
		return cli_fail(command, "--component-id %s: expected a component id, a UUID "
			       "(xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)", text);
	out[36] = '\0';
	return 0;
}

/* Whether option c is one verb v takes. */
static bool takes(const struct device_verb *v, int c)
{
	switch (c) {
	case DEVICE_OPT_COMPONENT_ID: return v->takes & (DEVICE_OPT_COMPONENT_ID | DEVICE_OPT_COMPONENT_ANY);
	case OPT_MANUAL_START: return v->takes & DEVICE_OPT_IMAGE_PACKAGE;
	case OPT_MAX_DEFERRAL: return v->takes & DEVICE_OPT_UPDATE;
	case DEVICE_OPT_IMAGE_PACKAGE:
	case DEVICE_OPT_FOLLOW:
	case DEVICE_OPT_GPIO:
	case DEVICE_OPT_VALUE:
	case DEVICE_OPT_UPDATE: return v->takes & (unsigned)c;
	default: return true;
	}
}

int device_verb_parse(struct device_verb *v, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "component-id", required_argument, NULL, DEVICE_OPT_COMPONENT_ID },
		{ "image-package", required_argument, NULL, DEVICE_OPT_IMAGE_PACKAGE },
		{ "manual-start", no_argument, NULL, OPT_MANUAL_START },
		{ "follow", no_argument, NULL, DEVICE_OPT_FOLLOW },
		{ "gpio", required_argument, NULL, DEVICE_OPT_GPIO },
		{ "value", required_argument, NULL, DEVICE_OPT_VALUE },
		{ "type", required_argument, NULL, DEVICE_OPT_UPDATE },
		{ "max-deferral-minutes", required_argument, NULL, OPT_MAX_DEFERRAL },
		{ "device", required_argument, NULL, OPT_DEVICE },
		{ "state-dir", required_argument, NULL, OPT_STATE_DIR },
		{ "output", required_argument, NULL, OPT_OUTPUT },
		{ "help", no_argument, NULL, OPT_HELP },
		{ 0 },
	};
	uint32_t n;
	int c;

	v->gpio = v->value = v->max_deferral = -1;
	emulator_default_state_dir(v->state_dir, sizeof(v->state_dir));
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (!takes(v, c))
			return cli_usage_error(v->command, v->usage);
		switch (c) {
		case DEVICE_OPT_COMPONENT_ID:
			if (parse_component_id(v->command, optarg, v->component_id) < 0)
				return -1;
			break;
		case DEVICE_OPT_IMAGE_PACKAGE: v->image_package = optarg; break;
		case OPT_MANUAL_START: v->manual_start = true; break;
		case DEVICE_OPT_FOLLOW: v->follow = true; break;
		case DEVICE_OPT_GPIO:
			if (cli_parse_u32(v->command, "--gpio", optarg, &n) < 0)
				return -1;
			v->gpio = n;
			break;
		case DEVICE_OPT_VALUE:
			if (strcmp(optarg, "0") && strcmp(optarg, "1"))
				return cli_fail(v->command, "--value %s: expected 0 or 1", optarg);
			v->value = optarg[0] - '0';
			break;
		case DEVICE_OPT_UPDATE:
			if (strcmp(optarg, "app") && strcmp(optarg, "system"))
				return cli_fail(v->command, "--type %s: expected app or system", optarg);
			v->update_type = optarg[0] == 'a' ? "App" : "System";
			break;
		case OPT_MAX_DEFERRAL:
			if (cli_parse_u32(v->command, "--max-deferral-minutes", optarg, &n) < 0)
				return -1;
			if (n > DEVICE_MAX_DEFERRAL_MINUTES)
				return cli_fail(v->command, "--max-deferral-minutes %s: at most %u (a day)", optarg,
						DEVICE_MAX_DEFERRAL_MINUTES);
			v->max_deferral = n;
			break;
		case OPT_DEVICE: v->device = optarg; break;
		case OPT_STATE_DIR: snprintf(v->state_dir, sizeof(v->state_dir), "%s", optarg); break;
		case OPT_OUTPUT:
			if (cli_parse_output(v->command, optarg, &v->json) < 0)
				return -1;
			break;
		case OPT_HELP:
			fputs(v->usage, stdout);
			fputs(common_help, stdout);
			return 1;
		default: return cli_usage_error(v->command, v->usage);
		}
	}
	if (optind < argc)
		return cli_fail(v->command, "unexpected argument '%s' (see --help)", argv[optind]);
	if ((v->takes & DEVICE_OPT_COMPONENT_ID) && !v->component_id[0])
		return cli_fail(v->command, "--component-id ID is required (see --help)");
	if ((v->takes & DEVICE_OPT_IMAGE_PACKAGE) && !v->image_package)
		return cli_fail(v->command, "--image-package APP.imagepackage is required (see --help)");
	if ((v->takes & DEVICE_OPT_GPIO) && v->gpio < 0)
		return cli_fail(v->command, "--gpio N is required (see --help)");
	if ((v->takes & DEVICE_OPT_VALUE) && v->value < 0)
		return cli_fail(v->command, "--value 0|1 is required (see --help)");
	if ((v->takes & DEVICE_OPT_UPDATE) && !v->update_type)
		return cli_fail(v->command, "--type app|system is required (see --help)");
	return 0;
}

int device_verb_begin(struct device_verb *v, int argc, char **argv)
{
	int rc = device_verb_parse(v, argc, argv);

	if (rc)
		return rc;
	rc = device_link_resolve(&v->link, v->command, v->device, v->state_dir);
	return rc == -ENOENT ? device_link_not_attached(v->command) : rc;
}

int device_verb_print(const struct device_verb *v, json_t *answer, void (*table)(json_t *answer))
{
	output_print(answer, v->json, table);
	return 0;
}

int device_verb_request(struct device_verb *v, const char *method, const char *path, const char *json_body,
			void (*table)(json_t *answer))
{
	json_t *answer;

	if (device_link_request(&v->link, &(struct device_request){ .method = method, .path = path, .json_body = json_body },
				&answer) < 0)
		return -1;
	return device_verb_print(v, answer, table);
}

int device_verb_run(struct device_verb *v, int argc, char **argv, const char *method, const char *path_format,
		    const char *json_body, void (*table)(json_t *answer))
{
	char path[128];
	int rc = device_verb_begin(v, argc, argv);

	if (rc)
		return rc < 0 ? -1 : 0;
	snprintf(path, sizeof(path), path_format, v->component_id);
	return device_verb_request(v, method, path, json_body, table);
}
