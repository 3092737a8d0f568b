/* loopback.c — the net app's cases on the loopback (docs/security-model.md,
 * Network): its AF_INET sockets carry its uid as their mark, which it
 * cannot change (SO_MARK as a socket option or as a control message:
 * EPERM); it reaches the resolver at 127.0.0.1:53 over UDP, where the
 * suite's resolver app answers with the mark it saw (net_names.h), and so
 * does musl's getaddrinfo() without a resolv.conf; other loopback ports,
 * other loopback addresses and TCP to port 53 are EACCES. */
#include "loopback.h"

#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/spherule.h>

#include "net_names.h"
#include "net_sockets.h"

#define ANSWER_TIMEOUT_MS 30000

/* A UDP socket, or -errno. */
static int udp_socket(void)
{
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	return fd < 0 ? -errno : fd;
}

/* Its socket's mark, read back with SO_MARK, is its uid. */
static int own_mark(void)
{
	uint32_t mark = 0;
	socklen_t len = sizeof(mark);
	int fd = udp_socket();
	int err;

	if (fd < 0)
		return fd;
	err = getsockopt(fd, SOL_SOCKET, SO_MARK, &mark, &len) == 0 ? 0 : -errno;
	close(fd);
	if (err == 0 && mark != getuid())
		err = -EBADMSG;
	return err;
}

/* Setting its socket's mark to 0 (appmgr's, no app's). */
static int set_mark(void)
{
	uint32_t mark = 0;
	int fd = udp_socket();
	int err;

	if (fd < 0)
		return fd;
	err = setsockopt(fd, SOL_SOCKET, SO_MARK, &mark, sizeof(mark)) == 0 ? 0 : -errno;
	close(fd);
	return err;
}

/* A datagram to the resolver's port with an SO_MARK control message
 * naming uid 0. */
static int forged_mark(void)
{
	struct sockaddr_in sin = inet_addr_port(RESOLVER_ADDR, SPHERULE_RESOLVER_PORT);
	union {
		char buf[CMSG_SPACE(sizeof(uint32_t))];
		struct cmsghdr align;
	} control = { 0 };
	struct iovec iov = { .iov_base = "forged", .iov_len = 6 };
	struct msghdr msg = { .msg_name = &sin, .msg_namelen = sizeof(sin), .msg_iov = &iov,
			      .msg_iovlen = 1, .msg_control = control.buf,
			      .msg_controllen = sizeof(control.buf) };
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
	uint32_t mark = 0;
	int fd = udp_socket();
	int err;

	if (fd < 0)
		return fd;
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SO_MARK;
	c->cmsg_len = CMSG_LEN(sizeof(mark));
	memcpy(CMSG_DATA(c), &mark, sizeof(mark));
	err = sendmsg(fd, &msg, 0) >= 0 ? 0 : -errno;
	close(fd);
	return err;
}

/* Sends "uid <its uid>" to the resolver app on 127.0.0.1:53 and expects
 * "mark <its uid>": the mark the resolver read from the datagram. */
static int ask_resolver(void)
{
	struct sockaddr_in sin = inet_addr_port(RESOLVER_ADDR, SPHERULE_RESOLVER_PORT);
	char ask[32], want[32], answer[32];
	int fd = udp_socket();
	ssize_t n = 0;
	int err = 0;

	if (fd < 0)
		return fd;
	snprintf(ask, sizeof(ask), RESOLVER_ASK_FORMAT, (unsigned)getuid());
	snprintf(want, sizeof(want), RESOLVER_ANSWER_FORMAT, (unsigned)getuid());
	if (sendto(fd, ask, strlen(ask), 0, (struct sockaddr *)&sin, sizeof(sin)) < 0)
		err = -errno;
	else if (poll(&(struct pollfd){ .fd = fd, .events = POLLIN }, 1, ANSWER_TIMEOUT_MS) != 1)
		err = -ETIMEDOUT;
	else if ((n = recv(fd, answer, sizeof(answer) - 1, 0)) < 0)
		err = -errno;
	close(fd);
	if (err != 0)
		return err;
	answer[n] = '\0';
	return strcmp(answer, want) == 0 ? 0 : -EBADMSG;
}

/* getaddrinfo() of NX_HOST for IPv4: musl, without a readable
 * /etc/resolv.conf, asks 127.0.0.1:53, and the resolver app answers
 * NXDOMAIN (EAI_NONAME). Any other outcome is EPROTO. */
static int musl_lookup(void)
{
	struct addrinfo hints = { .ai_family = AF_INET, .ai_socktype = SOCK_DGRAM }, *res = NULL;
	int r = getaddrinfo(NX_HOST, NULL, &hints, &res);

	if (r == 0)
		freeaddrinfo(res);
	if (r == EAI_NONAME)
		return 0;
	printf("net: # getaddrinfo(%s): %s\n", NX_HOST, gai_strerror(r));
	return -EPROTO;
}

static int udp_connect_resolver(void)
{
	return try_connect(SOCK_DGRAM, RESOLVER_ADDR, SPHERULE_RESOLVER_PORT);
}

static int udp_send_other_port(void)
{
	return try_sendto(RESOLVER_ADDR, SPHERULE_RESOLVER_PORT + 1, AF_INET);
}

static int udp_connect_other_port(void)
{
	return try_connect(SOCK_DGRAM, RESOLVER_ADDR, SPHERULE_RESOLVER_PORT + 1);
}

static int udp_other_loopback(void) { return try_sendto("127.0.0.2", SPHERULE_RESOLVER_PORT, AF_INET); }

static int tcp_connect_resolver(void)
{
	return try_connect(SOCK_STREAM, RESOLVER_ADDR, SPHERULE_RESOLVER_PORT);
}

static int tcp_fastopen_resolver(void) { return try_fastopen(RESOLVER_ADDR, SPHERULE_RESOLVER_PORT); }

const struct attack_case loopback_cases[] = {
	{ "loopback: its socket's mark is its uid (positive)", 0, own_mark },
	{ "loopback: set its socket's mark (SO_MARK)", -EPERM, set_mark },
	{ "loopback: UDP to 127.0.0.1:53 reaches the resolver, which reads its uid as the mark (positive)",
	  0, ask_resolver },
	{ "loopback: getaddrinfo asks 127.0.0.1:53 and gets the resolver's NXDOMAIN (positive)", 0,
	  musl_lookup },
	{ "loopback: send with a forged SO_MARK control message", -EPERM, forged_mark },
	{ "loopback: UDP connect to 127.0.0.1:53 (positive)", 0, udp_connect_resolver },
	{ "loopback: UDP send to 127.0.0.1:54", -EACCES, udp_send_other_port },
	{ "loopback: UDP connect to 127.0.0.1:54", -EACCES, udp_connect_other_port },
	{ "loopback: UDP send to 127.0.0.2:53", -EACCES, udp_other_loopback },
	{ "loopback: TCP connect to 127.0.0.1:53", -EACCES, tcp_connect_resolver },
	{ "loopback: TCP fast open to 127.0.0.1:53", -EACCES, tcp_fastopen_resolver },
};
const unsigned loopback_case_count = CASE_COUNT(loopback_cases);
