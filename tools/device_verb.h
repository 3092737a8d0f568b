/*
 * device_verb.h - what the `spherule device` verbs that talk to devctl
 * share: their options (--device, --state-dir, --output, --help, and the
 * verb's own among --component-id, --image-package, --manual-start,
 * --follow, --gpio, --value, --type, --max-deferral-minutes), finding the
 * device, and printing its answer as a table or as its JSON.
 */
#ifndef SPHERULE_DEVICE_VERB_H
#define SPHERULE_DEVICE_VERB_H

#include <jansson.h>
#include <stdbool.h>

#include "device_link.h"

/* The options every such verb takes, for its synopsis. */
#define DEVICE_VERB_SYNOPSIS "[--device HOST:PORT] [--state-dir DIR] [--output json|table]"

/* The options a verb takes besides the common ones. */
enum {
	DEVICE_OPT_COMPONENT_ID = 1,  /* --component-id ID, required */
	DEVICE_OPT_COMPONENT_ANY = 2, /* --component-id ID, optional */
	DEVICE_OPT_IMAGE_PACKAGE = 4, /* --image-package FILE, required, and --manual-start */
	DEVICE_OPT_FOLLOW = 8,        /* --follow */
	DEVICE_OPT_GPIO = 16,         /* --gpio N, required */
	DEVICE_OPT_VALUE = 32,        /* --value 0|1, required */
	DEVICE_OPT_UPDATE = 64,       /* --type app|system, required, and --max-deferral-minutes N */
};

/* The longest deferral of a simulated update, in minutes (Azure Sphere's: a day). */
#define DEVICE_MAX_DEFERRAL_MINUTES 1440u

struct device_verb {
	const char *command; /* "device app start" */
	const char *usage;   /* the verb's own help; the common options' follows it */
	unsigned takes;      /* DEVICE_OPT_... */
	/* Parsed: */
	char component_id[37]; /* canonical (lower-case) UUID text, or "" */
	const char *image_package;
	bool manual_start, follow, json;
	int64_t gpio;           /* --gpio, -1 when not given */
	int value;              /* --value, -1 when not given */
	const char *update_type; /* --type as the API names it: "App" or "System" */
	int64_t max_deferral;   /* --max-deferral-minutes, -1 when not given */
	const char *device;   /* --device, or NULL */
	char state_dir[PATH_MAX];
	struct device_link link;
};

/* Parses argv into v: 0 to go on, 1 when --help was printed, -1 after cli_fail(). */
int device_verb_parse(struct device_verb *v, int argc, char **argv);

/* device_verb_parse(), then finds the device (none is an error): 0 to go
 * on, 1 after --help, -1 after cli_fail(). */
int device_verb_begin(struct device_verb *v, int argc, char **argv);

/* Prints the device's answer: with --output json pretty-printed, else as
 * table() prints it (NULL: output_table_print()). Consumes answer. 0. */
int device_verb_print(const struct device_verb *v, json_t *answer, void (*table)(json_t *answer));

/* METHOD path with json_body (or NULL) to the device found, its answer
 * printed (table as for device_verb_print()): 0, or -1 after cli_fail(). */
int device_verb_request(struct device_verb *v, const char *method, const char *path, const char *json_body,
			void (*table)(json_t *answer));

/* The whole verb for one request: parse, find the device, METHOD path
 * (path_format with "%s" for the component id, if any) with json_body (or
 * NULL), print the answer (table as for device_verb_print()). For run(). */
int device_verb_run(struct device_verb *v, int argc, char **argv, const char *method, const char *path_format,
		    const char *json_body, void (*table)(json_t *answer));

#endif
