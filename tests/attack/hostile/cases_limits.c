/* cases_limits.c — the budgets appmgr sets still hold: a fork bomb stops
 * at the app's process limit (EAGAIN), an allocation loop at its RAM
 * budget (ENOMEM: RLIMIT_DATA, before the loop's few touched pages reach
 * the memory cgroup's limit); the children are then ended and memory
 * freed. The system-wide limits of sysctl.conf bound it too: no pipe grows
 * past 64 KiB, no socket buffer past 64 KiB. (Exhausting the whole budget
 * stops the app: the hog apps do that, tests/attack/hog/.) */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "attack.h"

#define FORK_TRIES 64
#define CHUNK (16 * 1024)
#define CHUNKS_MAX 1024

static int fork_bomb(void)
{
	pid_t kids[FORK_TRIES];
	int n = 0, err = 0;

	while (n < FORK_TRIES) {
		pid_t pid = fork();

		if (pid < 0) {
			err = -errno;
			break;
		}
		if (pid == 0) {
			pause();
			_exit(0);
		}
		kids[n++] = pid;
	}
	for (int i = 0; i < n; i++)
		kill(kids[i], SIGKILL);
	for (int i = 0; i < n; i++)
		waitpid(kids[i], NULL, 0);
	return err;
}

static int memory_hog(void)
{
	static void *chunks[CHUNKS_MAX];
	int n = 0, err = 0;

	while (n < CHUNKS_MAX) {
		chunks[n] = malloc(CHUNK);
		if (!chunks[n]) {
			err = -ENOMEM;
			break;
		}
		((volatile char *)chunks[n])[0] = 1;
		n++;
	}
	while (n > 0)
		free(chunks[--n]);
	return err;
}

#define PIPE_MAX_SIZE (64 * 1024)     /* sysctl.conf: fs.pipe-max-size */
#define SOCKET_BUFFER_MAX (64 * 1024) /* net.core.wmem_max */

static int grow_pipe(void)
{
	int fds[2], err = 0;

	if (pipe(fds) != 0)
		return -errno;
	if (fcntl(fds[1], F_SETPIPE_SZ, 1024 * 1024) < 0)
		err = -errno;
	close(fds[0]);
	close(fds[1]);
	return err;
}

/* SO_SNDBUF of 1 MiB is capped at twice net.core.wmem_max (0), else -EPROTO. */
static int socket_buffer_capped(void)
{
	int fd = socket(AF_UNIX, SOCK_STREAM, 0), size = 1024 * 1024, err;
	socklen_t len = sizeof(size);

	if (fd < 0)
		return -errno;
	if (setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof(size)) != 0 ||
	    getsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, &len) != 0)
		err = -errno;
	else
		err = size <= 2 * SOCKET_BUFFER_MAX ? 0 : -EPROTO;
	close(fd);
	return err;
}

const struct attack_case limit_cases[] = {
	{ "limits: grow a pipe to 1 MiB (F_SETPIPE_SZ)", -EPERM, grow_pipe },
	{ "limits: a 1 MiB socket buffer is capped at 128 KiB (positive)", 0, socket_buffer_capped },
	{ "limits: fork bomb stops at the process limit", -EAGAIN, fork_bomb },
	{ "limits: allocation stops at the RAM budget", -ENOMEM, memory_hog },
};
const unsigned limit_case_count = CASE_COUNT(limit_cases);
