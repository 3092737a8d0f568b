/*
 * secmon_client.c - running out/bin/secmon from the CLI (secmon_client.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "secmon_client.h"
#include "file_util.h"
#include "small_file.h"

#define SECMON_ARGS_MAX (8 + 8 * 16) /* manufacture: 4 key sets of at most 16 keys */
#define READY_FD 3 /* the verdict pipe, in secmon */
#define END_WAIT_TENTHS 50 /* how long a secmon whose QEMU ended may take to end */

int secmon_take_device_id(const char *command, char *text, char id[65], char **rest)
{
	if (strncmp(text, "device-id ", 10) || strcspn(text + 10, "\n") != 64)
		return cli_fail(command, "secmon answered something else than a device id");
	memcpy(id, text + 10, 64);
	id[64] = '\0';
	*rest = text + 10 + 64 + (text[10 + 64] == '\n');
	return 0;
}

int secmon_identity(const char *command, const char *flash, char id[65], char pem[SECMON_IDENTITY_MAX])
{
	char out[SECMON_IDENTITY_MAX], *rest;

	if (secmon_run(command, (const char *[]){ "identity", "--flash", flash, NULL }, out, sizeof(out)) < 0 ||
	    secmon_take_device_id(command, out, id, &rest) < 0)
		return -1;
	if (strncmp(rest, "-----BEGIN PUBLIC KEY-----\n", 27))
		return cli_fail(command, "secmon answered something else than a public key");
	snprintf(pem, SECMON_IDENTITY_MAX, "%s", rest);
	return 0;
}

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

/* Forks secmon with argv, fd `from` of the child being `to` for each pair
 * (in increasing `to`); every fd above the last `to` is closed, whatever
 * the CLI inherited. The pid, or -1 with errno. */
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
	close_range((unsigned)fds[nfds - 1][1] + 1, ~0u, 0);
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

/* "ok <measurement> <version> <security-version> <A|B>" or "refused <partition>: <reason>". */
static int parse_verdict(char *line, struct secmon_verdict *v)
{
	char measurement[65], slot[2];
	int end = 0;

	line[strcspn(line, "\n")] = '\0';
	if (!strncmp(line, "refused ", 8)) {
		v->ok = false;
		snprintf(v->reason, sizeof(v->reason), "%.*s", (int)sizeof(v->reason) - 1, line + 8);
		return 0;
	}
	if (sscanf(line, "ok %64[0-9a-f] %" SCNu32 " %" SCNu32 " %1[AB]%n", measurement, &v->version,
		   &v->security_version, slot, &end) != 4 || line[end] || strlen(measurement) != 64)
		return -EINVAL;
	v->ok = true;
	v->slot = slot[0];
	memcpy(v->measurement, measurement, sizeof(measurement));
	return 0;
}

int secmon_power_on(const char *command, const char *flash, const char *log, const char *mailbox,
		    unsigned trial_timeout, struct secmon_verdict *v)
{
	char fd_text[16], timeout_text[16], line[sizeof(v->reason) + 16];
	int ready[2], log_fd, null_fd, parsed, status = 0;
	const char *argv[12] = { "secmon", "boot", "--flash", flash, "--ready-fd", fd_text };
	unsigned n = 6;
	pid_t pid;

	memset(v, 0, sizeof(*v));
	if (mailbox) {
		argv[n++] = "--mailbox";
		argv[n++] = mailbox;
	}
	if (trial_timeout) {
		snprintf(timeout_text, sizeof(timeout_text), "%u", trial_timeout);
		argv[n++] = "--trial-timeout";
		argv[n++] = timeout_text;
	}
	argv[n] = NULL;
	snprintf(fd_text, sizeof(fd_text), "%d", READY_FD);
	log_fd = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (log_fd < 0)
		return cli_fail(command, "%s: %s", log, strerror(errno));
	null_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (null_fd < 0 || pipe2(ready, O_CLOEXEC) < 0) {
		int e = errno;

		close(log_fd);
		if (null_fd >= 0)
			close(null_fd);
		return cli_fail(command, "%s: %s", null_fd < 0 ? "/dev/null" : "pipe", strerror(e));
	}
	/* Serving the mailbox, secmon outlives the CLI: it must hold none of
	 * the CLI's output (a caller reading it to its end would wait for it). */
	pid = spawn(argv, (const int[][2]){ { null_fd, STDIN_FILENO }, { null_fd, STDOUT_FILENO },
					    { log_fd, STDERR_FILENO }, { ready[1], READY_FD } }, 4);
	close(ready[1]);
	close(log_fd);
	close(null_fd);
	read_to_end(ready[0], line, sizeof(line));
	close(ready[0]);
	if (pid < 0)
		return cli_fail(command, "fork: %s", strerror(errno));
	parsed = parse_verdict(line, v);
	if (parsed == 0 && v->ok && mailbox) {
		v->pid = pid; /* serving the mailbox until QEMU ends */
		return 0;
	}
	waitpid(pid, &status, 0);
	if (parsed < 0)
		return cli_fail(command, "secmon gave no verdict (status %d; its log: %s)", status, log);
	return 0;
}

void secmon_end(pid_t pid)
{
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
}

/* True while pid is a secmon that has not ended (a zombie has). */
static bool is_live_secmon(pid_t pid)
{
	char stat[64]; /* its start is enough */

	return proc_file_start(pid, "stat", stat, sizeof(stat)) && strstr(stat, " (secmon) ") &&
	       !strstr(stat, " (secmon) Z");
}

void secmon_wait_ended(const char *pid_file)
{
	char text[32];
	size_t len = 0;
	long pid = 0;

	if (small_file_read(pid_file, text, sizeof(text) - 1, &len) == 0) {
		text[len] = '\0';
		pid = strtol(text, NULL, 10);
	}

	for (long i = 0; pid > 0 && i < END_WAIT_TENTHS && is_live_secmon((pid_t)pid); i++)
		nanosleep(&(struct timespec){ .tv_nsec = 100000000 }, NULL);
	if (pid > 0 && is_live_secmon((pid_t)pid))
		kill((pid_t)pid, SIGKILL);
	unlink(pid_file);
}
