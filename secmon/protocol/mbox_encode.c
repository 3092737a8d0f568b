/* mbox_encode.c - writes requests and responses as bytes, refusing what the
 * decoder would refuse (see mbox_proto.h). */
#include <errno.h>
#include <string.h>

#include "mbox_messages.h"
#include "mbox_proto.h"
#include "spherule/le.h"

/* Writes the header of a message of size bytes (body written) into buf. */
static int finish(uint8_t *buf, size_t size, uint32_t id, uint16_t type, uint16_t status)
{
	buf[MBOX_OFF_MAGIC] = MBOX_MAGIC0;
	buf[MBOX_OFF_MAGIC + 1] = MBOX_MAGIC1;
	put_le16(buf + MBOX_OFF_VERSION, MBOX_VERSION);
	put_le32(buf + MBOX_OFF_LENGTH, (uint32_t)size);
	put_le32(buf + MBOX_OFF_ID, id);
	put_le16(buf + MBOX_OFF_TYPE, type);
	put_le16(buf + MBOX_OFF_STATUS, status);
	return (int)size;
}

/* Writes the fields of layout from obj at buf + *at; false when it failed
 * (*err set). */
static bool write_more(const struct mbox_layout *layout, const void *obj, uint8_t *buf, size_t cap,
		       size_t *at, int *err)
{
	int n = mbox_fields_write(layout, obj, buf + *at, cap - *at);

	if (n < 0) {
		*err = n;
		return false;
	}
	*at += (size_t)n;
	return true;
}

int mbox_encode_request(const struct mbox_request *req, uint8_t *buf, size_t cap)
{
	size_t at = MBOX_HEADER_SIZE;
	int err;

	if (mbox_request_check(req) != MBOX_OK)
		return -EINVAL;
	if (cap < MBOX_HEADER_SIZE)
		return -ENOSPC;
	if (!write_more(&mbox_message(req->type)->request, &req->f, buf, cap, &at, &err))
		return err;
	return finish(buf, at, req->id, req->type, 0);
}

int mbox_encode_response(const struct mbox_response *resp, uint8_t *buf, size_t cap)
{
	size_t at = MBOX_HEADER_SIZE;
	const struct mbox_message *msg;
	int err;

	if (mbox_response_check(resp) != MBOX_OK)
		return -EINVAL;
	if (cap < MBOX_HEADER_SIZE)
		return -ENOSPC;
	if (!mbox_status_is_protocol_error(resp->status)) {
		msg = mbox_message(resp->type);
		if (!write_more(&msg->request, &resp->req, buf, cap, &at, &err) ||
		    !write_more(&msg->result, &resp->res, buf, cap, &at, &err))
			return err;
	}
	return finish(buf, at, resp->id, (uint16_t)(resp->type | MBOX_RESPONSE_BIT), resp->status);
}

void mbox_response_init(struct mbox_response *resp, const struct mbox_request *req,
			enum mbox_status status)
{
	memset(resp, 0, sizeof(*resp));
	resp->id = req->id;
	resp->type = req->type & (uint16_t)~MBOX_RESPONSE_BIT;
	resp->status = (uint16_t)status;
	if (!mbox_status_is_protocol_error(status))
		resp->req = req->f;
}
