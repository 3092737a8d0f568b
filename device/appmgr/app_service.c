/* app_service.c — appmgr's end of every app's service socket (see
 * app_service.h). */
#include "app_service.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "app_svc_ops.h"
#include "app_svc_reports.h"
#include "app_sysevent.h"
#include "log.h"

#define RATE_WINDOW_MS 1000u

/* The app's end between the socketpair and the fork. */
static int child_end = -1;
/* One request and one answer at a time: the request buffer holds one byte
 * more than a message may have (the staging ops' bytes), so that a longer
 * one is seen. */
static uint8_t request[APP_SVC_MAX_STAGE_MSG + 1];
static struct app_svc_answer answer;

int app_service_before_launch(struct supervisor *s, struct app *a)
{
	int sndbuf = APP_SERVICE_SNDBUF, fds[2];

	app_service_close(s, a);
	app_service_after_launch();
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds) != 0)
		return -errno;
	if (fcntl(fds[0], F_SETFL, O_NONBLOCK) != 0 ||
	    setsockopt(fds[0], SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf)) != 0) {
		int err = -errno;

		close(fds[0]);
		close(fds[1]);
		return err;
	}
	a->svc_fd = fds[0];
	a->peak_user_kib = 0;
	a->svc_requests = 0;
	a->svc_dropping = false;
	a->crash_valid = false;
	child_end = fds[1];
	return 0;
}

void app_service_after_launch(void)
{
	if (child_end >= 0)
		close(child_end);
	child_end = -1;
}

int app_service_child_fd(void)
{
	int fd = fcntl(child_end, F_DUPFD, APP_SERVICE_FD + 1);

	return fd < 0 ? -errno : fd;
}

void app_service_close(struct supervisor *s, struct app *a)
{
	if (a->svc_fd >= 0)
		close(a->svc_fd);
	a->svc_fd = -1;
	app_sysevent_unregister(s, a);
	app_sysevent_agent_ended(s, a);
}

bool app_service_pollable(const struct app *a, uint64_t now_ms, uint64_t *wake_ms)
{
	uint64_t window_end = a->svc_window_ms + RATE_WINDOW_MS;

	if (a->svc_fd < 0)
		return false;
	if (a->svc_requests < APP_SERVICE_RATE || now_ms >= window_end)
		return true;
	*wake_ms = window_end;
	return false;
}

/* Counts a request against a's rate. */
static void take_rate(struct app *a, uint64_t now_ms)
{
	if (now_ms >= a->svc_window_ms + RATE_WINDOW_MS) {
		a->svc_window_ms = now_ms;
		a->svc_requests = 0;
	}
	a->svc_requests++;
}

/* Sends the answer, passing its descriptor if it has one, without waiting. */
static int send_answer(int fd)
{
	struct iovec iov = { &answer, sizeof(answer.head) + answer.len };
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} ctl;
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };

	_Static_assert(offsetof(struct app_svc_answer, body) == sizeof(struct app_svc_resp),
		       "the record follows the header");
	if (answer.fd >= 0) {
		struct cmsghdr *c;

		memset(&ctl, 0, sizeof(ctl));
		msg.msg_control = ctl.buf;
		msg.msg_controllen = sizeof(ctl.buf);
		c = CMSG_FIRSTHDR(&msg);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(c), &answer.fd, sizeof(int));
	}
	return sendmsg(fd, &msg, MSG_DONTWAIT | MSG_NOSIGNAL) < 0 ? -errno : 0;
}

/* The longest message the request in request[] may be, by its op. */
static size_t request_max(void)
{
	uint16_t op;

	memcpy(&op, request, sizeof(op));
	return app_svc_request_max(op);
}

/* Answers the request of n bytes in request[]. */
static void answer_request(struct supervisor *s, struct app *a, size_t n, uint64_t now_ms)
{
	struct error_detail why = { "" };
	const char *op;
	int err;

	if (n < sizeof(struct app_svc_req) || n > request_max()) {
		memset(&answer.head, 0, sizeof(answer.head));
		answer.len = 0;
		answer.fd = -1;
		if (n >= sizeof(answer.head.op))
			memcpy(&answer.head.op, request, sizeof(answer.head.op));
		err = error_detail_set(&why, -EBADMSG, "a message of %zu bytes (a request is %zu to %zu)", n,
				       sizeof(struct app_svc_req), request_max());
	} else {
		err = app_svc_dispatch(s, a, request, n, now_ms, &answer, &why);
	}
	op = app_svc_op_name(answer.head.op);
	if (err != 0) {
		size_t len = strnlen(why.msg, sizeof(answer.head.reason) - 1);

		answer.head.status = err;
		memcpy(answer.head.reason, why.msg, len);
		if (!app_svc_status_is_answer(answer.head.op, err))
			log_to_app(&a->ring, "%s refused (%s): %s", op, strerror(-err), why.msg);
	}
	err = send_answer(a->svc_fd);
	/* Said once for a run of dropped answers. */
	if (err != 0 && !a->svc_dropping)
		log_to_app(&a->ring, "%s: answer dropped (%s): one request at a time, and answers dropped until "
			   "it reads them", op, strerror(-err));
	a->svc_dropping = err != 0;
	/* A dropped registration: its event socket never reached the app. */
	if (err != 0 && answer.head.op == APP_SVC_SYSEVENT_REGISTER && answer.head.status == 0)
		app_sysevent_unregister(s, a);
	if (answer.fd >= 0)
		close(answer.fd);
}

static bool peer_closed(int fd)
{
	struct pollfd p = { fd, POLLRDHUP, 0 };

	return poll(&p, 1, 0) == 1 && (p.revents & (POLLRDHUP | POLLHUP | POLLERR));
}

void app_service_serve(struct supervisor *s, struct app *a, uint64_t now_ms)
{
	ssize_t n;

	do
		n = recv(a->svc_fd, request, sizeof(request), MSG_DONTWAIT | MSG_TRUNC);
	while (n < 0 && errno == EINTR);
	if (n < 0 && errno == EAGAIN)
		return;
	/* 0 is an empty message or, once the app closed its end, the end. */
	if (n < 0 || (n == 0 && peer_closed(a->svc_fd))) {
		app_service_close(s, a);
		return;
	}
	take_rate(a, now_ms);
	answer_request(s, a, (size_t)n, now_ms);
}

void app_service_take_crash_info(struct app *a)
{
	struct app_svc_req req;
	ssize_t n;

	for (unsigned i = 0; a->svc_fd >= 0 && i < APP_SERVICE_DRAIN_MAX; i++) {
		n = recv(a->svc_fd, request, sizeof(request), MSG_DONTWAIT | MSG_TRUNC);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < (ssize_t)sizeof(req))
			return;
		memcpy(&req, request, sizeof(req));
		if (req.op == APP_SVC_CRASH_INFO && (size_t)n == sizeof(req) + sizeof(struct app_svc_crash_info))
			(void)app_svc_crash_info(a, request + sizeof(req), NULL);
	}
}
