/*
 * main.c - the `spherule` host CLI: finds the command named by the first one
 * or two arguments in the command tables of the groups and runs it.
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
};

#define GROUP_COUNT (sizeof(groups) / sizeof(groups[0]))

static void list_commands(FILE *f, const char *prefix)
{
	size_t plen = prefix ? strlen(prefix) : 0;

	for (size_t g = 0; g < GROUP_COUNT; g++)
		for (const struct cli_command *c = groups[g]; c->name; c++)
			if (!prefix || (!strncmp(c->name, prefix, plen) && c->name[plen] == ' '))
				fprintf(f, "  %-34s %s\n", c->name, c->summary);
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

/* Words of name matched by argv: 0 if none, else 1 or 2. */
static int match(const char *name, int argc, char **argv)
{
	const char *space = strchr(name, ' ');

	if (!space)
		return strcmp(name, argv[1]) == 0 ? 1 : 0;
	if (strncmp(name, argv[1], (size_t)(space - name)) || argv[1][space - name] != '\0')
		return 0;
	return argc > 2 && strcmp(space + 1, argv[2]) == 0 ? 2 : 0;
}

/* True if word is the first word of some two-word command. */
static bool is_group(const char *word)
{
	size_t len = strlen(word);

	for (size_t g = 0; g < GROUP_COUNT; g++)
		for (const struct cli_command *c = groups[g]; c->name; c++)
			if (!strncmp(c->name, word, len) && c->name[len] == ' ')
				return true;
	return false;
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
	if (is_group(argv[1])) {
		if (argc > 2 && (!strcmp(argv[2], "--help") || !strcmp(argv[2], "-h"))) {
			printf("usage: spherule %s COMMAND [OPTIONS]\n\ncommands:\n", argv[1]);
			list_commands(stdout, argv[1]);
			return 0;
		}
		if (argc > 2)
			cli_fail(argv[1], "unknown command '%s' (see 'spherule %s --help')", argv[2], argv[1]);
		else
			cli_fail(argv[1], "missing command (see 'spherule %s --help')", argv[1]);
		return 1;
	}
	cli_fail(argv[1], "unknown command (see 'spherule --help')");
	return 1;
}
