/* app_cmd.c — execve() path and argv of an app (see app_cmd.h). */
#include "app_cmd.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "spherule/manifest.h"

/* Appends s and its NUL to cmd->strings at *used as argument i. */
static int add_string(struct app_cmd *cmd, size_t *used, const char *s, size_t i,
		      struct error_detail *why)
{
	size_t len = strlen(s);

	if (len + 1 > sizeof(cmd->strings) - *used)
		return error_detail_set(why, -E2BIG, "command line longer than %zu bytes",
					sizeof(cmd->strings));
	cmd->arg_offset[i] = (uint16_t)*used;
	memcpy(cmd->strings + *used, s, len + 1);
	*used += len + 1;
	return 0;
}

int app_cmd_build(struct app_cmd *cmd, const char *mount_dir, const char *entry,
		  const char *const *args, size_t nargs, struct error_detail *why)
{
	size_t used = 0;
	int n, err;

	if (!manifest_valid_entry_point(entry))
		return error_detail_set(why, -EINVAL,
					"EntryPoint '%.64s' is not an absolute path inside the image",
					entry);
	if (nargs > APP_ARGS_MAX)
		return error_detail_set(why, -E2BIG, "%zu CmdArgs, at most %d", nargs,
					APP_ARGS_MAX);
	n = snprintf(cmd->exec_path, sizeof(cmd->exec_path), "%s%s", mount_dir, entry);
	if (n < 0 || (size_t)n >= sizeof(cmd->exec_path))
		return error_detail_set(why, -E2BIG, "program path longer than %d bytes",
					APP_PATH_MAX - 1);
	err = add_string(cmd, &used, entry, 0, why);
	for (size_t i = 0; err == 0 && i < nargs; i++)
		err = add_string(cmd, &used, args[i], i + 1, why);
	if (err != 0)
		return err;
	cmd->argc = nargs + 1;
	return 0;
}

void app_cmd_argv(const struct app_cmd *cmd, char *argv[APP_ARGS_MAX + 2])
{
	for (size_t i = 0; i < cmd->argc; i++)
		argv[i] = (char *)&cmd->strings[cmd->arg_offset[i]];
	argv[cmd->argc] = NULL;
}
