/* updated_state.c — updated's state files (see updated_state.h). */
#include "updated_state.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "spherule/le.h"

#define RECORD_MAGIC "SPUD"
#define RECORD_FORMAT 1u
#define PATH_MAX_LEN 256

static uint32_t fnv1a(const uint8_t *p, size_t n)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

void updated_record_encode(const struct updated_record *r, uint8_t out[UPDATED_RECORD_SIZE])
{
	memset(out, 0, UPDATED_RECORD_SIZE);
	memcpy(out, RECORD_MAGIC, 4);
	put_le16(out + 4, RECORD_FORMAT);
	put_le32(out + 8, r->phase);
	put_le32(out + 12, r->offset);
	memcpy(out + 16, r->target, 32);
	memcpy(out + 48, r->failed_os, 32);
	put_le32(out + UPDATED_RECORD_SIZE - 4, fnv1a(out, UPDATED_RECORD_SIZE - 4));
}

int updated_record_decode(const uint8_t *buf, size_t len, struct updated_record *r)
{
	memset(r, 0, sizeof(*r));
	if (len != UPDATED_RECORD_SIZE || memcmp(buf, RECORD_MAGIC, 4) != 0 || get_le16(buf + 4) != RECORD_FORMAT ||
	    get_le32(buf + UPDATED_RECORD_SIZE - 4) != fnv1a(buf, UPDATED_RECORD_SIZE - 4) ||
	    get_le32(buf + 8) > UPDATED_REBOOTING)
		return -EBADMSG;
	r->phase = get_le32(buf + 8);
	r->offset = get_le32(buf + 12);
	memcpy(r->target, buf + 16, 32);
	memcpy(r->failed_os, buf + 48, 32);
	return 0;
}

int updated_file_write(const char *dir, const char *name, const void *buf, size_t len)
{
	char tmp[PATH_MAX_LEN], path[PATH_MAX_LEN];
	int fd, err = 0;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >= sizeof(path) ||
	    (size_t)snprintf(tmp, sizeof(tmp), "%s/%s.new", dir, name) >= sizeof(tmp))
		return -ENAMETOOLONG;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	if (write(fd, buf, len) != (ssize_t)len || fsync(fd) != 0)
		err = errno ? -errno : -EIO;
	if (close(fd) != 0 && err == 0)
		err = -errno;
	if (err == 0 && rename(tmp, path) != 0)
		err = -errno;
	if (err != 0)
		unlink(tmp);
	return err;
}

int updated_file_read(const char *dir, const char *name, void *buf, size_t cap)
{
	char path[PATH_MAX_LEN];
	ssize_t n;
	int fd;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >= sizeof(path))
		return -ENAMETOOLONG;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, cap);
	close(fd);
	return n < 0 ? -errno : (int)n;
}

void updated_state_load(const char *dir, struct update_meta_state *meta, struct updated_record *r, int *damaged)
{
	uint8_t buf[UPDATE_META_STATE_SIZE + UPDATED_RECORD_SIZE + 1];
	int n = updated_file_read(dir, UPDATED_META_FILE, buf, sizeof(buf));

	*damaged = 0;
	if (n >= 0 && update_meta_state_deserialise(buf, (size_t)n, meta) != 0)
		*damaged = 1;
	if (n < 0)
		memset(meta, 0, sizeof(*meta));
	n = updated_file_read(dir, UPDATED_RECORD_FILE, buf, sizeof(buf));
	if (n >= 0 && updated_record_decode(buf, (size_t)n, r) != 0)
		*damaged = 1;
	if (n < 0)
		memset(r, 0, sizeof(*r));
}

int updated_state_save_meta(const char *dir, const struct update_meta_state *meta)
{
	uint8_t buf[UPDATE_META_STATE_SIZE];
	int err = update_meta_state_serialise(meta, buf);

	return err != 0 ? err : updated_file_write(dir, UPDATED_META_FILE, buf, sizeof(buf));
}

int updated_state_save_record(const char *dir, const struct updated_record *r)
{
	uint8_t buf[UPDATED_RECORD_SIZE];

	updated_record_encode(r, buf);
	return updated_file_write(dir, UPDATED_RECORD_FILE, buf, sizeof(buf));
}
