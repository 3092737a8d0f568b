/*
 * mbox_server.h - secmon's side of the mailbox (docs/secmon-protocol.md):
 * one request message in, one response message out. The request is decoded
 * by the codec (secmon/protocol), handed to the handler of its type, and
 * the answer encoded; a request that cannot be read is answered with its
 * protocol status. Every input gets an answer.
 */
#ifndef SECMON_MBOX_SERVER_H
#define SECMON_MBOX_SERVER_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "devcap.h"
#include "mbox_proto.h"
#include "measure.h"
#include "secure_boot.h"
#include "store.h"

struct mbox_server {
	const struct secmon_store *store; /* opened exclusive: counters move */
	int flash_fd;                     /* the board's flash file (an install writes an OS slot) */
	const struct measurement *measurement; /* what secure boot measured */
	const struct devcap *capability;  /* the capability accepted at power-on, or NULL */
	FILE *transcript;                 /* every message in and out (mbox_stream.h), or NULL */
	struct secure_boot_result *booted; /* the OS booted (a confirm ends its trial), or NULL */
	uint64_t trial_deadline;          /* a trial boot: when the board ends it (os_update_now()) */
};

/* Answers the len bytes of in (one request) into out: the response's size. */
size_t mbox_serve(const struct mbox_server *srv, const uint8_t *in, size_t len, uint8_t out[MBOX_MSG_MAX]);

/* Fills an OK attestation response's result for resp->req.attest's nonce:
 * the device id, the measurements, the signature by the device key.
 * MBOX_OK or MBOX_ST_STORE_FAILED (the key could not sign). */
enum mbox_status mbox_attest(const struct mbox_server *srv, struct mbox_response *resp);

#endif
