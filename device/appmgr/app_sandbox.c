/* app_sandbox.c — confines and executes an app in its forked child (see app_sandbox.h). */
#include "app_sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "app_cgroup.h"
#include "app_identity.h"
#include "app_service.h"
#include "app_storage.h"
#include "devctl_link.h"
#include "secmon_port.h"
#include "caps.h"
#include "pid1_signals.h"

#define SANDBOX_EXIT_FAILED 127

__attribute__((noreturn))
static void fail(const char *step, int err)
{
	char msg[192];
	int n = snprintf(msg, sizeof(msg), "appmgr: %s failed: %s\n", step, strerror(err));

	if (n > 0)
		(void)!write(STDERR_FILENO, msg, (size_t)n < sizeof(msg) ? (size_t)n : sizeof(msg) - 1);
	_exit(SANDBOX_EXIT_FAILED);
}

/* stdin from /dev/null, stdout and stderr into out_fd, the app service
 * socket on APP_SERVICE_FD (app_service.h), nothing else open but, for
 * devctl, its control socket and the service link (devctl_link.h). */
static void setup_fds(int out_fd, bool device_control)
{
	int null_fd, svc_fd;

	if (dup2(out_fd, STDOUT_FILENO) < 0 || dup2(out_fd, STDERR_FILENO) < 0)
		_exit(SANDBOX_EXIT_FAILED);   /* nowhere to report it */
	null_fd = open("/dev/null", O_RDONLY);
	if (null_fd < 0)
		fail("open /dev/null", errno);
	if (dup2(null_fd, STDIN_FILENO) < 0)
		fail("dup2 stdin", errno);
	/* Moved above 3..5 first, so that no dup2 below clobbers it. */
	svc_fd = app_service_child_fd();
	if (svc_fd < 0)
		fail("app service descriptor", -svc_fd);
	if (device_control) {
		int err = devctl_link_child_fds();

		if (err != 0)
			fail("service link descriptors", -err);
	} else if (syscall(SYS_close_range, 3u, (unsigned)APP_SERVICE_FD - 1u, 0u) != 0) {
		fail("close_range", errno);
	}
	if (dup2(svc_fd, APP_SERVICE_FD) < 0)
		fail("dup2 app service", errno);
	if (syscall(SYS_close_range, (unsigned)APP_SERVICE_FD + 1u, ~0u, 0u) != 0)
		fail("close_range", errno);
}

void app_sandbox_exec(const struct app *a, const struct app_limit limits[APP_LIMIT_COUNT],
		      const struct gpio_map *gpio, int out_fd)
{
	char storage_env[APP_STORAGE_ENV_SIZE], mailbox_env[SECMON_PORT_ENV_SIZE];
	char *envp[6] = { NULL, NULL, NULL, NULL, NULL, NULL };
	size_t envc = 0;
	char *argv[APP_ARGS_MAX + 2];
	const char *step;
	int resource;
	int err;

	if (setsid() < 0)
		_exit(SANDBOX_EXIT_FAILED);
	setup_fds(out_fd, a->device_control);
	err = app_cgroup_join(a);
	if (err != 0)
		fail("memory cgroup", -err);
	err = pid1_signals_reset();
	if (err != 0)
		fail("signal reset", -err);
	err = app_limits_apply(limits, &resource);
	if (err != 0)
		fail(app_limit_name(resource), -err);
	if (chdir(a->mount_dir) != 0)
		fail("chdir to the image", errno);
	err = caps_drop_bounding();
	if (err != 0)
		fail("capability bounding set drop", -err);
	err = app_identity_assume(a, &step);
	if (err != 0)
		fail(step, -err);
	err = caps_clear_all();
	if (err != 0)
		fail("capability clear", -err);
	err = caps_forbid_new_privs();
	if (err != 0)
		fail("no_new_privs", -err);
	err = app_policy_set(a, gpio);
	if (err != 0)
		fail("app policy", -err);
	err = app_identity_set(a);
	if (err != 0)
		fail("app identity", -err);
	app_cmd_argv(&a->cmd, argv);
	envp[envc++] = (char *)APP_SERVICE_ENV_VALUE;
	if (a->storage_ready) {
		app_storage_env(a, storage_env);
		envp[envc++] = storage_env;
	}
	if ((a->net.flags & SPHERULE_POLICY_SECMON) && secmon_port_env(mailbox_env))
		envp[envc++] = mailbox_env;
	if (a->device_control) {
		envp[envc++] = (char *)DEVCTL_LINK_CTL_ENV;
		envp[envc++] = (char *)DEVCTL_LINK_PORT_ENV;
	}
	/* A debugged app waits here for gdbserver to take it over (app_debug.h). */
	if (a->debugged && raise(SIGSTOP) != 0)
		fail("stop for the debugger", errno);
	execve(a->cmd.exec_path, argv, envp);
	fail("execve", errno);
}
