/* app_launch.c — app process start and stop (see app_launch.h). */
#include "app_launch.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "app_identity.h"
#include "app_sandbox.h"

#define KILL_HELPER_FAILED 125

int app_launch(struct app *a, const struct app_limit limits[APP_LIMIT_COUNT],
	       const struct gpio_map *gpio, uint64_t now_ms)
{
	int fds[2];
	pid_t pid;

	if (a->out_fd >= 0) {
		close(a->out_fd);
		a->out_fd = -1;
	}
	if (pipe2(fds, O_CLOEXEC) != 0)
		return -errno;
	/* appmgr's end never blocks; the app's end stays blocking. */
	pid = fcntl(fds[0], F_SETFL, O_NONBLOCK) == 0 ? fork() : -1;
	if (pid < 0) {
		int err = -errno;

		close(fds[0]);
		close(fds[1]);
		return err;
	}
	if (pid == 0)
		app_sandbox_exec(a, limits, gpio, fds[1]);
	close(fds[1]);
	a->pid = pid;
	a->out_fd = fds[0];
	a->started_ms = now_ms;
	return 0;
}

/* The helper: as the app's uid and Spherule identity (taken from the
 * app's image as working directory), kill(-1) reaches exactly the app's
 * processes (and says nothing about how many: it succeeds when it merely
 * found others it may not signal). A process with SIGKILL pending cannot
 * fork, so the second round only catches one that was being created during
 * the first. */
__attribute__((noreturn))
static void kill_helper(const struct app *a)
{
	const char *step;

	if (chdir(a->mount_dir) != 0 || app_identity_assume(a, &step) != 0 ||
	    app_identity_set(a) != 0)
		_exit(KILL_HELPER_FAILED);
	for (int round = 0; round < 2; round++)
		if (kill(-1, SIGKILL) != 0 && errno != ESRCH)
			_exit(KILL_HELPER_FAILED);
	_exit(0);
}

int app_kill_all(const struct app *a)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -errno;
	if (pid == 0)
		kill_helper(a);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return -EPERM;
	return 0;
}
