/* link.h — the service link as a byte stream: a non-blocking descriptor
 * (the board's virtio-serial port) that reads as end of file, and polls as
 * POLLHUP, while no host is connected. A serial port carries no
 * connections: a host "disconnects" when that end of file is read. */
#ifndef DEVCTL_LINK_H
#define DEVCTL_LINK_H

#include <stddef.h>
#include <sys/types.h>

/* While no host is connected, look again this often. */
#define LINK_NO_HOST_RETRY_MS 100
/* A write that finds no room for this long fails (-ETIMEDOUT). */
#define LINK_WRITE_WAIT_MS 5000

struct link {
	int fd;
};

/* Reads up to cap bytes, waiting at most timeout_ms (-1: no limit) for
 * the first. Returns the count, 0 when no host is connected (end of file),
 * -ETIMEDOUT, or another negative errno. */
ssize_t link_read(const struct link *l, void *buf, size_t cap, int timeout_ms);

/* Waits as long as it takes for bytes of a host, looking again every
 * LINK_NO_HOST_RETRY_MS while none is connected. Returns the count or a
 * negative errno. */
ssize_t link_wait_bytes(const struct link *l, void *buf, size_t cap);

/* Writes all len bytes; returns 0 or a negative errno. */
int link_write(const struct link *l, const void *buf, size_t len);

/* Milliseconds of a monotonic clock. */
long long link_now_ms(void);

#endif
