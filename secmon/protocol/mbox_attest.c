/* mbox_attest.c - the bytes an attestation signature covers (see
 * mbox_proto.h, docs/secmon-protocol.md "Attestation"). */
#include <errno.h>
#include <string.h>

#include "mbox_messages.h"
#include "mbox_proto.h"

int mbox_attest_signed_bytes(const struct mbox_response *resp, uint8_t *buf, size_t cap)
{
	const struct mbox_message *msg = mbox_message(MBOX_ATTEST);
	/* The result's fields but the last, the signature. */
	struct mbox_layout signed_result = { msg->result.fields, msg->result.count - 1 };
	size_t at = sizeof(MBOX_ATTEST_CONTEXT);
	int n;

	if (resp->type != MBOX_ATTEST || resp->status != MBOX_OK ||
	    mbox_response_check(resp) != MBOX_OK)
		return -EINVAL;
	if (cap < at)
		return -ENOSPC;
	memcpy(buf, MBOX_ATTEST_CONTEXT, at);
	n = mbox_fields_write(&msg->request, &resp->req, buf + at, cap - at);
	if (n < 0)
		return n;
	at += (size_t)n;
	n = mbox_fields_write(&signed_result, &resp->res, buf + at, cap - at);
	if (n < 0)
		return n;
	return (int)(at + (size_t)n);
}
