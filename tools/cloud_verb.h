/*
 * cloud_verb.h - what the verbs that talk to the update service share
 * (product, device-group, image, deployment and the cloud `device` verbs):
 * their options (--cloud, --token-file, --output, --help and the verb's
 * own, each with a value), the client, and printing the service's answer
 * as a table or as its JSON.
 */
#ifndef SPHERULE_CLOUD_VERB_H
#define SPHERULE_CLOUD_VERB_H

#include <jansson.h>
#include <stdbool.h>

#include "cloud_client.h"

/* The options every such verb takes, for its synopsis. */
#define CLOUD_VERB_SYNOPSIS "[--cloud URL] [--token-file F] [--output json|table]"
#define CLOUD_OPTS_MAX 8

/* One option of a verb's own: --name VALUE. */
struct cloud_opt {
	const char *name; /* "device-group" for --device-group */
	const char *arg;  /* its value's name, for messages: "G" */
	bool required;
	bool many;        /* may be given again, and the words after it are more values */
};

struct cloud_verb {
	const char *command;          /* "device-group create" */
	const char *usage;            /* the verb's own help; the common options' follows it */
	struct cloud_opt opts[CLOUD_OPTS_MAX]; /* the verb's own, ending with a zero one */
	const char *none;             /* a list verb's table when the list is empty ("no products"), else NULL */
	const char *hide;             /* a member the table leaves out (of the answer, of its rows), or NULL */
	bool own_output;              /* --output is the verb's own (in usage), its value in output, not json|table */
	/* Parsed: */
	const char *value[CLOUD_OPTS_MAX]; /* each option's (the last given), NULL when not given */
	json_t *many;                 /* the values of the option with many, an array of strings */
	bool json;
	const char *output;           /* with own_output: --output's value, NULL when not given */
	struct cloud_client client;
};

/* Parses argv into v, then finds the service and its token: 0 to go on, 1
 * when --help was printed, -1 after cli_fail(). */
int cloud_verb_begin(struct cloud_verb *v, int argc, char **argv);

/* The value of v's option name (NULL when not given). */
const char *cloud_verb_value(const struct cloud_verb *v, const char *name);

/* Ends v: frees what cloud_verb_begin() made. Returns rc, for run(): 0 on
 * 0 and 1 (after --help), -1 on an error. */
int cloud_verb_end(struct cloud_verb *v, int rc);

/* Makes the request (body consumed, may be NULL), then prints the answer:
 * with --output json pretty-printed, else as table() prints it (NULL: a
 * list verb's rows, cloud_table_rows() with v->none, else
 * output_table_print()). 0, or -1 after cli_fail(). */
int cloud_verb_request(struct cloud_verb *v, const char *method, const char *path, json_t *body,
		       void (*table)(json_t *answer));

/* j, a request's body made by json_pack() from the options' values; when
 * that failed (NULL: a value that is not UTF-8), NULL after cli_fail(). */
json_t *cloud_body(const struct cloud_verb *v, json_t *j);

/* text, 64 hex digits (a device id, an image id: a SHA-256), into out in
 * small letters: 0, or -1 after cli_fail() naming option and what it is. */
int cloud_hex_id(const struct cloud_verb *v, const char *option, const char *text, const char *what, char out[65]);

/* The whole verb for one request: begin, then the request with the body
 * made by body() from the parsed options (NULL: none; body() returns NULL
 * after cli_fail()) and path_format ("%s" for the escaped value of the
 * option path_opt, if not NULL; "/v1/deployments?device_group=%s" is
 * "/v1/deployments" when that option is not given), the answer printed
 * with table (as for cloud_verb_request()), end. For run(). */
int cloud_verb_run(struct cloud_verb *v, int argc, char **argv, const char *method, const char *path_format,
		   const char *path_opt, json_t *(*body)(const struct cloud_verb *v), void (*table)(json_t *answer));

#endif
