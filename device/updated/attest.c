/* attest.c — an attestation from secmon (see attest.h), through appmgr's
 * mailbox client (secmon_mailbox.h) on the port's node. */
#include "attest.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include "secmon_mailbox.h"

/* Asks secmon req on the port (opened and closed here) into resp: 0 or
 * -errno with why. */
static int ask(struct mbox_request *req, struct mbox_response *resp, struct error_detail *why)
{
	const char *path = getenv(ATTEST_ENV);
	struct secmon_mailbox mb = { .fd = -1, .next_id = 1 };
	int err;

	if (!path)
		return error_detail_set(why, -ENOTCONN, "%s is not set (no SecurityMonitor grant)", ATTEST_ENV);
	mb.fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (mb.fd < 0)
		return error_detail_set(why, -errno, "%s: %s", path, strerror(errno));
	err = secmon_mailbox_call(&mb, req, resp, why);
	secmon_mailbox_close(&mb);
	if (err == 0 && resp->status != MBOX_OK)
		err = error_detail_set(why, -EPROTO, "secmon: %s", mbox_status_text(resp->status));
	return err;
}

int attest_device_id(uint8_t device_id[MBOX_DEVICE_ID_SIZE], struct error_detail *why)
{
	static struct mbox_response resp;
	struct mbox_request req = { .type = MBOX_DEVICE_ID };
	int err = ask(&req, &resp, why);

	if (err == 0)
		memcpy(device_id, resp.res.device_id.device_id, MBOX_DEVICE_ID_SIZE);
	return err;
}

int attest(const uint8_t nonce[MBOX_NONCE_SIZE], uint8_t out[ATTEST_RESULT_MAX], size_t *len,
	   uint8_t device_id[MBOX_DEVICE_ID_SIZE], struct error_detail *why)
{
	static struct mbox_response resp;
	struct mbox_request req = { .type = MBOX_ATTEST };
	size_t skip = MBOX_HEADER_SIZE + MBOX_NONCE_SIZE; /* the header, the nonce echoed */
	int n, err;

	memcpy(req.f.attest.nonce, nonce, MBOX_NONCE_SIZE);
	err = ask(&req, &resp, why);
	if (err != 0)
		return err;
	/* The codec has one encoding for each response: these are secmon's bytes. */
	n = mbox_encode_response(&resp, out, ATTEST_RESULT_MAX);
	if (n < (int)skip)
		return error_detail_set(why, -EPROTO, "the attestation does not re-encode");
	*len = (size_t)n - skip;
	memmove(out, out + skip, *len);
	memcpy(device_id, resp.res.attest.device_id, MBOX_DEVICE_ID_SIZE);
	return 0;
}
