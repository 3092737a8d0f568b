/*
 * mbox_attest_verify.h - the verifier's side of an attestation
 * (docs/secmon-protocol.md, type 4), host only (OpenSSL through pkg/'s
 * crypto.h): checks a device's signed, nonce-bound attestation against the
 * device's public key. Used by the update service (cloud/device_auth.c) and
 * by tests/e2e/attest_check.
 */
#ifndef SPHERULE_MBOX_ATTEST_VERIFY_H
#define SPHERULE_MBOX_ATTEST_VERIFY_H

#include <stddef.h>
#include <stdint.h>

#include "mbox_proto.h"

/*
 * Decodes the result fields of an attestation as secmon returned them (device
 * id, count, reserved, measurements, signature: 100 + 36 x count bytes), for
 * the request that carried nonce, into resp as if the whole mailbox response
 * had been received. 0, or -EBADMSG when the bytes are not such a result.
 */
int mbox_attest_result_decode(const uint8_t nonce[MBOX_NONCE_SIZE], const uint8_t *result, size_t len,
			      struct mbox_response *resp);

/*
 * Checks that resp is a successful attestation for nonce, signed by the
 * device key pubkey, whose device id is that key's. 0, or a negative errno
 * with *why set to a one-line reason: -EINVAL not a successful attestation,
 * -EALREADY another nonce, -EKEYREJECTED a signature the key does not make
 * or a device id not the key's.
 */
int mbox_attest_verify(const struct mbox_response *resp, const uint8_t nonce[MBOX_NONCE_SIZE],
		       const uint8_t pubkey[MBOX_PUBKEY_SIZE], const char **why);

#endif
