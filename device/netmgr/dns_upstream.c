/*
 * dns_upstream.c - one query's transport to the upstream DNS server
 * (dns_upstream.h): a connected non-blocking UDP or TCP socket, the TCP
 * length prefix on the way out and in.
 */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "dns_upstream.h"

int dns_upstream_start(struct dns_upstream *u, const struct sockaddr_in *server, bool tcp,
		       const uint8_t *query, size_t len)
{
	u->state = DNS_UPSTREAM_CLOSED;
	if (len > DNS_UPSTREAM_QUERY_MAX)
		return -EMSGSIZE;
	u->tcp = tcp;
	u->query[0] = (uint8_t)(len >> 8);
	u->query[1] = (uint8_t)len;
	memcpy(u->query + 2, query, len);
	u->query_len = len + 2;
	u->done = 0;
	u->answer_len = 0;
	u->fd = socket(AF_INET, (tcp ? SOCK_STREAM : SOCK_DGRAM) | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (u->fd < 0)
		return -errno;
	u->state = tcp ? DNS_UPSTREAM_CONNECTING : DNS_UPSTREAM_READING;
	int err = 0;

	if (connect(u->fd, (const struct sockaddr *)server, sizeof(*server)) < 0 &&
	    !(tcp && errno == EINPROGRESS))
		err = -errno;
	if (!err && !tcp)
		err = dns_upstream_resend(u);
	if (err)
		dns_upstream_close(u);
	return err;
}

short dns_upstream_events(const struct dns_upstream *u)
{
	return u->state == DNS_UPSTREAM_READING ? POLLIN : POLLOUT;
}

int dns_upstream_resend(struct dns_upstream *u)
{
	ssize_t n = send(u->fd, u->query + 2, u->query_len - 2, MSG_DONTWAIT | MSG_NOSIGNAL);

	if (n < 0)
		return -errno;
	return (size_t)n == u->query_len - 2 ? 0 : -EIO;
}

/* TCP: the connection is made (or failed); send what is left of the query. */
static int tcp_send(struct dns_upstream *u)
{
	if (u->state == DNS_UPSTREAM_CONNECTING) {
		int soerr = 0;
		socklen_t sl = sizeof(soerr);

		if (getsockopt(u->fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) < 0)
			return -errno;
		if (soerr)
			return -soerr;
		u->state = DNS_UPSTREAM_SENDING;
	}
	ssize_t n = send(u->fd, u->query + u->done, u->query_len - u->done,
			 MSG_DONTWAIT | MSG_NOSIGNAL);

	if (n < 0)
		return errno == EAGAIN || errno == ENOTCONN ? 0 : -errno;
	u->done += (size_t)n;
	if (u->done == u->query_len) {
		u->state = DNS_UPSTREAM_READING;
		u->done = 0;
	}
	return 0;
}

/* TCP: reads the 2-byte length, then the answer, as far as it has come. */
static int tcp_read(struct dns_upstream *u)
{
	bool in_prefix = u->done < 2;
	uint8_t *to = in_prefix ? u->prefix + u->done : u->answer + (u->done - 2);
	size_t want = in_prefix ? 2 - u->done : u->answer_len - (u->done - 2);
	ssize_t n = recv(u->fd, to, want, MSG_DONTWAIT);

	if (n < 0)
		return errno == EAGAIN ? 0 : -errno;
	if (n == 0)
		return -ECONNRESET;
	u->done += (size_t)n;
	if (!in_prefix)
		return u->done - 2 == u->answer_len ? (int)u->answer_len : 0;
	if (u->done < 2)
		return 0;
	u->answer_len = (size_t)(u->prefix[0] << 8 | u->prefix[1]);
	if (u->answer_len == 0)
		return -EBADMSG;
	if (u->answer_len > sizeof(u->answer))
		return -EMSGSIZE;
	return tcp_read(u);	/* the answer may be there already */
}

/* UDP: the next datagram, if one is there. */
static int udp_read(struct dns_upstream *u)
{
	ssize_t n = recv(u->fd, u->answer, sizeof(u->answer), MSG_DONTWAIT | MSG_TRUNC);

	if (n < 0)
		return errno == EAGAIN ? 0 : -errno;
	if (n == 0)
		return -EBADMSG;
	if ((size_t)n > sizeof(u->answer))
		return -EMSGSIZE;
	return (int)n;
}

int dns_upstream_io(struct dns_upstream *u, short revents)
{
	if (u->state == DNS_UPSTREAM_CLOSED)
		return -EBADF;
	if (!u->tcp)
		return udp_read(u);
	if (u->state != DNS_UPSTREAM_READING) {
		if (!(revents & (POLLOUT | POLLERR | POLLHUP)))
			return 0;
		return tcp_send(u);
	}
	if (!(revents & (POLLIN | POLLERR | POLLHUP)))
		return 0;
	return tcp_read(u);
}

void dns_upstream_close(struct dns_upstream *u)
{
	if (u->state != DNS_UPSTREAM_CLOSED)
		close(u->fd);
	u->state = DNS_UPSTREAM_CLOSED;
	u->fd = -1;
}
