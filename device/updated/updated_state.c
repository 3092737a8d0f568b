/* updated_state.c — updated's state files (see updated_state.h). */
#include "updated_state.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "small_file.h"
#include "spherule/le.h"

#define RECORD_MAGIC "SPUD"
#define RECORD_FORMAT 1u
#define PATH_MAX_LEN 120 /* small_file_replace() adds ".new" within 128 */

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

/* dir/name into path: 0 or -ENAMETOOLONG. */
static int file_path(const char *dir, const char *name, char path[PATH_MAX_LEN])
{
	return (size_t)snprintf(path, PATH_MAX_LEN, "%s/%s", dir, name) < PATH_MAX_LEN ? 0 : -ENAMETOOLONG;
}

int updated_file_write(const char *dir, const char *name, const void *buf, size_t len)
{
	char path[PATH_MAX_LEN];
	int err = file_path(dir, name, path);

	return err != 0 ? err : small_file_replace(path, buf, len);
}

int updated_file_read(const char *dir, const char *name, void *buf, size_t cap)
{
	char path[PATH_MAX_LEN];
	size_t len;
	int err = file_path(dir, name, path);

	if (err == 0)
		err = small_file_read(path, buf, cap, &len);
	return err != 0 ? err : (int)len;
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
