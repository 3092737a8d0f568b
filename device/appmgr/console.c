/* console.c — bounded, non-blocking console output (see console.h). */
#include "console.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char own_prefix[] = "appmgr: ";

void console_init(struct console *c, int fd)
{
	c->fd = fd;
	c->len = 0;
	c->own_dropped = 0;
}

/* Free space for app output (0 once the app share is used). */
static size_t console_app_room(const struct console *c)
{
	return c->len < CONSOLE_APP_SHARE ? CONSOLE_APP_SHARE - c->len : 0;
}

bool console_put_app(struct console *c, const char *data, size_t len)
{
	if (len > console_app_room(c))
		return false;
	memcpy(c->buf + c->len, data, len);
	c->len += len;
	return true;
}

/* Queues "appmgr: <text>\n" if it fits whole. */
static bool put_own_line(struct console *c, const char *text, size_t len)
{
	size_t need = sizeof(own_prefix) - 1 + len + 1;

	if (need > CONSOLE_BUF_SIZE - c->len)
		return false;
	memcpy(c->buf + c->len, own_prefix, sizeof(own_prefix) - 1);
	c->len += sizeof(own_prefix) - 1;
	memcpy(c->buf + c->len, text, len);
	c->len += len;
	c->buf[c->len++] = '\n';
	return true;
}

void console_put_own(struct console *c, const char *text, size_t len)
{
	if (c->own_dropped > 0) {
		char note[64];
		int n = snprintf(note, sizeof(note), "(%llu bytes of appmgr log dropped)",
				 (unsigned long long)c->own_dropped);

		if (n < 0 || !put_own_line(c, note, (size_t)n)) {
			c->own_dropped += sizeof(own_prefix) + len;
			return;
		}
		c->own_dropped = 0;
	}
	if (!put_own_line(c, text, len))
		c->own_dropped += sizeof(own_prefix) + len;
}

int console_flush(struct console *c)
{
	size_t done = 0;
	int err = 0;

	while (done < c->len) {
		ssize_t n = write(c->fd, c->buf + done, c->len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			if (errno != EAGAIN)
				err = -errno;
			break;
		}
		done += (size_t)n;
	}
	if (err != 0)
		done = c->len;
	memmove(c->buf, c->buf + done, c->len - done);
	c->len -= done;
	return err;
}

int console_drain(struct console *c, int timeout_ms)
{
	struct pollfd p = { c->fd, POLLOUT, 0 };
	int err = console_flush(c);

	while (err == 0 && console_pending(c)) {
		int r = poll(&p, 1, timeout_ms);

		if (r == 0)
			return -ETIMEDOUT;
		if (r < 0 && errno != EINTR)
			return -errno;
		err = console_flush(c);
	}
	return err;
}

bool console_pending(const struct console *c)
{
	return c->len > 0;
}
