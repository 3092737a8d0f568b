/* app_launch.c — app process start and stop (see app_launch.h). */
#include "app_launch.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "app_sandbox.h"

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
