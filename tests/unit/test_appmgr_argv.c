/* test_appmgr_argv.c — unit tests of the execve() path and argv appmgr
 * builds from an app's EntryPoint and CmdArgs. */
#include <errno.h>
#include <string.h>

#include "app_cmd.h"
#include "tap.h"

static struct app_cmd cmd;
static char *argv[APP_ARGS_MAX + 2];
static struct error_detail why;

static int build(const char *entry, const char *const *args, size_t n)
{
	int err;

	why.msg[0] = '\0';
	memset(argv, 0xff, sizeof(argv));
	err = app_cmd_build(&cmd, "/mnt/apps/20733d53-e646-4e2c-99ba-4ea9de6638e1", entry, args, n,
			    &why);
	if (err == 0)
		app_cmd_argv(&cmd, argv);
	return err;
}

int main(void)
{
	static const char *const args[] = { "Spherule", "--verbose", "" };
	const char *many[APP_ARGS_MAX + 1];
	static char long_arg[APP_CMD_STRINGS_MAX];
	int err;

	err = build("/bin/hello", args, 3);
	tap_ok(err == 0 && strcmp(cmd.exec_path,
				  "/mnt/apps/20733d53-e646-4e2c-99ba-4ea9de6638e1/bin/hello") == 0,
	       "exec path is the mount directory + EntryPoint");
	tap_ok(err == 0 && cmd.argc == 4 && strcmp(argv[0], "/bin/hello") == 0 &&
	       strcmp(argv[1], "Spherule") == 0 && strcmp(argv[2], "--verbose") == 0 &&
	       strcmp(argv[3], "") == 0 && argv[4] == NULL,
	       "argv = EntryPoint, CmdArgs in order (empty one kept), NULL");
	{
		struct app_cmd copy = cmd;
		char *copy_argv[APP_ARGS_MAX + 2];

		memset(&cmd, 0, sizeof(cmd));
		app_cmd_argv(&copy, copy_argv);
		tap_ok(copy.argc == 4 && strcmp(copy_argv[0], "/bin/hello") == 0 &&
		       strcmp(copy_argv[2], "--verbose") == 0 && copy_argv[4] == NULL &&
		       copy_argv[1] >= copy.strings && copy_argv[1] < copy.strings + sizeof(copy.strings),
		       "a copied command gives the same argv, pointing into the copy");
	}
	err = build("/bin/hello", NULL, 0);
	tap_ok(err == 0 && cmd.argc == 1 && argv[1] == NULL, "no CmdArgs: argv = {EntryPoint, NULL}");

	err = build("bin/hello", NULL, 0);
	tap_ok(err == -EINVAL && strstr(why.msg, "EntryPoint 'bin/hello'"),
	       "relative EntryPoint refused: %s", why.msg);
	tap_ok(build("/bin/../../other/bin/x", NULL, 0) == -EINVAL, "EntryPoint with '..' refused");
	tap_ok(build("/bin/./hello", NULL, 0) == -EINVAL, "EntryPoint with '.' refused");
	tap_ok(build("/bin/", NULL, 0) == -EINVAL, "EntryPoint naming a directory refused");

	for (size_t i = 0; i < APP_ARGS_MAX + 1; i++)
		many[i] = "x";
	tap_ok(build("/bin/hello", many, APP_ARGS_MAX) == 0 && cmd.argc == APP_ARGS_MAX + 1 &&
	       argv[APP_ARGS_MAX + 1] == NULL, "%d CmdArgs accepted", APP_ARGS_MAX);
	err = build("/bin/hello", many, APP_ARGS_MAX + 1);
	tap_ok(err == -E2BIG && strcmp(why.msg, "17 CmdArgs, at most 16") == 0,
	       "17 CmdArgs refused: %s", why.msg);

	memset(long_arg, 'a', sizeof(long_arg) - 1);
	many[0] = long_arg;
	err = build("/bin/hello", many, 1);
	tap_ok(err == -E2BIG && strstr(why.msg, "command line longer than 1024 bytes"),
	       "arguments over %d bytes refused", APP_CMD_STRINGS_MAX);
	long_arg[sizeof(long_arg) - 1 - strlen("/bin/hello") - 1] = '\0';
	tap_ok(build("/bin/hello", many, 1) == 0 && strlen(argv[1]) == strlen(long_arg),
	       "arguments filling exactly %d bytes accepted", APP_CMD_STRINGS_MAX);
	return tap_done();
}
