/*
 * app_verify.h - the app checks secmon answers mailbox requests with
 * (docs/secmon-protocol.md, "verify app image", "verify staged app image"
 * and "advance a counter"): secmon reads the image package from app slot N
 * of the flash file itself, by the board's flash layout (a staged slot's
 * first 16 bytes from the request), and checks it against the store: a key
 * of the OEM set (or of the development set, in development mode), not
 * revoked, the signature (pkg_verify), an application, the component id
 * asked for, a security version not below its counter.
 */
#ifndef SECMON_APP_VERIFY_H
#define SECMON_APP_VERIFY_H

#include <stdbool.h>
#include <stdint.h>

#include "mbox_proto.h"
#include "store.h"

/*
 * Checks the package in slot (of flash_fd) for component_id, in the order
 * docs/secmon.md lists; development: the device's development capability
 * was accepted at power-on, so the development keys are trusted too.
 * head: NULL to check the slot as it is (verify app image); for a staged
 * slot (verify staged app image), the package's first MBOX_STAGED_HEAD_SIZE
 * bytes, read in place of the slot's, which must still be erased
 * (BAD_IMAGE otherwise). Returns MBOX_OK or the status of the first check
 * that failed; res gets what was read before it stopped (all zero when no
 * package was read).
 */
enum mbox_status app_verify(const struct secmon_store *s, int flash_fd, uint16_t slot,
			    const uint8_t component_id[MBOX_COMPONENT_ID_SIZE],
			    const uint8_t head[MBOX_STAGED_HEAD_SIZE], bool development,
			    struct mbox_verify_result *res);

/*
 * Moves component_id's counter to value, proven by the image in slot
 * (docs/secmon-protocol.md, "advance a counter"): MBOX_OK, or
 * COUNTER_BACKWARDS, COUNTER_UNPROVEN, STORE_FAILED or a verify status
 * (the image verified as app_verify() does, development alike; an image
 * signed by a development key proves nothing: COUNTER_UNPROVEN). *counter
 * gets the counter after the request.
 */
enum mbox_status app_counter_advance(const struct secmon_store *s, int flash_fd, uint16_t slot,
				     const uint8_t component_id[MBOX_COMPONENT_ID_SIZE], uint32_t value,
				     bool development, uint32_t *counter);

#endif
