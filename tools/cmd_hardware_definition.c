/*
 * cmd_hardware_definition.c - `spherule hardware-definition generate-header`
 * and `test-header`: the C header that names a hardware definition's
 * peripherals for an app's sources (inc/hw/<name>.h beside <name>.json), laid
 * out as Azure Sphere's generated headers are: the definition's top content,
 * a line saying it is generated, #pragma once, one #include per import and one
 * commented #define per peripheral. test-header fails when the header is
 * missing or no longer what the JSON gives.
 */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <libgen.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "file_util.h"

#define GENERATE "hardware-definition generate-header"
#define TEST "hardware-definition test-header"
#define HEADER_MAX (1024u * 1024u)

static const char generate_usage[] =
	"usage: spherule hardware-definition generate-header --hardware-definition-file FILE\n"
	"\n"
	"Writes the C header of the hardware definition FILE (NAME.json) to inc/hw/NAME.h\n"
	"in FILE's directory: its MainCoreHeaderFileTopContent lines, #pragma once, an\n"
	"#include of each import's header and, per peripheral, its Comment and a #define of\n"
	"its Name to its MainCoreHeaderValue or Mapping. Apps include it as <hw/NAME.h>.\n"
	"\n"
	"  --hardware-definition-file FILE   the hardware definition (JSON)\n";

static const char test_usage[] =
	"usage: spherule hardware-definition test-header --hardware-definition-file FILE\n"
	"\n"
	"Checks that inc/hw/NAME.h in the directory of FILE (NAME.json) is the header\n"
	"'generate-header' writes for FILE. Exits non-zero, with the reason, when it is\n"
	"missing or out of date.\n"
	"\n"
	"  --hardware-definition-file FILE   the hardware definition (JSON)\n";

/* The length of name without its ".json", or 0 if it has none (or nothing before it). */
static size_t json_name_len(const char *name)
{
	size_t len = strlen(name);

	return len > 5 && strcmp(name + len - 5, ".json") == 0 ? len - 5 : 0;
}

static bool is_identifier(const char *s)
{
	if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || *s == '_'))
		return false;
	return strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_") == strlen(s);
}

/* The string member key of the peripheral obj (at: where it is), or NULL;
 * -1 after cli_fail() when it is there but not a string of one line (which a
 * // comment or a #define needs). */
static int member_line(const char *command, const char *path, const char *at, const json_t *obj,
		       const char *key, const char **value)
{
	const json_t *v = json_object_get(obj, key);

	*value = NULL;
	if (!v)
		return 0;
	if (!json_is_string(v) || strchr(json_string_value(v), '\n'))
		return cli_fail(command, "%s: %s.%s: expected a string of one line", path, at, key);
	*value = json_string_value(v);
	return 0;
}

static int write_top_content(const char *command, const char *path, const json_t *root, FILE *h)
{
	const json_t *lines = json_object_get(json_object_get(root, "Description"),
					      "MainCoreHeaderFileTopContent");
	size_t i;
	const json_t *line;

	if (!lines)
		return 0;
	if (!json_is_array(lines))
		return cli_fail(command, "%s: Description.MainCoreHeaderFileTopContent: expected an array of strings",
				path);
	json_array_foreach(lines, i, line) {
		if (!json_is_string(line) || strchr(json_string_value(line), '\n'))
			return cli_fail(command, "%s: Description.MainCoreHeaderFileTopContent[%zu]: expected a string of one line",
					path, i);
		fprintf(h, "%s\n", json_string_value(line));
	}
	if (json_array_size(lines))
		fputc('\n', h);
	return 0;
}

/* "#include "<name>.h"" for each import {"Path": ".../<name>.json"}. */
static int write_imports(const char *command, const char *path, const json_t *root, FILE *h)
{
	const json_t *imports = json_object_get(root, "Imports"), *import;
	size_t i;

	if (!imports)
		return 0;
	if (!json_is_array(imports))
		return cli_fail(command, "%s: Imports: expected an array of {\"Path\": \"NAME.json\"}", path);
	json_array_foreach(imports, i, import) {
		const char *p = json_string_value(json_object_get(import, "Path"));
		const char *base = p ? strrchr(p, '/') : NULL;
		size_t len;

		base = base ? base + 1 : p;
		len = base ? json_name_len(base) : 0;
		if (!len)
			return cli_fail(command, "%s: Imports[%zu].Path: expected the path of a NAME.json file",
					path, i);
		fprintf(h, "#include \"%.*s.h\"\n", (int)len, base);
	}
	if (json_array_size(imports))
		fputc('\n', h);
	return 0;
}

/* "// Comment" and "#define Name value" for each peripheral. */
static int write_peripherals(const char *command, const char *path, const json_t *root, FILE *h)
{
	const json_t *list = json_object_get(root, "Peripherals"), *p;
	size_t i;

	if (!json_is_array(list))
		return cli_fail(command, "%s: Peripherals: required array", path);
	json_array_foreach(list, i, p) {
		const char *name = json_string_value(json_object_get(p, "Name"));
		const char *value, *mapping, *comment;
		char at[256];

		if (!json_is_object(p) || !name || !is_identifier(name))
			return cli_fail(command, "%s: Peripherals[%zu].Name: expected a C identifier", path, i);
		snprintf(at, sizeof(at), "Peripherals[%zu] (%.200s)", i, name);
		if (member_line(command, path, at, p, "MainCoreHeaderValue", &value) < 0 ||
		    member_line(command, path, at, p, "Mapping", &mapping) < 0 ||
		    member_line(command, path, at, p, "Comment", &comment) < 0)
			return -1;
		if (!value && !mapping)
			return cli_fail(command, "%s: %s: needs a MainCoreHeaderValue or a Mapping", path, at);
		if (!value && !is_identifier(mapping))
			return cli_fail(command, "%s: %s.Mapping: expected the name of a peripheral", path, at);
		if (comment)
			fprintf(h, "// %s\n", comment);
		fprintf(h, "#define %s %s\n\n", name, value ? value : mapping);
	}
	return 0;
}

/* The header of the definition at path, into *text (malloc()ed), and its
 * path into header: 0 or -1 after cli_fail(). */
static int build_header(const char *command, const char *path, char **text, char header[PATH_MAX])
{
	char dir_buf[PATH_MAX], base_buf[PATH_MAX], *base;
	size_t base_len, text_len;
	json_error_t jerr;
	json_t *root;
	FILE *h;
	int rc;

	snprintf(dir_buf, sizeof(dir_buf), "%s", path);
	snprintf(base_buf, sizeof(base_buf), "%s", path);
	base = basename(base_buf);
	base_len = json_name_len(base);
	if (!base_len)
		return cli_fail(command, "%s: expected a hardware definition file NAME.json", path);
	if (snprintf(header, PATH_MAX, "%s/inc/hw/%.*s.h", dirname(dir_buf), (int)base_len, base) >= PATH_MAX)
		return cli_fail(command, "%s: path too long", path);
	root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
		return cli_fail(command, "%s: %s (line %d)", path, jerr.text, jerr.line);
	h = open_memstream(text, &text_len);
	if (!h) {
		json_decref(root);
		return cli_fail(command, "out of memory");
	}
	rc = json_is_object(root) ? 0 : cli_fail(command, "%s: expected a JSON object", path);
	if (rc == 0)
		rc = write_top_content(command, path, root, h);
	if (rc == 0) {
		fprintf(h, "// This file is autogenerated from ../../%s.  Do not edit it directly.\n\n"
			   "#pragma once\n", base);
		rc = write_imports(command, path, root, h);
	}
	if (rc == 0)
		rc = write_peripherals(command, path, root, h);
	json_decref(root);
	if (fclose(h) != 0 && rc == 0)
		rc = cli_fail(command, "out of memory");
	if (rc < 0) {
		free(*text);
		*text = NULL;
	}
	return rc;
}

/* Parses --hardware-definition-file: its value, or NULL after cli_fail()
 * (or after --help, with *help set). */
static const char *parse_args(const char *command, const char *usage, int argc, char **argv, bool *help)
{
	static const struct option opts[] = {
		{ "hardware-definition-file", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *file = NULL;
	int c;

	*help = false;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'f': file = optarg; break;
		case 'h': fputs(usage, stdout); *help = true; return NULL;
		default: cli_usage_error(command, usage); return NULL;
		}
	}
	if (optind < argc)
		cli_fail(command, "unexpected argument '%s' (see --help)", argv[optind]);
	else if (!file)
		cli_fail(command, "--hardware-definition-file FILE is required (see --help)");
	return optind < argc ? NULL : file;
}

static int make_dirs(const char *command, const char *header)
{
	char dir[PATH_MAX];

	snprintf(dir, sizeof(dir), "%s", header);
	for (char *slash = strchr(dir + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		if (mkdir(dir, 0755) < 0 && errno != EEXIST)
			return cli_fail(command, "%s: %s", dir, strerror(errno));
		*slash = '/';
	}
	return 0;
}

static int generate_header(int argc, char **argv)
{
	char header[PATH_MAX], *text = NULL;
	bool help;
	const char *file = parse_args(GENERATE, generate_usage, argc, argv, &help);
	int rc;

	if (!file)
		return help ? 0 : -1;
	if (build_header(GENERATE, file, &text, header) < 0)
		return -1;
	rc = make_dirs(GENERATE, header);
	if (rc == 0) {
		rc = file_write_atomic(header, text, strlen(text), 0644);
		if (rc < 0)
			rc = cli_fail(GENERATE, "%s: %s", header, strerror(-rc));
	}
	free(text);
	if (rc == 0)
		printf("generated %s from %s\n", header, file);
	return rc;
}

/* The number of the first line where a and b differ. */
static unsigned first_difference(const char *a, const char *b)
{
	unsigned line = 1;

	for (; *a && *a == *b; a++, b++)
		line += *a == '\n';
	return line;
}

static int test_header(int argc, char **argv)
{
	char header[PATH_MAX], *text = NULL;
	bool help;
	const char *file = parse_args(TEST, test_usage, argc, argv, &help);
	uint8_t *have = NULL;
	size_t have_len;
	int rc;

	if (!file)
		return help ? 0 : -1;
	if (build_header(TEST, file, &text, header) < 0)
		return -1;
	rc = file_read_all(header, HEADER_MAX, &have, &have_len);
	if (rc == -ENOENT)
		rc = cli_fail(TEST, "%s is missing: run 'spherule hardware-definition generate-header "
				    "--hardware-definition-file %s'", header, file);
	else if (rc < 0)
		rc = cli_fail(TEST, "%s: %s", header, strerror(-rc));
	else if (have_len != strlen(text) || memcmp(have, text, have_len) != 0)
		rc = cli_fail(TEST, "%s is out of date with %s (line %u differs): run 'spherule "
				    "hardware-definition generate-header --hardware-definition-file %s'",
			      header, file, first_difference((const char *)have, text), file);
	else
		printf("%s is up to date with %s\n", header, file);
	free(have);
	free(text);
	return rc;
}

const struct cli_command hardware_definition_commands[] = {
	{ "hardware-definition generate-header", "write the C header of a hardware definition",
	  generate_header },
	{ "hardware-definition test-header", "check a hardware definition's C header is up to date",
	  test_header },
	{ 0 },
};
