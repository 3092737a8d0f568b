/*
 * secmon_client.c - running out/bin/secmon from the CLI (secmon_client.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "secmon_client.h"

#define SECMON_ARGS_MAX 48
#define READY_FD 3 /* the verdict pipe, in secmon */

static void secmon_path(char *out, size_t len)
{
	cli_build_path(out, len, "bin/secmon");
}

/* Reads fd to its end into buf (NUL-terminated, at most len - 1 bytes kept). */
static void read_to_end(int fd, char *buf, size_t len)
{
	size_t used = 0;
	char sink[256];
	ssize_t n;

	for (;;) {
		bool room = used + 1 < len;

		n = read(fd, room ? buf + used : sink, room ? len - 1 - used : sizeof(sink));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (room)
			used += (size_t)n;
	}
	buf[used] = '\0';
}

/* Forks secmon with argv, fd `from` of the child being `to` for each pair;
 * the other fds are closed on exec. The pid, or -1 with errno. */
static pid_t spawn(const char *const argv[], const int fds[][2], unsigned nfds)
{
	char path[PATH_MAX];
	pid_t pid;

	secmon_path(path, sizeof(path));
	pid = fork();
	if (pid != 0)
		return pid;
	for (unsigned i = 0; i < nfds; i++)
		if (fds[i][0] == fds[i][1] ? fcntl(fds[i][1], F_SETFD, 0) < 0 : dup2(fds[i][0], fds[i][1]) < 0)
			_exit(127);
	execv(path, (char *const *)argv);
	fprintf(stderr, "secmon: cannot run %s: %s (build it with make)\n", path, strerror(errno));
	_exit(127);
}

/* The argv of `secmon ARGS...`. */
static int make_argv(const char *command, const char *const args[], const char *argv[SECMON_ARGS_MAX])
{
	unsigned n = 0;

	argv[n++] = "secmon";
	while (*args && n < SECMON_ARGS_MAX - 1)
		argv[n++] = *args++;
	argv[n] = NULL;
	return *args ? cli_fail(command, "too many arguments for secmon") : 0;
}

/* secmon's "secmon: REASON" line as cli_fail(command, REASON). */
static int relay_failure(const char *command, char *err, int status)
{
	char *reason = strncmp(err, "secmon: ", 8) ? err : err + 8;

	reason[strcspn(reason, "\n")] = '\0';
	if (*reason)
		return cli_fail(command, "%s", reason);
	return cli_fail(command, "secmon failed (status %d)", status);
}

int secmon_run(const char *command, const char *const args[], char *out, size_t len)
{
	const char *argv[SECMON_ARGS_MAX];
	int out_pipe[2], err_pipe[2], status = 0;
	char err[600];
	pid_t pid;

	if (make_argv(command, args, argv) < 0)
		return -1;
	if (pipe2(out_pipe, O_CLOEXEC) < 0)
		return cli_fail(command, "pipe: %s", strerror(errno));
	if (pipe2(err_pipe, O_CLOEXEC) < 0) {
		close(out_pipe[0]);
		close(out_pipe[1]);
		return cli_fail(command, "pipe: %s", strerror(errno));
	}
	pid = spawn(argv, (const int[][2]){ { out_pipe[1], STDOUT_FILENO }, { err_pipe[1], STDERR_FILENO } }, 2);
	close(out_pipe[1]);
	close(err_pipe[1]);
	/* secmon writes its few lines of stdout, then at most one of stderr. */
	read_to_end(out_pipe[0], out, len);
	read_to_end(err_pipe[0], err, sizeof(err));
	close(out_pipe[0]);
	close(err_pipe[0]);
	if (pid < 0)
		return cli_fail(command, "fork: %s", strerror(errno));
	if (waitpid(pid, &status, 0) < 0)
		return cli_fail(command, "waiting for secmon: %s", strerror(errno));
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : relay_failure(command, err, status);
}

/* "ok <measurement> <version> <security-version>" or "refused <partition>: <reason>". */
static int parse_verdict(char *line, struct secmon_verdict *v)
{
	char measurement[65];
	int end = 0;

	line[strcspn(line, "\n")] = '\0';
	if (!strncmp(line, "refused ", 8)) {
		v->ok = false;
		snprintf(v->reason, sizeof(v->reason), "%.*s", (int)sizeof(v->reason) - 1, line + 8);
		return 0;
	}
	if (sscanf(line, "ok %64[0-9a-f] %" SCNu32 " %" SCNu32 "%n", measurement, &v->version,
		   &v->security_version, &end) != 3 || line[end] || strlen(measurement) != 64)
		return -EINVAL;
	v->ok = true;
	memcpy(v->measurement, measurement, sizeof(measurement));
	return 0;
}

int secmon_power_on(const char *command, const char *flash, const char *log, struct secmon_verdict *v)
{
	char fd_text[16], line[sizeof(v->reason) + 16];
	int ready[2], log_fd, status = 0;
	const char *argv[] = { "secmon", "boot", "--flash", flash, "--ready-fd", fd_text, NULL };
	pid_t pid;

	memset(v, 0, sizeof(*v));
	snprintf(fd_text, sizeof(fd_text), "%d", READY_FD);
	log_fd = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (log_fd < 0)
		return cli_fail(command, "%s: %s", log, strerror(errno));
	if (pipe2(ready, O_CLOEXEC) < 0) {
		close(log_fd);
		return cli_fail(command, "pipe: %s", strerror(errno));
	}
	pid = spawn(argv, (const int[][2]){ { log_fd, STDERR_FILENO }, { ready[1], READY_FD } }, 2);
	close(ready[1]);
	close(log_fd);
	read_to_end(ready[0], line, sizeof(line));
	close(ready[0]);
	if (pid < 0)
		return cli_fail(command, "fork: %s", strerror(errno));
	/* Until secmon serves the mailbox it ends after its verdict: reap it. */
	waitpid(pid, &status, 0);
	if (parse_verdict(line, v) < 0)
		return cli_fail(command, "secmon gave no verdict (status %d; its log: %s)", status, log);
	return 0;
}
