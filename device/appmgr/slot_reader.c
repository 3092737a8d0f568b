/* slot_reader.c — chunked reads of an app slot (see slot_reader.h). */
#include "slot_reader.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

int slot_reader_read(void *ctx, uint32_t off, void *buf, uint32_t len)
{
	const struct slot_reader *r = ctx;
	char *p = buf;

	if (off > r->size || len > r->size - off)
		return -ENODATA;
	if (r->head && off < SLOT_HEAD_BYTES && len > 0) {
		uint32_t n = SLOT_HEAD_BYTES - off < len ? SLOT_HEAD_BYTES - off : len;

		memcpy(p, r->head + off, n);
		p += n;
		off += n;
		len -= n;
	}
	while (len > 0) {
		ssize_t n = pread(r->fd, p, len, (off_t)off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return -ENODATA;
		p += n;
		off += (uint32_t)n;
		len -= (uint32_t)n;
	}
	return 0;
}

int slot_reader_is_empty(const struct slot_reader *r)
{
	unsigned char head[SLOT_HEAD_BYTES];
	uint32_t n = r->size < sizeof(head) ? r->size : (uint32_t)sizeof(head);
	int err = slot_reader_read((void *)r, 0, head, n);

	if (err != 0)
		return err;
	for (uint32_t i = 0; i < n; i++)
		if (head[i] != 0xFF)
			return 0;
	return 1;
}
