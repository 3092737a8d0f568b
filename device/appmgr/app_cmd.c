/* app_cmd.c — execve() path and argv of an app (see app_cmd.h). */
#include "app_cmd.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "spherule/manifest.h"

/* Appends s and its NUL to cmd->strings at *used and points *copy at it. */
static int add_string(struct app_cmd *cmd, size_t *used, const char *s, char **copy,
		      char *why, size_t why_len)
{
	size_t len = strlen(s);

	if (len + 1 > sizeof(cmd->strings) - *used) {
		snprintf(why, why_len, "command line longer than %zu bytes", sizeof(cmd->strings));
		return -E2BIG;
	}
	*copy = cmd->strings + *used;
	memcpy(*copy, s, len + 1);
	*used += len + 1;
	return 0;
}

int app_cmd_build(struct app_cmd *cmd, const char *mount_dir, const char *entry,
		  const char *const *args, size_t nargs, char *why, size_t why_len)
{
	size_t used = 0;
	int n, err;

	if (!manifest_valid_entry_point(entry)) {
		snprintf(why, why_len, "EntryPoint '%.64s' is not an absolute path inside the image",
			 entry);
		return -EINVAL;
	}
	if (nargs > APP_ARGS_MAX) {
		snprintf(why, why_len, "%zu CmdArgs, at most %d", nargs, APP_ARGS_MAX);
		return -E2BIG;
	}
	n = snprintf(cmd->exec_path, sizeof(cmd->exec_path), "%s%s", mount_dir, entry);
	if (n < 0 || (size_t)n >= sizeof(cmd->exec_path)) {
		snprintf(why, why_len, "program path longer than %d bytes", APP_PATH_MAX - 1);
		return -E2BIG;
	}
	err = add_string(cmd, &used, entry, &cmd->argv[0], why, why_len);
	for (size_t i = 0; err == 0 && i < nargs; i++)
		err = add_string(cmd, &used, args[i], &cmd->argv[i + 1], why, why_len);
	if (err != 0)
		return err;
	cmd->argv[nargs + 1] = NULL;
	cmd->argc = nargs + 1;
	return 0;
}
