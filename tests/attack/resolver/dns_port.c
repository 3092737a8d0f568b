/* dns_port.c — the resolver app in the network manager's place on the
 * resolver's port (docs/security-model.md, Network): it binds
 * 127.0.0.1:53 UDP (its manifest grants UDP port 53 and lists 127.0.0.1,
 * to answer) with SO_RCVMARK, and reads from each datagram of the net app
 * the mark the Spherule LSM gave the net app's socket: the net app's uid
 * (net_names.h says what the two apps send). */
#include "dns_port.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/spherule.h>

#include "net_names.h"

#ifndef SO_RCVMARK
#define SO_RCVMARK 75 /* Linux 5.19 <asm-generic/socket.h>; musl 1.2.3 lacks it */
#endif

#define DATAGRAM_WAIT_MS 30000 /* the net app asks within seconds of the last publication */
#define DNS_HEADER_SIZE 12
#define DNS_MAX 512

/* The bound socket, and the net app's uid once its first datagram said it. */
static int port_fd = -1;
static unsigned net_uid;

/* One received datagram: its bytes, its source and its mark. */
struct marked_datagram {
	char data[DNS_MAX + 1];
	size_t len;
	struct sockaddr_in from;
	uint32_t mark;
	int has_mark;
};

int dns_port_bind(void)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(SPHERULE_RESOLVER_PORT) };
	int on = 1;

	inet_pton(AF_INET, RESOLVER_ADDR, &sin.sin_addr);
	port_fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (port_fd < 0)
		return -errno;
	if (setsockopt(port_fd, SOL_SOCKET, SO_RCVMARK, &on, sizeof(on)) != 0 ||
	    bind(port_fd, (struct sockaddr *)&sin, sizeof(sin)) != 0) {
		int err = -errno;

		close(port_fd);
		port_fd = -1;
		return err;
	}
	return 0;
}

/* Waits for one datagram and reads it with its mark; 0 or -errno. */
static int receive(struct marked_datagram *d)
{
	union {
		char buf[CMSG_SPACE(sizeof(uint32_t))];
		struct cmsghdr align;
	} control;
	struct iovec iov = { .iov_base = d->data, .iov_len = DNS_MAX };
	struct msghdr msg = { .msg_name = &d->from, .msg_namelen = sizeof(d->from),
			      .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf,
			      .msg_controllen = sizeof(control.buf) };
	ssize_t n;

	if (port_fd < 0)
		return -EBADF;
	if (poll(&(struct pollfd){ .fd = port_fd, .events = POLLIN }, 1, DATAGRAM_WAIT_MS) != 1)
		return -ETIMEDOUT;
	n = recvmsg(port_fd, &msg, 0);
	if (n < 0)
		return -errno;
	d->len = (size_t)n;
	d->data[n] = '\0';
	d->has_mark = 0;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c))
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SO_MARK &&
		    c->cmsg_len == CMSG_LEN(sizeof(uint32_t))) {
			memcpy(&d->mark, CMSG_DATA(c), sizeof(d->mark));
			d->has_mark = 1;
		}
	return d->has_mark ? 0 : -EPROTO;
}

static int answer(const struct marked_datagram *d, const void *data, size_t len)
{
	return sendto(port_fd, data, len, 0, (const struct sockaddr *)&d->from, sizeof(d->from)) ==
			       (ssize_t)len ? 0 : -errno;
}

int dns_port_marked_datagram(void)
{
	struct marked_datagram d;
	char reply[32];
	int err = receive(&d);

	if (err != 0)
		return err;
	printf("resolver: datagram \"%s\" from port %u, mark %u\n", d.data, ntohs(d.from.sin_port),
	       (unsigned)d.mark);
	if (sscanf(d.data, RESOLVER_ASK_FORMAT, &net_uid) != 1 || net_uid == getuid() ||
	    d.mark != net_uid)
		return -EBADMSG;
	snprintf(reply, sizeof(reply), RESOLVER_ANSWER_FORMAT, (unsigned)d.mark);
	return answer(&d, reply, strlen(reply));
}

/* The question NX_HOST, type A, class IN, as a query carries it after its
 * header. */
static size_t nx_question(unsigned char *out)
{
	static const char name[] = NX_HOST;
	size_t len = 0;

	for (const char *label = name; *label;) {
		size_t n = strcspn(label, ".");

		out[len++] = (unsigned char)n;
		memcpy(out + len, label, n);
		len += n;
		label += n + (label[n] == '.');
	}
	out[len++] = 0;
	memcpy(out + len, "\0\1\0\1", 4); /* QTYPE A, QCLASS IN */
	return len + 4;
}

int dns_port_musl_query(void)
{
	unsigned char question[sizeof(NX_HOST) + 6];
	size_t question_len = nx_question(question);
	struct marked_datagram d;
	unsigned char *q = (unsigned char *)d.data;
	int err = receive(&d);

	if (err != 0)
		return err;
	printf("resolver: query of %zu bytes from port %u, mark %u\n", d.len, ntohs(d.from.sin_port),
	       (unsigned)d.mark);
	/* One question (QDCOUNT 1, no other records), NX_HOST's A record. */
	if (d.mark != net_uid || d.len != DNS_HEADER_SIZE + question_len ||
	    memcmp(q + 4, "\0\1\0\0\0\0\0\0", 8) != 0 ||
	    memcmp(q + DNS_HEADER_SIZE, question, question_len) != 0)
		return -EBADMSG;
	q[2] |= 0x80;   /* QR: a response (ID, opcode, RD kept) */
	q[3] = 0x80 | 3; /* RA, RCODE 3: NXDOMAIN */
	return answer(&d, q, d.len);
}
