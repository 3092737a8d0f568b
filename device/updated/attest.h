/* attest.h — updated's attestation for its check-in: the secmon mailbox
 * port appmgr names in SPHERULE_SECMON_MAILBOX (SecurityMonitor), opened
 * for one request and closed again (appmgr needs the port for the OS
 * requests it forwards), asked to sign the service's nonce (mailbox request
 * 4, docs/secmon-protocol.md), with appmgr's mailbox client. */
#ifndef UPDATED_ATTEST_H
#define UPDATED_ATTEST_H

#include <stddef.h>
#include <stdint.h>

#include "mbox_proto.h"
#include "spherule/error_detail.h"

#define ATTEST_ENV "SPHERULE_SECMON_MAILBOX"
#define ATTEST_RESULT_MAX MBOX_MSG_MAX

/* The attestation of nonce: the result's bytes as secmon returned them (the
 * device id, the measurements, the signature: 100 + 36n bytes) into out
 * (*len), the device id into device_id. 0 or -errno with why. */
int attest(const uint8_t nonce[MBOX_NONCE_SIZE], uint8_t out[ATTEST_RESULT_MAX], size_t *len,
	   uint8_t device_id[MBOX_DEVICE_ID_SIZE], struct error_detail *why);

/* The device id (mailbox request 3): 0 or -errno with why. */
int attest_device_id(uint8_t device_id[MBOX_DEVICE_ID_SIZE], struct error_detail *why);

#endif
