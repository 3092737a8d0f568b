/* mbox_decode.c - reads requests and responses from bytes, every length and
 * field checked before it is used (see mbox_proto.h). */
#include <errno.h>
#include <string.h>

#include "mbox_messages.h"
#include "mbox_proto.h"
#include "spherule/le.h"

static int fail(enum mbox_status *why, enum mbox_status st)
{
	*why = st;
	return -EBADMSG;
}

int mbox_frame_size(const uint8_t *hdr, size_t len, uint32_t *size, enum mbox_status *why)
{
	uint32_t length;

	if (len < MBOX_HEADER_SIZE)
		return fail(why, MBOX_ST_TRUNCATED);
	if (hdr[MBOX_OFF_MAGIC] != MBOX_MAGIC0 || hdr[MBOX_OFF_MAGIC + 1] != MBOX_MAGIC1)
		return fail(why, MBOX_ST_BAD_MAGIC);
	length = get_le32(hdr + MBOX_OFF_LENGTH);
	if (length < MBOX_HEADER_SIZE || length > MBOX_MSG_MAX)
		return fail(why, MBOX_ST_BAD_LENGTH);
	*size = length;
	return 0;
}

/* Checks that buf holds exactly one message of this version. */
static int frame_check(const uint8_t *buf, size_t len, enum mbox_status *why)
{
	uint32_t size;

	if (mbox_frame_size(buf, len, &size, why) < 0)
		return -EBADMSG;
	if (len < size)
		return fail(why, MBOX_ST_TRUNCATED);
	if (len > size)
		return fail(why, MBOX_ST_TRAILING);
	if (get_le16(buf + MBOX_OFF_VERSION) != MBOX_VERSION)
		return fail(why, MBOX_ST_BAD_VERSION);
	return 0;
}

/* Reads the fields of layout from the n bytes at body: exactly n. */
static enum mbox_status read_all(const struct mbox_layout *layout, const uint8_t *body, size_t n,
				 void *obj, size_t *at)
{
	size_t used = 0;
	enum mbox_status st = mbox_fields_read(layout, body + *at, n - *at, obj, &used);

	if (st == MBOX_OK)
		*at += used;
	return st;
}

int mbox_decode_request(const uint8_t *buf, size_t len, struct mbox_request *req,
			enum mbox_status *why)
{
	const uint8_t *body = buf + MBOX_HEADER_SIZE;
	enum mbox_status st;
	size_t at = 0;

	memset(req, 0, sizeof(*req));
	if (len >= MBOX_HEADER_SIZE) {
		req->id = get_le32(buf + MBOX_OFF_ID);
		req->type = get_le16(buf + MBOX_OFF_TYPE);
	}
	if (frame_check(buf, len, why) < 0)
		return -EBADMSG;
	if (get_le16(buf + MBOX_OFF_STATUS) != 0)
		return fail(why, MBOX_ST_NONZERO_RESERVED);
	st = mbox_request_check(req);
	if (st == MBOX_OK)
		st = read_all(&mbox_message(req->type)->request, body, len - MBOX_HEADER_SIZE,
			      &req->f, &at);
	if (st == MBOX_OK && at != len - MBOX_HEADER_SIZE)
		st = MBOX_ST_TRAILING;
	return st == MBOX_OK ? 0 : fail(why, st);
}

int mbox_decode_response(const uint8_t *buf, size_t len, struct mbox_response *resp,
			 enum mbox_status *why)
{
	const uint8_t *body = buf + MBOX_HEADER_SIZE;
	const struct mbox_message *msg;
	size_t n, at = 0;
	enum mbox_status st;
	uint16_t type;

	memset(resp, 0, sizeof(*resp));
	if (frame_check(buf, len, why) < 0)
		return -EBADMSG;
	type = get_le16(buf + MBOX_OFF_TYPE);
	if (!(type & MBOX_RESPONSE_BIT))
		return fail(why, MBOX_ST_UNKNOWN_TYPE);
	resp->id = get_le32(buf + MBOX_OFF_ID);
	resp->type = type & (uint16_t)~MBOX_RESPONSE_BIT;
	resp->status = get_le16(buf + MBOX_OFF_STATUS);
	n = len - MBOX_HEADER_SIZE;
	/* Checked before the body (to know its layout) and after it (the rules
	 * across its fields). */
	st = mbox_response_check(resp);
	if (st != MBOX_OK)
		return fail(why, st);
	if (mbox_status_is_protocol_error(resp->status))
		return n == 0 ? 0 : fail(why, MBOX_ST_TRAILING);
	msg = mbox_message(resp->type);
	st = read_all(&msg->request, body, n, &resp->req, &at);
	if (st == MBOX_OK)
		st = read_all(&msg->result, body, n, &resp->res, &at);
	if (st == MBOX_OK && at != n)
		st = MBOX_ST_TRAILING;
	if (st == MBOX_OK)
		st = mbox_response_check(resp);
	return st == MBOX_OK ? 0 : fail(why, st);
}
