/* file_util.c - file reading, atomic file replacement and in-memory package sources. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file_util.h"
#include "small_file.h"

int file_read_all(const char *path, size_t max, uint8_t **buf, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	size_t done = 0;

	*buf = NULL;
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0) {
		int e = -errno;
		close(fd);
		return e;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL;
	}
	if ((unsigned long long)st.st_size > max) {
		close(fd);
		return -EFBIG;
	}
	*buf = malloc((size_t)st.st_size + 1);
	if (!*buf) {
		close(fd);
		return -ENOMEM;
	}
	while (done < (size_t)st.st_size) {
		ssize_t n = read(fd, *buf + done, (size_t)st.st_size - done);
		if (n <= 0) {
			int e = n < 0 ? -errno : -EIO;
			close(fd);
			free(*buf);
			*buf = NULL;
			return e;
		}
		done += (size_t)n;
	}
	close(fd);
	(*buf)[done] = '\0';
	*len = done;
	return 0;
}

/* Writes data to a new temporary file beside path (mode bits mode), synced;
 * its malloc()ed name goes to *tmp. 0 or -errno (nothing left behind). */
static int write_temp(const char *path, const void *data, size_t len, mode_t mode, char **tmp)
{
	size_t plen = strlen(path);
	const uint8_t *p = data;
	int fd, rc = 0;

	*tmp = malloc(plen + sizeof(".tmp-XXXXXX"));
	if (!*tmp)
		return -ENOMEM;
	memcpy(*tmp, path, plen);
	memcpy(*tmp + plen, ".tmp-XXXXXX", sizeof(".tmp-XXXXXX"));
	fd = mkstemp(*tmp);
	if (fd < 0) {
		rc = -errno;
		free(*tmp);
		return rc;
	}
	if (fchmod(fd, mode) < 0)
		rc = -errno;
	while (rc == 0 && len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			rc = n < 0 ? -errno : -EIO;
		else {
			p += n;
			len -= (size_t)n;
		}
	}
	if (rc == 0 && fsync(fd) < 0)
		rc = -errno;
	if (close(fd) < 0 && rc == 0)
		rc = -errno;
	if (rc < 0) {
		unlink(*tmp);
		free(*tmp);
	}
	return rc;
}

/* Puts a synced temporary copy of data in place: renamed over path
 * (replace) or linked to path only if it does not exist. */
static int write_file(const char *path, const void *data, size_t len, mode_t mode, bool replace)
{
	char *tmp;
	int rc = write_temp(path, data, len, mode, &tmp);

	if (rc < 0)
		return rc;
	if ((replace ? rename(tmp, path) : link(tmp, path)) < 0)
		rc = -errno;
	if (rc < 0 || !replace)
		unlink(tmp);
	free(tmp);
	return rc;
}

int file_write_atomic(const char *path, const void *data, size_t len, mode_t mode)
{
	return write_file(path, data, len, mode, true);
}

int file_write_new(const char *path, const void *data, size_t len, mode_t mode)
{
	return write_file(path, data, len, mode, false);
}

static int mem_source_read(void *ctx, uint32_t off, void *buf, uint32_t len)
{
	const struct mem_source *ms = ctx;

	if (off > ms->len || len > ms->len - off)
		return -EIO;
	memcpy(buf, ms->data + off, len);
	return 0;
}

struct pkg_source mem_source_init(struct mem_source *ms, bool trailing_ok, uint32_t max_size)
{
	return (struct pkg_source){ .read = mem_source_read, .ctx = ms,
				    .size = ms->len > UINT32_MAX ? UINT32_MAX : (uint32_t)ms->len,
				    .trailing_ok = trailing_ok, .max_size = max_size };
}

bool proc_file_start(pid_t pid, const char *name, char *buf, size_t cap)
{
	char path[64];
	size_t len = 0;
	int err;

	snprintf(path, sizeof(path), "/proc/%ld/%s", (long)pid, name);
	err = small_file_read(path, buf, cap - 1, &len); /* -EFBIG: there is more */
	buf[len] = '\0';
	return !err || err == -EFBIG;
}
