/*
 * main.c - the `spherule` host CLI: finds the command named by the first
 * arguments (one to three words) in the command tables of the groups and
 * runs it.
 */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

/* Every command group; a new group adds its table here and in cli.h. */
static const struct cli_command *const groups[] = {
	keygen_commands,
	image_package_commands,
	os_image_commands,
	flash_commands,
	emulator_commands,
	device_commands,
	device_info_commands,
	device_app_commands,
	device_sideload_commands,
	device_log_commands,
	hardware_definition_commands,
	device_simulate_commands,
	product_commands,
	device_group_commands,
	image_commands,
	deployment_commands,
	device_cloud_commands,
	error_report_commands,
};

#define GROUP_COUNT (sizeof(groups) / sizeof(groups[0]))

static void list_commands(FILE *f, const char *prefix)
{
	size_t plen = prefix ? strlen(prefix) : 0;

	for (size_t g = 0; g < GROUP_COUNT; g++)
		for (const struct cli_command *c = groups[g]; c->name; c++)
			if (!prefix || (!strncmp(c->name, prefix, plen) && c->name[plen] == ' '))
				fprintf(f, "  %-36s %s\n", c->name, c->summary);
}

static void usage(FILE *f)
{
	fputs("usage: spherule COMMAND [OPTIONS]\n"
	      "\n"
	      "The host tool of Spherule: keys, image packages, flash images, the emulator and the device.\n"
	      "'spherule COMMAND --help' describes a command.\n"
	      "\n"
	      "commands:\n", f);
	list_commands(f, NULL);
}

/* Words of name (one or more, separated by single spaces) matched by
 * argv[1], argv[2], ...: 0 unless all of them are, else their count. */
static int match(const char *name, int argc, char **argv)
{
	int words = 0;

	for (const char *w = name; *w; words++) {
		size_t len = strcspn(w, " ");

		if (1 + words >= argc || strlen(argv[1 + words]) != len || strncmp(w, argv[1 + words], len))
			return 0;
		w += len + (w[len] == ' ');
	}
	return words;
}

/* True if prefix ("device" or "device app") is the first words of some command. */
static bool is_group(const char *prefix)
{
	size_t len = strlen(prefix);

	for (size_t g = 0; g < GROUP_COUNT; g++)
		for (const struct cli_command *c = groups[g]; c->name; c++)
			if (!strncmp(c->name, prefix, len) && c->name[len] == ' ')
				return true;
	return false;
}

/* The longest group argv[1..] starts with, into group ("" for none): its
 * word count. */
static int find_group(int argc, char **argv, char *group, size_t len)
{
	char words[256] = "";
	int found = 0;

	group[0] = '\0';
	for (int i = 1; i < argc; i++) {
		size_t used = strlen(words);

		snprintf(words + used, sizeof(words) - used, "%s%s", i > 1 ? " " : "", argv[i]);
		if (!is_group(words))
			break;
		snprintf(group, len, "%s", words);
		found = i;
	}
	return found;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	for (size_t g = 0; g < GROUP_COUNT; g++)
		for (const struct cli_command *c = groups[g]; c->name; c++) {
			int words = match(c->name, argc, argv);
			if (words) {
				optind = 1;
				opterr = 0; /* cli_usage_error() reports bad options */
				cli_set_argv(argv + words);
				return c->run(argc - words, argv + words) ? 1 : 0;
			}
		}
	char group[256];
	int depth = find_group(argc, argv, group, sizeof(group));

	if (depth) {
		if (argc > depth + 1 && (!strcmp(argv[depth + 1], "--help") || !strcmp(argv[depth + 1], "-h"))) {
			printf("usage: spherule %s COMMAND [OPTIONS]\n\ncommands:\n", group);
			list_commands(stdout, group);
			return 0;
		}
		if (argc > depth + 1)
			cli_fail(group, "unknown command '%s' (see 'spherule %s --help')", argv[depth + 1], group);
		else
			cli_fail(group, "missing command (see 'spherule %s --help')", group);
		return 1;
	}
	cli_fail(argv[1], "unknown command (see 'spherule --help')");
	return 1;
}
