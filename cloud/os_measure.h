/*
 * os_measure.h - the measurements secmon takes when it boots an OS image
 * (docs/secmon.md, *Secure boot*; docs/secmon-protocol.md, attestation
 * kinds 1..6), computed by the service for each .osimage it is given and
 * kept in table os_measurements, so that checking a device's attestation
 * against the published OS images is one lookup:
 *  - the OS description (kind 2): SHA-256 of the description's bytes, its
 *    signature included;
 *  - each part (kinds 3..6: boot stub, device tree, kernel, root
 *    filesystem): SHA-256 of its bytes, which is what the description names;
 *  - the boot chain (kind 1): M0 = 32 zero bytes, M(i+1) = SHA-256(M(i) ||
 *    E(i)) over the description's digest, then the parts' in flash order.
 * The development capability (kind 7) says nothing of the OS: not checked.
 */
#ifndef SPHERULE_CLOUD_OS_MEASURE_H
#define SPHERULE_CLOUD_OS_MEASURE_H

#include <stddef.h>
#include <stdint.h>

#include "cloud.h"
#include "mbox_proto.h"

/* Records the measurements of the .osimage data (len bytes, already checked
 * by cloud_image_parse()) whose image id is image_id. 0, -EINVAL (not an
 * .osimage), -EIO with db->error set. */
int os_measure_record(struct cloud_db *db, const char *image_id, const uint8_t *data, size_t len);

/* Records those of every OS image uploaded before the service computed them
 * (read from images_dir). 0 or -errno with why set. */
int os_measure_backfill(struct cloud *svc, char *why, size_t whylen);

/*
 * Whether the measurements a of an attestation are those of a published OS
 * image: 0 with its id in image_id; -EACCES with why ("no published OS
 * image has this OS description", "its kernel differs from ...");
 * -EIO with db->error set.
 */
int os_measure_match(struct cloud_db *db, const struct mbox_attest_result *a, char image_id[65], char *why,
		     size_t whylen);

#endif
