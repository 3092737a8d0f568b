/*
 * mbox_stream.c - framing the mailbox's messages on a byte stream and
 * answering each (mbox_stream.h). Reads never go past the message being
 * framed, so the buffer is one message, MBOX_MSG_MAX bytes, whatever comes.
 */
#include <errno.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "mbox_stream.h"

/* Writes the whole response. A peer gone is not an error here: the next
 * read sees the stream's end. */
static int send_all(int fd, const uint8_t *p, size_t len)
{
	while (len) {
		ssize_t n = send(fd, p, len, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return errno == EPIPE || errno == ECONNRESET ? 0 : -errno;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* One transcript line: "<dir> <hex>". */
static void transcribe(FILE *f, const char *dir, const uint8_t *p, size_t len)
{
	fprintf(f, "%s ", dir);
	for (size_t i = 0; i < len; i++)
		fprintf(f, "%02x", p[i]);
	fputc('\n', f);
	fflush(f);
}

static int answer(const struct mbox_server *srv, int fd, const uint8_t *in, size_t len)
{
	static uint8_t out[MBOX_MSG_MAX];
	size_t n = mbox_serve(srv, in, len, out);

	if (srv->transcript) {
		transcribe(srv->transcript, "in", in, len);
		transcribe(srv->transcript, "out", out, n);
	}
	return send_all(fd, out, n);
}

/* 1 when fd has bytes (or its end), 0 after timeout_ms (-1: none), -errno. */
static int wait_readable(int fd, int timeout_ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int rc;

	do
		rc = poll(&p, 1, timeout_ms);
	while (rc < 0 && errno == EINTR);
	return rc < 0 ? -errno : rc;
}

int mbox_stream_serve(const struct mbox_server *srv, int fd, int quiet_ms)
{
	static uint8_t buf[MBOX_MSG_MAX];
	size_t have = 0, need = MBOX_HEADER_SIZE;
	bool discarding = false, framed = false;

	for (;;) {
		bool pending = discarding || have > 0;
		int rc = wait_readable(fd, pending ? quiet_ms : -1);
		enum mbox_status why;
		uint32_t size;
		ssize_t n;

		if (rc < 0)
			return rc;
		if (rc == 0) {
			/* Quiet: lost framing ends, a stalled message is answered and dropped. */
			if (!discarding && (rc = answer(srv, fd, buf, have)) < 0)
				return rc;
			discarding = framed = false;
			have = 0;
			need = MBOX_HEADER_SIZE;
			continue;
		}
		n = read(fd, buf + (discarding ? 0 : have), discarding ? sizeof(buf) : need - have);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return errno == ECONNRESET ? 0 : -errno;
		if (n == 0)
			return 0;
		if (discarding)
			continue;
		have += (size_t)n;
		if (have < need)
			continue;
		if (!framed) {
			if (mbox_frame_size(buf, have, &size, &why) < 0) {
				/* Where the next message starts is lost: answer, then discard. */
				if ((rc = answer(srv, fd, buf, have)) < 0)
					return rc;
				discarding = true;
				have = 0;
				continue;
			}
			framed = true;
			need = size;
			if (have < need)
				continue;
		}
		if ((rc = answer(srv, fd, buf, have)) < 0)
			return rc;
		framed = false;
		have = 0;
		need = MBOX_HEADER_SIZE;
	}
}
