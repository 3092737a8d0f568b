/* log_ring.h — the bounded per-app log: the newest LOG_RING_SIZE bytes an app
 * printed, addressed by absolute stream positions so a reader can tell how
 * much it missed. */
#ifndef APPMGR_LOG_RING_H
#define APPMGR_LOG_RING_H

#include <stddef.h>
#include <stdint.h>

#define LOG_RING_SIZE 4096u

struct log_ring {
	uint64_t end;                 /* stream position just after the newest byte */
	char data[LOG_RING_SIZE];
};

void log_ring_init(struct log_ring *r);
/* Appends len bytes; older bytes beyond LOG_RING_SIZE are overwritten. */
void log_ring_append(struct log_ring *r, const void *buf, size_t len);
/* Stream position of the oldest byte still held. */
uint64_t log_ring_start(const struct log_ring *r);
/* Copies up to cap bytes starting at stream position pos (clamped to the
 * oldest held byte) into out; returns the number of bytes copied. */
size_t log_ring_copy(const struct log_ring *r, uint64_t pos, void *out, size_t cap);

#endif
