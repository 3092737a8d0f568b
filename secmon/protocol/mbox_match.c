/* mbox_match.c - whether a response answers a request (see mbox_proto.h). */
#include <string.h>

#include "mbox_messages.h"
#include "mbox_proto.h"

/* Room for the largest request body (the attestation nonce). */
#define REQUEST_FIELDS_MAX 64u

bool mbox_response_answers(const struct mbox_response *resp, const struct mbox_request *req)
{
	uint8_t sent[REQUEST_FIELDS_MAX], echoed[REQUEST_FIELDS_MAX];
	const struct mbox_message *msg;
	int n_sent, n_echoed;

	if (resp->id != req->id || resp->type != req->type)
		return false;
	if (mbox_status_is_protocol_error(resp->status))
		return true;
	msg = mbox_message(req->type);
	if (!msg)
		return false;
	/* Compared as bytes on the wire: the structs' padding is not part of them. */
	n_sent = mbox_fields_write(&msg->request, &req->f, sent, sizeof(sent));
	n_echoed = mbox_fields_write(&msg->request, &resp->req, echoed, sizeof(echoed));
	return n_sent >= 0 && n_sent == n_echoed && memcmp(sent, echoed, (size_t)n_sent) == 0;
}
