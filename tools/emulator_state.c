/* emulator_state.c - the emulator's state directory, its pid file and its records of the host's ports (emulator_state.h). */
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "emulator_state.h"
#include "file_util.h"

#define RECORD_MAX 256 /* a record holds one short line */

void emulator_default_state_dir(char *out, size_t len)
{
	const char *env = getenv("SPHERULE_STATE_DIR");
	const char *run = getenv("XDG_RUNTIME_DIR");

	if (env && *env)
		snprintf(out, len, "%s", env);
	else if (run && *run)
		snprintf(out, len, "%s/spherule", run);
	else
		snprintf(out, len, "%s/.cache/spherule/emulator", getenv("HOME") ? getenv("HOME") : "/tmp");
}

bool emulator_is_qemu(pid_t pid)
{
	char cmd[256]; /* its start is enough */

	return proc_file_start(pid, "cmdline", cmd, sizeof(cmd)) && strstr(cmd, QEMU) != NULL;
}

/* The pid STATE/name holds, or 0. */
static pid_t pid_file(const char *state_dir, const char *name)
{
	char path[PATH_MAX];
	uint8_t *buf = NULL;
	size_t len = 0;
	long pid;

	snprintf(path, sizeof(path), "%s/%s", state_dir, name);
	if (file_read_all(path, 64, &buf, &len) < 0)
		return 0;
	pid = strtol((char *)buf, NULL, 10);
	free(buf);
	return pid > 0 ? (pid_t)pid : 0;
}

pid_t emulator_power_loop_pid(const char *state_dir)
{
	pid_t pid = pid_file(state_dir, "power.pid");
	char cmd[256]; /* its start is enough: argv[0] */

	/* A stale pid file may name an unrelated process: check it is the CLI. */
	return pid && proc_file_start(pid, "cmdline", cmd, sizeof(cmd)) && strstr(cmd, "spherule") ? pid : 0;
}

pid_t emulator_running_pid(const char *state_dir)
{
	for (int tenths = 0; tenths <= EMULATOR_CYCLE_WAIT_S * 10; tenths++) {
		pid_t pid = pid_file(state_dir, "qemu.pid");

		/* A stale pid file may name an unrelated process: check it is QEMU. */
		if (pid && emulator_is_qemu(pid))
			return pid;
		if (!emulator_power_loop_pid(state_dir))
			return 0;
		nanosleep(&(struct timespec){ .tv_nsec = 100000000 }, NULL);
	}
	return 0;
}

void emulator_record_path(const char *state_dir, const char *record, char *out, size_t len)
{
	snprintf(out, len, "%s/%s", state_dir, record);
}

int emulator_record_write(const char *state_dir, const char *record, uint16_t port)
{
	char path[PATH_MAX + 16], line[32];
	int n = snprintf(line, sizeof(line), "127.0.0.1:%u\n", port);

	emulator_record_path(state_dir, record, path, sizeof(path));
	return file_write_atomic(path, line, (size_t)n, 0600);
}

int emulator_record_read(const char *state_dir, const char *record, char *out, size_t len)
{
	char path[PATH_MAX + 16];
	uint8_t *buf;
	size_t n;
	int rc;

	emulator_record_path(state_dir, record, path, sizeof(path));
	rc = file_read_all(path, RECORD_MAX, &buf, &n);
	if (rc < 0)
		return rc == -EFBIG ? -EINVAL : rc;
	if (n > 0 && buf[n - 1] == '\n')
		buf[--n] = '\0';
	rc = n == 0 || n >= len || memchr(buf, '\n', n) || strlen((char *)buf) != n ? -EINVAL : 0;
	if (rc == 0)
		memcpy(out, buf, n + 1);
	free(buf);
	return rc;
}

void emulator_record_remove(const char *state_dir, const char *record)
{
	char path[PATH_MAX + 16];

	emulator_record_path(state_dir, record, path, sizeof(path));
	unlink(path);
}

int emulator_free_port(uint16_t want)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(want),
				  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t sl = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), rc;

	if (fd < 0)
		return -errno;
	rc = bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0 &&
	     getsockname(fd, (struct sockaddr *)&sa, &sl) == 0 ? ntohs(sa.sin_port) : -errno;
	close(fd);
	return rc;
}
