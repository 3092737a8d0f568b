/* pem.h — PEM texts (RFC 7468) of the device certificates (docs/cloud.md,
 * "Device certificates on the device"): a block's base64 decoded into a
 * caller's buffer, and DER written as a block, without allocating; used by
 * appmgr (checking what the update agent hands over) and by updated
 * (writing the private key it made). */
#ifndef APPMGR_PEM_H
#define APPMGR_PEM_H

#include <stddef.h>
#include <stdint.h>

/* The DER of the first "-----BEGIN <label>-----" block of the len bytes
 * at text into der (cap bytes): 0 with *der_len, -ENOENT (no such block),
 * -EINVAL (no END line, or not base64), -EFBIG (more than cap bytes).
 * *end (may be NULL) is set past the block's END line. */
int pem_decode(const char *text, size_t len, const char *label, uint8_t *der, size_t cap, size_t *der_len,
	       const char **end);

/* Writes n bytes of DER as a "<label>" block (64 characters a line, each
 * line ending in \n) into out (cap bytes, NUL-terminated): its length, or
 * -ENOSPC. */
int pem_encode(const char *label, const uint8_t *der, size_t n, char *out, size_t cap);

#endif
