/* cloud_verb.c - the options, client and output the update service's verbs share (cloud_verb.h). */
#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cloud_verb.h"
#include "output_table.h"

static const char common_help[] =
	"  --cloud URL           the update service (default: $SPHERULE_CLOUD_URL, else\n"
	"                        " CLOUD_DEFAULT_URL ", where 'spherule-cloud serve' listens)\n"
	"  --token-file F        the file holding the service's admin token, its STATE/admin-token\n"
	"                        (default: $SPHERULE_CLOUD_TOKEN_FILE)\n";
static const char output_help[] =
	"  --output json|table   the service's JSON (pretty-printed) or a table (default)\n";

/* getopt_long()'s values: the verb's options are their index. */
enum { OPT_CLOUD = 0x100, OPT_TOKEN_FILE, OPT_OUTPUT, OPT_HELP };

const char *cloud_verb_value(const struct cloud_verb *v, const char *name)
{
	for (int i = 0; i < CLOUD_OPTS_MAX && v->opts[i].name; i++)
		if (!strcmp(v->opts[i].name, name))
			return v->value[i];
	return NULL;
}

/* The option with many, or -1. */
static int many_option(const struct cloud_verb *v)
{
	for (int i = 0; i < CLOUD_OPTS_MAX && v->opts[i].name; i++)
		if (v->opts[i].many)
			return i;
	return -1;
}

static int parse(struct cloud_verb *v, int argc, char **argv, const char **cloud, const char **token_file)
{
	struct option opts[CLOUD_OPTS_MAX + 5] = {
		{ "cloud", required_argument, NULL, OPT_CLOUD },
		{ "token-file", required_argument, NULL, OPT_TOKEN_FILE },
		{ "output", required_argument, NULL, OPT_OUTPUT },
		{ "help", no_argument, NULL, OPT_HELP },
	};
	int n = 4, many = many_option(v), c;

	for (int i = 0; i < CLOUD_OPTS_MAX && v->opts[i].name; i++)
		opts[n++] = (struct option){ v->opts[i].name, required_argument, NULL, i };
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case OPT_CLOUD: *cloud = optarg; break;
		case OPT_TOKEN_FILE: *token_file = optarg; break;
		case OPT_OUTPUT:
			if (v->own_output)
				v->output = optarg;
			else if (cli_parse_output(v->command, optarg, &v->json) < 0)
				return -1;
			break;
		case OPT_HELP:
			fputs(v->usage, stdout);
			fputs(common_help, stdout);
			if (!v->own_output)
				fputs(output_help, stdout);
			return 1;
		default:
			if (c < 0 || c >= CLOUD_OPTS_MAX)
				return cli_usage_error(v->command, v->usage);
			v->value[c] = optarg;
			if (c == many)
				json_array_append_new(v->many, json_string(optarg));
		}
	}
	/* getopt_long() moved the words that are no option's to the end. */
	for (; optind < argc; optind++) {
		if (many < 0 || !v->value[many])
			return cli_fail(v->command, "unexpected argument '%s' (see --help)", argv[optind]);
		json_array_append_new(v->many, json_string(argv[optind]));
	}
	for (int i = 0; i < CLOUD_OPTS_MAX && v->opts[i].name; i++)
		if (v->opts[i].required && !v->value[i])
			return cli_fail(v->command, "--%s %s%s is required (see --help)", v->opts[i].name, v->opts[i].arg,
					v->opts[i].many ? "..." : "");
	return 0;
}

int cloud_verb_begin(struct cloud_verb *v, int argc, char **argv)
{
	const char *cloud = NULL, *token_file = NULL;
	int rc;

	v->many = json_array();
	if (!v->many)
		return cli_fail(v->command, "out of memory");
	rc = parse(v, argc, argv, &cloud, &token_file);
	if (rc)
		return rc;
	return cloud_client_init(&v->client, v->command, cloud, token_file);
}

int cloud_verb_end(struct cloud_verb *v, int rc)
{
	json_decref(v->many);
	v->many = NULL;
	return rc < 0 ? -1 : 0;
}

/* A list answer, an array of objects (or an object whose first array
 * member is), as columns, or the line none when it is empty. */
static void table_rows(json_t *answer, const char *none)
{
	json_t *rows = answer, *member;
	const char *key;

	if (json_is_object(answer)) {
		rows = NULL;
		json_object_foreach(answer, key, member)
			if (json_is_array(member)) {
				rows = member;
				break;
			}
	}
	if (json_is_array(rows) && json_array_size(rows) && json_is_object(json_array_get(rows, 0)))
		output_table_rows(stdout, rows, 0);
	else
		printf("%s\n", none);
}

/* answer without its member key, nor its rows' (an array's, or its array member's). */
static void hide_member(json_t *answer, const char *key)
{
	json_t *member, *row;
	const char *name;
	size_t i;

	if (json_is_object(answer)) {
		json_object_del(answer, key);
		json_object_foreach(answer, name, member)
			if (json_is_array(member))
				hide_member(member, key);
	}
	json_array_foreach(answer, i, row)
		if (json_is_object(row))
			json_object_del(row, key);
}

int cloud_verb_request(struct cloud_verb *v, const char *method, const char *path, json_t *body,
		       void (*table)(json_t *answer))
{
	json_t *answer;
	int rc = cloud_client_request(&v->client, &(struct cloud_request){ .method = method, .path = path, .body = body },
				      &answer);

	json_decref(body);
	if (rc < 0)
		return -1;
	if (v->hide && !v->json)
		hide_member(answer, v->hide);
	if (!table && v->none && !v->json) {
		table_rows(answer, v->none);
		json_decref(answer);
		return 0;
	}
	output_print(answer, v->json, table);
	return 0;
}

json_t *cloud_body(const struct cloud_verb *v, json_t *j)
{
	if (!j)
		cli_fail(v->command, "an option's value is not UTF-8 text");
	return j;
}

int cloud_hex_id(const struct cloud_verb *v, const char *option, const char *text, const char *what, char out[65])
{
	size_t i;

	for (i = 0; i < 64 && isxdigit((unsigned char)text[i]); i++)
		out[i] = (char)tolower((unsigned char)text[i]);
	if (i != 64 || text[64])
		return cli_fail(v->command, "%s %s: expected %s, 64 hex digits", option, text, what);
	out[64] = '\0';
	return 0;
}

/* path_format with "%s" as the escaped value (NULL: the format up to its
 * query, a query of an option not given), into out: 0 or -1 after cli_fail(). */
static int make_path(const struct cloud_verb *v, char *out, size_t len, const char *path_format, const char *value)
{
	const char *at = strstr(path_format, "%s");
	char before[256];

	if (!at) {
		snprintf(out, len, "%s", path_format);
		return 0;
	}
	if (!value) {
		snprintf(out, len, "%.*s", (int)strcspn(path_format, "?"), path_format);
		return 0;
	}
	snprintf(before, sizeof(before), "%.*s", (int)(at - path_format), path_format);
	return cloud_client_path(&v->client, out, len, before, value, at + 2);
}

int cloud_verb_run(struct cloud_verb *v, int argc, char **argv, const char *method, const char *path_format,
		   const char *path_opt, json_t *(*body)(const struct cloud_verb *v), void (*table)(json_t *answer))
{
	char path[1024];
	json_t *b = NULL;
	int rc = cloud_verb_begin(v, argc, argv);

	if (rc)
		return cloud_verb_end(v, rc);
	if (make_path(v, path, sizeof(path), path_format, path_opt ? cloud_verb_value(v, path_opt) : NULL) < 0 ||
	    (body && !(b = body(v))))
		return cloud_verb_end(v, -1);
	return cloud_verb_end(v, cloud_verb_request(v, method, path, b, table));
}
