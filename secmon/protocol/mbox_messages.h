/*
 * mbox_messages.h - the body of each message type as tables of fields
 * (mbox_fields.h), and the rules between fields that no single field's
 * bounds express (internal to secmon/protocol; docs/secmon-protocol.md).
 */
#ifndef SPHERULE_MBOX_MESSAGES_H
#define SPHERULE_MBOX_MESSAGES_H

#include "mbox_fields.h"
#include "mbox_proto.h"

struct mbox_message {
	struct mbox_layout request; /* union mbox_request_fields; echoed first in the response */
	struct mbox_layout result; /* union mbox_result_fields, after the echo */
};

/* The layouts of type (without MBOX_RESPONSE_BIT), or NULL when the protocol
 * defines no such type. */
const struct mbox_message *mbox_message(uint16_t type);

/* Whether status is a protocol error: the message could not be read, the
 * response has no body. */
static inline bool mbox_status_is_protocol_error(uint16_t status)
{
	return status >= MBOX_ST_TRUNCATED && status <= MBOX_ST_PROTOCOL_LAST;
}

/* The header offsets (the first three are the same in every version). */
#define MBOX_OFF_MAGIC 0u
#define MBOX_OFF_VERSION 2u
#define MBOX_OFF_LENGTH 4u
#define MBOX_OFF_ID 8u
#define MBOX_OFF_TYPE 12u
#define MBOX_OFF_STATUS 14u

/*
 * What a request must be besides its fields' bounds: an id other than 0, a
 * type the protocol defines. MBOX_OK, MBOX_ST_OUT_OF_RANGE or
 * MBOX_ST_UNKNOWN_TYPE.
 */
enum mbox_status mbox_request_check(const struct mbox_request *req);

/*
 * What a response must be besides its fields' bounds: a status the protocol
 * defines, an id other than 0 unless it is a protocol error (whose request
 * may have had no readable id), a type the protocol defines unless it is a
 * protocol error (it echoes whatever type the request had). With a body: a
 * list (random bytes, measurements) is empty unless the status is MBOX_OK,
 * the random bytes are as many as the request asked for, the measurements'
 * kinds increase from one to the next. MBOX_OK,
 * MBOX_ST_OUT_OF_RANGE or MBOX_ST_UNKNOWN_TYPE.
 */
enum mbox_status mbox_response_check(const struct mbox_response *resp);

#endif
