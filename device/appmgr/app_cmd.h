/* app_cmd.h — builds the execve() path and argv of an app from its image
 * mount directory, the manifest's EntryPoint and its CmdArgs. */
#ifndef APPMGR_APP_CMD_H
#define APPMGR_APP_CMD_H

#include <stddef.h>
#include <stdint.h>

#include "spherule/error_detail.h"

#define APP_ARGS_MAX 16            /* CmdArgs entries */
#define APP_CMD_STRINGS_MAX 1024   /* bytes of argv strings, NULs included */
#define APP_PATH_MAX 480         /* mount dir + EntryPoint (<= 255) */

/* Holds no pointers: it can be copied. */
struct app_cmd {
	char exec_path[APP_PATH_MAX];          /* mount_dir + entry point */
	char strings[APP_CMD_STRINGS_MAX];     /* entry point, CmdArgs..., each NUL-ended */
	uint16_t arg_offset[APP_ARGS_MAX + 1]; /* where argv[i] starts in strings */
	size_t argc;
};

/* Fills cmd: argv[0] is the entry point as written in the manifest. The
 * entry point must pass manifest_valid_entry_point() (absolute, no "." or
 * ".." component: it cannot leave the image). Returns 0, or -EINVAL /
 * -E2BIG with why filled. */
int app_cmd_build(struct app_cmd *cmd, const char *mount_dir, const char *entry,
		  const char *const *args, size_t nargs, struct error_detail *why);

/* Fills argv[0 .. argc] (NULL-terminated) with pointers into cmd->strings,
 * for execve(), which does not write them. */
void app_cmd_argv(const struct app_cmd *cmd, char *argv[APP_ARGS_MAX + 2]);

#endif
