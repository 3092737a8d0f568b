/* app_cgroup.c — the memory cgroup of each app (see app_cgroup.h). */
#include "app_cgroup.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "small_file.h"

#define CGROUP_PATH_MAX 128
#define CGROUP_FILE_MAX 512   /* memory.events is about 100 bytes */
#define PROCS_CHUNK 128       /* cgroup.procs is read in pieces of this size */

/* APP_CGROUP_ROOT/<component id>/file into path. */
static int group_path(const struct app *a, const char *file, char path[CGROUP_PATH_MAX])
{
	int n = snprintf(path, CGROUP_PATH_MAX, "%s/%s%s%s", APP_CGROUP_ROOT, a->component_str,
			 file ? "/" : "", file ? file : "");

	return n < 0 || n >= CGROUP_PATH_MAX ? -ENAMETOOLONG : 0;
}

/* Writes text to path in one write(). */
static int write_text(const char *path, const char *text)
{
	size_t len = strlen(text);
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;
	int err = 0;

	if (fd < 0)
		return -errno;
	n = write(fd, text, len);
	if (n < 0)
		err = -errno;
	else if ((size_t)n != len)
		err = -EIO;
	close(fd);
	return err;
}

static int write_group_file(const struct app *a, const char *file, const char *text)
{
	char path[CGROUP_PATH_MAX];
	int err = group_path(a, file, path);

	return err ? err : write_text(path, text);
}

int app_cgroup_enable(void)
{
	return write_text(APP_CGROUP_ROOT "/cgroup.subtree_control", "+memory");
}

int app_cgroup_create(const struct app *a, uint64_t budget_bytes)
{
	char path[CGROUP_PATH_MAX], max[32];
	int err = group_path(a, NULL, path);

	if (err)
		return err;
	if (mkdir(path, 0755) != 0 && errno != EEXIST)
		return -errno;
	snprintf(max, sizeof(max), "%" PRIu64, budget_bytes);
	err = write_group_file(a, "memory.max", max);
	return err ? err : write_group_file(a, "memory.oom.group", "1");
}

int app_cgroup_remove(const struct app *a)
{
	char path[CGROUP_PATH_MAX];
	int err = group_path(a, NULL, path);

	if (err != 0)
		return err;
	return rmdir(path) == 0 || errno == ENOENT ? 0 : -errno;
}

int app_cgroup_join(const struct app *a)
{
	return write_group_file(a, "cgroup.procs", "0");
}

int app_cgroup_kill(const struct app *a)
{
	return write_group_file(a, "cgroup.kill", "1");
}

/* Calls fn for each pid of the whole lines of buf[0 .. *len) and keeps the
 * partial last line at the start of buf. */
static void each_listed(char *buf, size_t *len, void (*fn)(pid_t pid, void *ctx), void *ctx)
{
	size_t start = 0;

	for (size_t i = 0; i < *len; i++) {
		pid_t pid;

		if (buf[i] != '\n')
			continue;
		buf[i] = '\0';
		pid = (pid_t)strtol(buf + start, NULL, 10);
		if (pid > 0)
			fn(pid, ctx);
		start = i + 1;
	}
	memmove(buf, buf + start, *len - start);
	*len -= start;
}

int app_cgroup_for_each_pid(const struct app *a, void (*fn)(pid_t pid, void *ctx), void *ctx)
{
	char path[CGROUP_PATH_MAX], buf[PROCS_CHUNK];
	size_t len = 0;
	ssize_t n;
	int fd, err = group_path(a, "cgroup.procs", path);

	if (err)
		return err;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	/* A line is at most 11 bytes: a partial one always leaves room. */
	while ((n = read(fd, buf + len, sizeof(buf) - len)) > 0) {
		len += (size_t)n;
		each_listed(buf, &len, fn, ctx);
	}
	err = n < 0 ? -errno : 0;
	close(fd);
	return err;
}

struct signal_ctx {
	int sig;
	int sent;
};

static void signal_one(pid_t pid, void *ctx)
{
	struct signal_ctx *c = ctx;

	if (kill(pid, c->sig) == 0)
		c->sent++;
}

int app_cgroup_signal(const struct app *a, int sig)
{
	struct signal_ctx c = { sig, 0 };
	int err = app_cgroup_for_each_pid(a, signal_one, &c);

	return err ? err : c.sent;
}

/* The value of key in a flat-keyed cgroup file ("key value" lines). */
static int keyed_value(const char *text, const char *key, uint64_t *value)
{
	size_t klen = strlen(key);

	for (const char *line = text; *line != '\0'; ) {
		if (strncmp(line, key, klen) == 0 && line[klen] == ' ') {
			*value = strtoull(line + klen + 1, NULL, 10);
			return 0;
		}
		line = strchrnul(line, '\n');
		if (*line == '\n')
			line++;
	}
	return -ENOENT;
}

int app_cgroup_read(const struct app *a, enum app_cgroup_figure what, uint64_t *value)
{
	static const char *const files[] = {
		[APP_CGROUP_CURRENT] = "memory.current",
		[APP_CGROUP_PEAK] = "memory.peak",
		[APP_CGROUP_OOM_STOPS] = "memory.events",
		[APP_CGROUP_POPULATED] = "cgroup.events",
	};
	char path[CGROUP_PATH_MAX], text[CGROUP_FILE_MAX];
	size_t len;
	int err = group_path(a, files[what], path);

	if (!err)
		err = small_file_read(path, text, sizeof(text), &len);
	if (err)
		return err;
	text[len] = '\0';
	if (what == APP_CGROUP_OOM_STOPS)
		return keyed_value(text, "oom_group_kill", value);
	if (what == APP_CGROUP_POPULATED)
		return keyed_value(text, "populated", value);
	*value = strtoull(text, NULL, 10);
	return 0;
}
