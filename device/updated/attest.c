/* attest.c — an attestation from secmon (see attest.h). */
#include "attest.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#define TIMEOUT_MS 10000

static int transfer(int fd, bool out, uint8_t *buf, size_t len)
{
	while (len > 0) {
		struct pollfd p = { fd, out ? POLLOUT : POLLIN, 0 };
		ssize_t n;

		if (poll(&p, 1, TIMEOUT_MS) <= 0)
			return -ETIMEDOUT;
		n = out ? write(fd, buf, len) : read(fd, buf, len);
		if (n == 0)
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

/* Sends req and reads the message that answers it into msg (late answers to
 * another id dropped): its size, or -errno. */
static int exchange(int fd, const struct mbox_request *req, uint8_t msg[MBOX_MSG_MAX], struct mbox_response *resp)
{
	enum mbox_status st;
	uint32_t size;
	int n = mbox_encode_request(req, msg, MBOX_MSG_MAX), err;

	if (n < 0)
		return n;
	err = transfer(fd, true, msg, (size_t)n);
	while (err == 0) {
		err = transfer(fd, false, msg, MBOX_HEADER_SIZE);
		if (err == 0 && mbox_frame_size(msg, MBOX_HEADER_SIZE, &size, &st) != 0)
			err = -EPROTO;
		if (err == 0)
			err = transfer(fd, false, msg + MBOX_HEADER_SIZE, size - MBOX_HEADER_SIZE);
		if (err == 0 && mbox_decode_response(msg, size, resp, &st) != 0)
			err = -EPROTO;
		if (err == 0 && mbox_response_answers(resp, req))
			return (int)size;
	}
	return err;
}

/* Asks secmon req on the port (opened and closed here) into resp, the raw
 * message into msg: its size, or -errno with why. */
static int ask(struct mbox_request *req, uint8_t msg[MBOX_MSG_MAX], struct mbox_response *resp,
	       struct error_detail *why)
{
	const char *path = getenv(ATTEST_ENV);
	int fd, n;

	if (!path)
		return error_detail_set(why, -ENOTCONN, "%s is not set (no SecurityMonitor grant)", ATTEST_ENV);
	fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return error_detail_set(why, -errno, "%s: %s", path, strerror(errno));
	while (getrandom(&req->id, sizeof(req->id), 0) != sizeof(req->id) || req->id == 0)
		;
	n = exchange(fd, req, msg, resp);
	close(fd);
	if (n < 0)
		return error_detail_set(why, n, "no answer from secmon: %s", strerror(-n));
	if (resp->status != MBOX_OK)
		return error_detail_set(why, -EPROTO, "secmon: %s", mbox_status_text(resp->status));
	return n;
}

int attest_device_id(uint8_t device_id[MBOX_DEVICE_ID_SIZE], struct error_detail *why)
{
	static struct mbox_response resp;
	static uint8_t msg[MBOX_MSG_MAX];
	struct mbox_request req = { .type = MBOX_DEVICE_ID };
	int n = ask(&req, msg, &resp, why);

	if (n < 0)
		return n;
	memcpy(device_id, resp.res.device_id.device_id, MBOX_DEVICE_ID_SIZE);
	return 0;
}

int attest(const uint8_t nonce[MBOX_NONCE_SIZE], uint8_t out[ATTEST_RESULT_MAX], size_t *len,
	   uint8_t device_id[MBOX_DEVICE_ID_SIZE], struct error_detail *why)
{
	static struct mbox_response resp;
	struct mbox_request req = { .type = MBOX_ATTEST };
	size_t skip = MBOX_HEADER_SIZE + MBOX_NONCE_SIZE; /* the header, the nonce echoed */
	int n;

	memcpy(req.f.attest.nonce, nonce, MBOX_NONCE_SIZE);
	n = ask(&req, out, &resp, why);
	if (n < 0)
		return n;
	*len = (size_t)n - skip;
	memmove(out, out + skip, *len);
	memcpy(device_id, resp.res.attest.device_id, MBOX_DEVICE_ID_SIZE);
	return 0;
}
