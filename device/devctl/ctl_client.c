/* ctl_client.c — requests to appmgr on the control socket (see
 * ctl_client.h). */
#include "ctl_client.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>

void ctl_init(struct ctl *c, int fd)
{
	memset(c, 0, sizeof(*c));
	c->fd = fd;
}

static int fail(struct ctl *c, int err)
{
	c->broken = true;
	return err;
}

static int send_request(struct ctl *c, size_t len)
{
	for (;;) {
		struct pollfd p = { c->fd, POLLOUT, 0 };
		ssize_t n = send(c->fd, c->out.bytes, len, MSG_NOSIGNAL);

		if (n == (ssize_t)len)
			return 0;
		if (n >= 0)
			return -EMSGSIZE;
		if (errno != EAGAIN && errno != EINTR)
			return -errno;
		if (poll(&p, 1, -1) < 0 && errno != EINTR)
			return -errno;
	}
}

static int receive_response(struct ctl *c)
{
	for (;;) {
		struct pollfd p = { c->fd, POLLIN, 0 };
		struct iovec iov = { c->in.bytes, sizeof(c->in.bytes) };
		struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
		ssize_t n = recvmsg(c->fd, &msg, 0);

		if (n > 0 && (msg.msg_flags & MSG_TRUNC))
			return -EMSGSIZE;
		if (n > 0) {
			c->in_len = (size_t)n;
			return 0;
		}
		if (n == 0)
			return -ECONNRESET; /* appmgr closed its end */
		if (errno != EAGAIN && errno != EINTR)
			return -errno;
		if (poll(&p, 1, -1) < 0 && errno != EINTR)
			return -errno;
	}
}

int ctl_call(struct ctl *c, uint16_t op, uint16_t flags, uint64_t arg, const uint8_t *id, size_t data_len)
{
	int err;

	if (c->broken)
		return -EPIPE;
	if (data_len > APPMGR_CTL_MAX_DATA)
		return -EINVAL;
	memset(&c->out.req, 0, sizeof(c->out.req));
	c->out.req.op = op;
	c->out.req.flags = flags;
	c->out.req.arg = arg;
	if (id)
		memcpy(c->out.req.component_id, id, sizeof(c->out.req.component_id));
	err = send_request(c, sizeof(c->out.req) + data_len);
	if (err == 0)
		err = receive_response(c);
	if (err == 0 && (c->in_len < sizeof(c->in.resp) || c->in.resp.op != op))
		err = -EPROTO;
	if (err < 0)
		return fail(c, err);
	c->in.resp.reason[sizeof(c->in.resp.reason) - 1] = '\0';
	return 0;
}

const void *ctl_payload(const struct ctl *c, size_t *len)
{
	*len = c->in_len - sizeof(c->in.resp);
	return c->in.bytes + sizeof(c->in.resp);
}

const void *ctl_records(const struct ctl *c, size_t rec_size, unsigned *count)
{
	size_t len;
	const void *p = ctl_payload(c, &len);

	*count = 0;
	if ((size_t)c->in.resp.count * rec_size != len)
		return NULL;
	*count = c->in.resp.count;
	return p;
}
