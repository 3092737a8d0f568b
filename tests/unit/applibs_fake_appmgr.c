/* applibs_fake_appmgr.c — appmgr's end of the app service socket for
 * applibs' host tests (see applibs_fake_appmgr.h). */
#include "applibs_fake_appmgr.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

static int appmgr_end = -1;
static int app_end = -1;

void fake_appmgr_start(void)
{
	int pair[2];
	char fd_text[16];

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) != 0) {
		perror("fake appmgr: socketpair");
		exit(2);
	}
	appmgr_end = pair[0];
	app_end = pair[1];
	snprintf(fd_text, sizeof(fd_text), "%d", app_end);
	setenv(APP_SERVICE_ENV, fd_text, 1);
}

/* Sends one message on sock with len bytes of data, passing fd unless -1. */
static void send_with_fd(int sock, const void *data, size_t len, int fd)
{
	union {
		struct cmsghdr align;
		char bytes[CMSG_SPACE(sizeof(int))];
	} control;
	struct iovec iov = { .iov_base = (void *)data, .iov_len = len };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };

	if (fd >= 0) {
		struct cmsghdr *c;

		memset(&control, 0, sizeof(control));
		msg.msg_control = control.bytes;
		msg.msg_controllen = sizeof(control.bytes);
		c = CMSG_FIRSTHDR(&msg);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(c), &fd, sizeof(fd));
	}
	if (sendmsg(sock, &msg, 0) != (ssize_t)len) {
		perror("fake appmgr: sendmsg");
		exit(2);
	}
}

void fake_answer(uint16_t op, int32_t status, const void *record, size_t len, int fd)
{
	unsigned char buf[APP_SVC_MAX_MSG];
	struct app_svc_resp resp = { .op = op, .status = status };

	if (status < 0)
		snprintf(resp.reason, sizeof(resp.reason), "fake appmgr says no");
	memcpy(buf, &resp, sizeof(resp));
	if (len)
		memcpy(buf + sizeof(resp), record, len);
	send_with_fd(appmgr_end, buf, sizeof(resp) + len, fd);
}

long fake_request(struct app_svc_req *req, void *payload, size_t size)
{
	unsigned char buf[APP_SVC_MAX_MSG];
	ssize_t n = recv(appmgr_end, buf, sizeof(buf), MSG_DONTWAIT);
	size_t len;

	if (n < (ssize_t)sizeof(*req))
		return -1;
	memcpy(req, buf, sizeof(*req));
	len = (size_t)n - sizeof(*req);
	if (payload)
		memcpy(payload, buf + sizeof(*req), len < size ? len : size);
	return (long)len;
}

bool fake_no_request(void)
{
	char byte;

	return recv(appmgr_end, &byte, sizeof(byte), MSG_DONTWAIT | MSG_PEEK) < 0;
}

void fake_drain(void)
{
	char buf[APP_SVC_MAX_MSG];

	while (recv(appmgr_end, buf, sizeof(buf), MSG_DONTWAIT) > 0)
		;
	while (recv(app_end, buf, sizeof(buf), MSG_DONTWAIT) > 0)
		;
}
