/* app_cmd.h — builds the execve() path and argv of an app from its image
 * mount directory, the manifest's EntryPoint and its CmdArgs. */
#ifndef APPMGR_APP_CMD_H
#define APPMGR_APP_CMD_H

#include <stddef.h>

#define APP_ARGS_MAX 16            /* CmdArgs entries */
#define APP_CMD_STRINGS_MAX 1024   /* bytes of argv strings, NULs included */
#define APP_PATH_MAX 480         /* mount dir + EntryPoint (<= 255) */

/* argv points into strings: build it in place, do not copy the struct. */
struct app_cmd {
	char exec_path[APP_PATH_MAX];          /* mount_dir + entry point */
	char strings[APP_CMD_STRINGS_MAX];
	char *argv[APP_ARGS_MAX + 2];          /* entry point, CmdArgs..., NULL */
	size_t argc;
};

/* Fills cmd: argv[0] is the entry point as written in the manifest. The
 * entry point must pass manifest_valid_entry_point() (absolute, no "." or
 * ".." component: it cannot leave the image). Returns 0, or -EINVAL /
 * -E2BIG with why filled. */
int app_cmd_build(struct app_cmd *cmd, const char *mount_dir, const char *entry,
		  const char *const *args, size_t nargs, char *why, size_t why_len);

#endif
