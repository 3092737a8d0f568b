/* link.c — reads and writes on the service link (see link.h). */
#include "link.h"

#include <errno.h>
#include <poll.h>
#include <time.h>
#include <unistd.h>

long long link_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Waits for events on the link until deadline (-1: none). Returns the
 * events seen (POLLHUP: no host), 0 once the deadline has passed, or a
 * negative errno. A poll that ends early (EINTR, its own timeout) returns
 * a pseudo event so that the caller tries again and then asks again. */
static int wait_for(const struct link *l, short events, long long deadline)
{
	struct pollfd p = { l->fd, events, 0 };
	long long left = deadline < 0 ? -1 : deadline - link_now_ms();
	int r;

	if (deadline >= 0 && left <= 0)
		return 0;
	r = poll(&p, 1, (int)left);
	if (r < 0 && errno != EINTR)
		return -errno;
	return r > 0 ? p.revents : events;
}

ssize_t link_read(const struct link *l, void *buf, size_t cap, int timeout_ms)
{
	long long deadline = timeout_ms < 0 ? -1 : link_now_ms() + timeout_ms;

	for (;;) {
		ssize_t n = read(l->fd, buf, cap);
		int r;

		if (n >= 0)
			return n;
		if (errno == ECONNRESET)
			return 0; /* a socket (the tests' link) whose host left with bytes unread */
		if (errno != EAGAIN && errno != EINTR)
			return -errno;
		r = wait_for(l, POLLIN, deadline);
		if (r <= 0)
			return r < 0 ? r : -ETIMEDOUT;
	}
}

ssize_t link_wait_bytes(const struct link *l, void *buf, size_t cap)
{
	ssize_t n;

	while ((n = link_read(l, buf, cap, -1)) == 0)
		(void)poll(NULL, 0, LINK_NO_HOST_RETRY_MS);
	return n;
}

/* A write stalls at most LINK_WRITE_WAIT_MS without progress; it fails at
 * once when the host is gone (the port polls POLLHUP and takes nothing). */
int link_write(const struct link *l, const void *buf, size_t len)
{
	const char *p = buf;
	long long deadline = link_now_ms() + LINK_WRITE_WAIT_MS;

	while (len > 0) {
		ssize_t n = write(l->fd, p, len);
		int r;

		if (n > 0) {
			p += n;
			len -= (size_t)n;
			deadline = link_now_ms() + LINK_WRITE_WAIT_MS;
			continue;
		}
		if (n < 0 && errno != EAGAIN && errno != EINTR)
			return -errno;
		r = wait_for(l, POLLOUT, deadline);
		if (r <= 0)
			return r < 0 ? r : -ETIMEDOUT;
		if ((r & POLLHUP) && !(r & POLLOUT))
			return -EPIPE;
	}
	return 0;
}
