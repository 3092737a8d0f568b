/* cli.c - error reporting, option parsing, path and file helpers shared by the commands. */
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

int cli_fail(const char *command, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "spherule: %s: ", command);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return -1;
}

static char **command_argv;

void cli_set_argv(char **argv)
{
	command_argv = argv;
}

int cli_usage_error(const char *command, const char *usage)
{
	/* getopt_long() (opterr = 0) returned '?' for argv[optind - 1]. */
	const char *synopsis = strncmp(usage, "usage: ", 7) == 0 ? usage + 7 : usage;
	const char *bad = command_argv && optind > 1 ? command_argv[optind - 1] : "?";

	return cli_fail(command, "unknown option or missing value '%s'; usage: %.*s", bad,
			(int)strcspn(synopsis, "\n"), synopsis);
}

void cli_build_path(char *out, size_t len, const char *rel)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (n <= 0) {
		snprintf(out, len, "out/%s", rel);
		return;
	}
	exe[n] = '\0';
	/* .../out/bin/spherule -> .../out */
	snprintf(out, len, "%s/%s", dirname(dirname(exe)), rel);
}

int cli_parse_u32(const char *command, const char *option, const char *text, uint32_t *value)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(text, &end, 10);
	if (text[0] < '0' || text[0] > '9' || *end || errno || v > UINT32_MAX)
		return cli_fail(command, "%s %s: expected a number from 0 to %u", option, text, UINT32_MAX);
	*value = (uint32_t)v;
	return 0;
}

int cli_parse_output(const char *command, const char *text, bool *json)
{
	if (strcmp(text, "json") && strcmp(text, "table"))
		return cli_fail(command, "--output %s: expected json or table", text);
	*json = !strcmp(text, "json");
	return 0;
}

FILE *cli_open_upload(const char *command, const char *option, const char *path, long long *size)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	const char *why = NULL;

	if (!f || fstat(fileno(f), &st) < 0)
		why = strerror(errno);
	else if (!S_ISREG(st.st_mode))
		why = "not a regular file";
	else if (st.st_size == 0)
		why = "empty";
	if (why) {
		cli_fail(command, "%s %s: %s", option, path, why);
		if (f)
			fclose(f);
		return NULL;
	}
	*size = (long long)st.st_size;
	return f;
}
