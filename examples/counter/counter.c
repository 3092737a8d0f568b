/* counter — the example Spherule app that keeps state across boots: it
 * counts its starts in the file "counter" of its storage directory
 * ($SPHERULE_STORAGE_DIR, from MutableStorage in app_manifest.json),
 * decimal text, none yet meaning 0. The new count is written to
 * "counter.tmp", synced and renamed over "counter" (a rename is atomic in
 * littlefs: a power cut leaves the old count or the new one), printed once
 * as "counter: N", and the app then sleeps until it is stopped. A failure
 * is printed with its reason and ends the app with status 1 (appmgr starts
 * it again later). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PATH_SIZE 256
#define COUNT_TEXT_MAX 24   /* a 64-bit count in decimal, a newline */

static int fail(const char *what, const char *path, int err)
{
	printf("counter: %s %s: %s\n", what, path, strerror(err));
	return 1;
}

/* Reads the count in path into *n (0 when there is no file): 0, or an
 * errno value (EINVAL: the file holds no decimal count). */
static int read_count(const char *path, unsigned long long *n)
{
	char text[COUNT_TEXT_MAX + 1], *end;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t len;

	*n = 0;
	if (fd < 0)
		return errno == ENOENT ? 0 : errno;
	len = read(fd, text, COUNT_TEXT_MAX);
	if (len < 0) {
		int err = errno;

		close(fd);
		return err;
	}
	close(fd);
	text[len] = '\0';
	errno = 0;
	*n = strtoull(text, &end, 10);
	if (end == text || errno != 0 || (*end != '\0' && strcmp(end, "\n") != 0))
		return EINVAL;
	return 0;
}

/* Writes n to tmp, syncs it and renames it over path: 0 or an errno value
 * (*step says what failed). */
static int write_count(const char *tmp, const char *path, unsigned long long n, const char **step)
{
	char text[COUNT_TEXT_MAX + 1];
	int len = snprintf(text, sizeof(text), "%llu\n", n);
	int fd, err = 0;

	*step = "cannot create";
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return errno;
	*step = "cannot write";
	if (write(fd, text, (size_t)len) != len)
		err = errno ? errno : EIO;
	if (err == 0 && fsync(fd) != 0) {
		*step = "cannot sync";
		err = errno;
	}
	if (close(fd) != 0 && err == 0) {
		*step = "cannot close";
		err = errno;
	}
	if (err == 0 && rename(tmp, path) != 0) {
		*step = "cannot rename over the count";
		err = errno;
	}
	return err;
}

int main(void)
{
	const char *dir = getenv("SPHERULE_STORAGE_DIR");
	char path[PATH_SIZE], tmp[PATH_SIZE];
	unsigned long long n;
	const char *step;
	int err;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!dir || !*dir) {
		printf("counter: SPHERULE_STORAGE_DIR is not set: no storage directory "
		       "(appmgr's log says why)\n");
		return 1;
	}
	if (snprintf(path, sizeof(path), "%s/counter", dir) >= (int)sizeof(path) ||
	    snprintf(tmp, sizeof(tmp), "%s/counter.tmp", dir) >= (int)sizeof(tmp))
		return fail("path too long:", dir, ENAMETOOLONG);
	err = read_count(path, &n);
	if (err == EINVAL) {
		printf("counter: %s does not hold a decimal count\n", path);
		return 1;
	}
	if (err != 0)
		return fail("cannot read the count in", path, err);
	err = write_count(tmp, path, n + 1, &step);
	if (err != 0)
		return fail(step, tmp, err);
	printf("counter: %llu\n", n + 1);
	for (;;)
		pause();
}
