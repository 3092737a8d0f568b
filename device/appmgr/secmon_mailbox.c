/* secmon_mailbox.c — requests to secmon and their responses (see
 * secmon_mailbox.h). */
#include "secmon_mailbox.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/un.h>
#include <unistd.h>

#include "clock_ms.h"
#include "secmon_port.h"

static int open_socket(const char *path, struct error_detail *why)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(path) >= sizeof(addr.sun_path))
		return error_detail_set(why, -ENAMETOOLONG, "mailbox socket path too long");
	memcpy(addr.sun_path, path, strlen(path) + 1);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&addr, sizeof(addr)) != 0) {
		int err = -errno;

		if (fd >= 0)
			close(fd);
		return error_detail_set(why, err, "mailbox socket %s: %s", path, strerror(-err));
	}
	return fd;
}

static int open_port(const char *dev_dir, struct error_detail *why)
{
	char node[256];
	dev_t dev;
	int fd, err = secmon_port_find(dev_dir, node, sizeof(node), &dev, why);

	if (err != 0)
		return err;
	fd = open(node, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		err = -errno;
		return error_detail_set(why, err, "%s: %s%s", node, strerror(-err),
					err == -EBUSY ? " (an app holds the mailbox open)" : "");
	}
	return fd;
}

int secmon_mailbox_open(struct secmon_mailbox *mb, const char *socket_path, const char *dev_dir,
			struct error_detail *why)
{
	int fd = socket_path ? open_socket(socket_path, why) : open_port(dev_dir, why);

	mb->fd = fd < 0 ? -1 : fd;
	/* Ids start at a random odd value (never 0), so that no late answer,
	 * nor one another opener of the port prepared, matches by chance. */
	if (getrandom(&mb->next_id, sizeof(mb->next_id), GRND_NONBLOCK) != sizeof(mb->next_id))
		mb->next_id = (uint32_t)clock_ms() * 2654435761u;
	mb->next_id |= 1u;
	return fd < 0 ? fd : 0;
}

void secmon_mailbox_close(struct secmon_mailbox *mb)
{
	if (mb->fd >= 0)
		close(mb->fd);
	mb->fd = -1;
}

/*
 * Reads (events POLLIN) or writes (POLLOUT) exactly len bytes of buf before
 * deadline_ms; the port is non-blocking, and a write waits while the host
 * side is not connected (secmon gone). 0 or -errno (-ETIMEDOUT, -EPIPE at
 * the end of the stream).
 */
static int transfer(int fd, short events, uint8_t *buf, size_t len, uint64_t deadline_ms)
{
	while (len > 0) {
		uint64_t now = clock_ms();
		struct pollfd p = { fd, events, 0 };
		ssize_t n;
		int ready;

		if (now >= deadline_ms)
			return -ETIMEDOUT;
		ready = poll(&p, 1, (int)(deadline_ms - now));
		if (ready < 0 && errno != EINTR)
			return -errno;
		if (ready <= 0)
			continue;
		n = events == POLLIN ? read(fd, buf, len) : write(fd, buf, len);
		if (n == 0 && events == POLLIN)
			return -EPIPE;
		if (n < 0 && errno != EINTR && errno != EAGAIN)
			return -errno;
		if (n > 0) {
			buf += n;
			len -= (size_t)n;
		}
	}
	return 0;
}

/* Reads one message into msg: its size, or -errno (-EPROTO: not a message). */
static int read_message(int fd, uint8_t msg[MBOX_MSG_MAX], uint64_t deadline_ms)
{
	enum mbox_status why;
	uint32_t size;
	int err = transfer(fd, POLLIN, msg, MBOX_HEADER_SIZE, deadline_ms);

	if (err == 0 && mbox_frame_size(msg, MBOX_HEADER_SIZE, &size, &why) != 0)
		err = -EPROTO;
	if (err == 0)
		err = transfer(fd, POLLIN, msg + MBOX_HEADER_SIZE, size - MBOX_HEADER_SIZE, deadline_ms);
	return err < 0 ? err : (int)size;
}

int secmon_mailbox_call(struct secmon_mailbox *mb, struct mbox_request *req,
			struct mbox_response *resp, struct error_detail *why)
{
	return secmon_mailbox_call_within(mb, req, resp, SECMON_MAILBOX_TIMEOUT_MS, why);
}

int secmon_mailbox_call_within(struct secmon_mailbox *mb, struct mbox_request *req, struct mbox_response *resp,
			       uint32_t timeout_ms, struct error_detail *why)
{
	static uint8_t msg[MBOX_MSG_MAX];
	uint64_t deadline = clock_ms() + timeout_ms;
	enum mbox_status st;
	int n, err;

	if (mb->fd < 0)
		return error_detail_set(why, -EBADF, "the mailbox is not open");
	req->id = mb->next_id;
	mb->next_id = mb->next_id + 2u; /* odd: never 0 */
	n = mbox_encode_request(req, msg, sizeof(msg));
	if (n < 0)
		return error_detail_set(why, n, "request type %u not encodable", req->type);
	err = transfer(mb->fd, POLLOUT, msg, (size_t)n, deadline);
	if (err != 0)
		return error_detail_set(why, err, "mailbox write: %s", strerror(-err));
	for (;;) {
		n = read_message(mb->fd, msg, deadline);
		if (n < 0)
			break;
		if (mbox_decode_response(msg, (size_t)n, resp, &st) != 0) {
			n = -EPROTO;
			break;
		}
		if (mbox_response_answers(resp, req))
			return 0;
	}
	if (n == -EPROTO)
		secmon_mailbox_close(mb);
	return error_detail_set(why, n, "no answer from secmon: %s",
				n == -EPROTO ? "bytes that are no response" : strerror(-n));
}

int secmon_mailbox_development(struct secmon_mailbox *mb, bool *granted, struct error_detail *why)
{
	struct mbox_request req = { .type = MBOX_CAPABILITY };
	struct mbox_response resp;
	int err;

	req.f.capability.capability = MBOX_CAP_APP_DEVELOPMENT;
	err = secmon_mailbox_call(mb, &req, &resp, why);
	if (err == 0 && resp.status != MBOX_OK)
		err = error_detail_set(why, -EPROTO, "secmon: %s", mbox_status_text(resp.status));
	if (err == 0)
		*granted = resp.res.capability.granted;
	return err;
}

int secmon_require_development(const char *what, struct error_detail *why)
{
	struct secmon_mailbox mb;
	struct error_detail asked = { "" };
	bool granted = false;
	int err = secmon_mailbox_open(&mb, NULL, "/dev", &asked);

	if (err == 0) {
		err = secmon_mailbox_development(&mb, &granted, &asked);
		secmon_mailbox_close(&mb);
	}
	if (err != 0)
		return error_detail_set(why, -EPERM, "cannot ask secmon whether the device is in development mode: %s",
					asked.msg);
	if (!granted)
		return error_detail_set(why, -EPERM, "%s only in development mode (spherule device enable-development)",
					what);
	return 0;
}
