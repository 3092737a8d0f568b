/*
 * mbox_handle.h - a test double of secmon's mailbox server for the protocol's
 * unit test and fuzz target: answers any bytes with a response, as the real
 * server must (an error response for a malformed request, never a crash),
 * with made-up results. Not secmon: it checks nothing but the codec.
 */
#ifndef SPHERULE_TEST_MBOX_HANDLE_H
#define SPHERULE_TEST_MBOX_HANDLE_H

#include <stddef.h>
#include <stdint.h>

#include "mbox_proto.h"

/* Slots from here on are not on the double's board (MBOX_ST_NO_SLOT). */
#define MBOX_HANDLE_SLOTS 16u

/* Decodes the request in (len bytes), writes the response into out and
 * returns its size; aborts if the codec cannot encode a response. */
size_t mbox_handle(const uint8_t *in, size_t len, uint8_t out[MBOX_MSG_MAX]);

/* Fills resp->res with the double's results for a well-formed request. */
void mbox_handle_results(struct mbox_response *resp);

#endif
