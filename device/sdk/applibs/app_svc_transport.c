/* app_svc_transport.c — one exchange of the app service protocol on a
 * given socket, and the descriptor an environment variable names (see
 * app_svc_transport.h). */
#include "app_svc_transport.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

/* How many descriptors a response may carry before it is refused whole. */
#define PASSED_FDS_MAX 4

int app_svc_env_fd(const char *name)
{
	const char *text = getenv(name);
	char *end;
	long n;

	if (!text || !*text)
		return -1;
	errno = 0;
	n = strtol(text, &end, 10);
	if (errno != 0 || *end != '\0' || n < 0 || n > INT_MAX || fcntl((int)n, F_GETFD) < 0)
		return -1;
	return (int)n;
}

/* A socket call's errno as the call's result: a socket that is not there
 * (any more) is no app service. */
static int socket_error(int err)
{
	switch (err) {
	case EBADF:
	case ENOTSOCK:
	case EPIPE:
	case ECONNRESET:
	case ENOTCONN:
		return -ENOTCONN;
	default:
		return -err;
	}
}

static int send_request(int fd, const struct app_svc_call *call)
{
	struct app_svc_req req = { .op = call->op, .arg = call->arg, .arg2 = call->arg2 };
	struct iovec iov[2] = {
		{ .iov_base = &req, .iov_len = sizeof(req) },
		{ .iov_base = (void *)call->payload, .iov_len = call->payload_len },
	};
	struct msghdr msg = { .msg_iov = iov, .msg_iovlen = call->payload_len ? 2 : 1 };
	ssize_t n;

	if (call->payload_len > app_svc_request_max(call->op) - sizeof(req))
		return -EMSGSIZE;
	do
		n = sendmsg(fd, &msg, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return socket_error(errno);
	return (size_t)n == sizeof(req) + call->payload_len ? 0 : -EPROTO;
}

/* The first descriptor msg passed (-1: none); closes any others. */
static int take_passed_fd(struct msghdr *msg)
{
	int passed = -1;

	for (struct cmsghdr *c = CMSG_FIRSTHDR(msg); c; c = CMSG_NXTHDR(msg, c)) {
		size_t count;

		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		count = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (size_t i = 0; i < count; i++) {
			int fd;

			memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof(fd));
			if (passed < 0)
				passed = fd;
			else
				close(fd);
		}
	}
	return passed;
}

/* Checks the response in buf[0 .. len) against call and copies its record
 * (with a refusal too, when it has one): 0, appmgr's negative status, or
 * -EPROTO. */
static int check_response(const struct app_svc_call *call, const unsigned char *buf, size_t len)
{
	struct app_svc_resp resp;

	if (len < sizeof(resp))
		return -EPROTO;
	memcpy(&resp, buf, sizeof(resp));
	if (resp.op != call->op || resp.status > 0 || resp.status < -4095)
		return -EPROTO;
	if (resp.status < 0) {
		if (call->reason && call->reason_len) {
			size_t n = strnlen(resp.reason, sizeof(resp.reason));

			if (n >= call->reason_len)
				n = call->reason_len - 1;
			memcpy(call->reason, resp.reason, n);
			call->reason[n] = '\0';
		}
		/* A refusal may carry the record too (RESOLVE_CHECK's -ENOENT
		 * names the app it refused). */
		if (call->record_len && len == sizeof(resp) + call->record_len)
			memcpy(call->record, buf + sizeof(resp), call->record_len);
		return resp.status;
	}
	if (len != sizeof(resp) + call->record_len)
		return -EPROTO;
	if (call->record_len)
		memcpy(call->record, buf + sizeof(resp), call->record_len);
	return 0;
}

static int receive_response(int fd, const struct app_svc_call *call)
{
	unsigned char buf[APP_SVC_MAX_MSG];
	union {
		struct cmsghdr align;
		char bytes[CMSG_SPACE(PASSED_FDS_MAX * sizeof(int))];
	} control;
	struct iovec iov = { .iov_base = buf, .iov_len = sizeof(buf) };
	struct msghdr msg = {
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = control.bytes,
		.msg_controllen = sizeof(control.bytes),
	};
	ssize_t n;
	int passed, result;

	do
		n = recvmsg(fd, &msg, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return socket_error(errno);
	passed = take_passed_fd(&msg);
	if (n == 0)
		result = -ENOTCONN;    /* appmgr closed its end */
	else if (msg.msg_flags & (MSG_TRUNC | MSG_CTRUNC))
		result = -EPROTO;
	else
		result = check_response(call, buf, (size_t)n);
	if (result == 0 && call->fd && passed < 0)
		result = -EPROTO;
	if (result == 0 && !call->fd && passed >= 0)
		result = -EPROTO;
	if (result == 0 && call->fd)
		*call->fd = passed;
	else if (passed >= 0)
		close(passed);
	return result;
}

int app_svc_exchange(int fd, const struct app_svc_call *call)
{
	int result;

	if (call->reason && call->reason_len)
		call->reason[0] = '\0';
	result = send_request(fd, call);
	if (result == 0)
		result = receive_response(fd, call);
	return result;
}
