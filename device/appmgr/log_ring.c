/* log_ring.c — the bounded per-app log ring (see log_ring.h). */
#include "log_ring.h"

#include <string.h>

void log_ring_init(struct log_ring *r)
{
	r->end = 0;
}

void log_ring_append(struct log_ring *r, const void *buf, size_t len)
{
	const char *p = buf;

	if (len > LOG_RING_SIZE) {
		/* Only the newest LOG_RING_SIZE bytes can survive. */
		r->end += len - LOG_RING_SIZE;
		p += len - LOG_RING_SIZE;
		len = LOG_RING_SIZE;
	}
	while (len > 0) {
		size_t at = (size_t)(r->end % LOG_RING_SIZE);
		size_t n = LOG_RING_SIZE - at;

		if (n > len)
			n = len;
		memcpy(r->data + at, p, n);
		r->end += n;
		p += n;
		len -= n;
	}
}

uint64_t log_ring_start(const struct log_ring *r)
{
	return r->end > LOG_RING_SIZE ? r->end - LOG_RING_SIZE : 0;
}

size_t log_ring_copy(const struct log_ring *r, uint64_t pos, void *out, size_t cap)
{
	char *o = out;
	size_t copied = 0;

	if (pos < log_ring_start(r))
		pos = log_ring_start(r);
	while (pos < r->end && copied < cap) {
		size_t at = (size_t)(pos % LOG_RING_SIZE);
		size_t n = LOG_RING_SIZE - at;

		if (n > r->end - pos)
			n = (size_t)(r->end - pos);
		if (n > cap - copied)
			n = cap - copied;
		memcpy(o + copied, r->data + at, n);
		copied += n;
		pos += n;
	}
	return copied;
}
