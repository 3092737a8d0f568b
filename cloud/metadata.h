/*
 * metadata.h - the update metadata the service signs (contract A,
 * docs/update-metadata.md) with the state dir's metadata key, through
 * pkg/'s builder (update_meta_build_*()):
 *  - per device group, its targets (the current deployment's images; the OS
 *    image only when the group's os_feed is "retail") and the snapshot naming
 *    them, signed once and kept in the database with their version, which
 *    comes from one fleet-wide counter so that it grows with every change of
 *    the group and a device moved to another group never sees it go down;
 *  - per check-in, a timestamp bound to the device's nonce and id, with the
 *    device's own growing timestamp version and a short expiry.
 */
#ifndef SPHERULE_CLOUD_METADATA_H
#define SPHERULE_CLOUD_METADATA_H

#include <stddef.h>
#include <stdint.h>

#include "cloud.h"

/* Signs the group's targets and snapshot again with a new version (after a
 * deployment, an os_feed change, a device joining it, or near their expiry).
 * 0 or -errno with why set. */
int cloud_meta_group_refresh(struct cloud *svc, const char *group_id, char *why, size_t whylen);

/* The answer to a check-in into out (*len: its capacity in, its size out):
 * timestamp (version timestamp_version) ‖ the group's snapshot ‖ targets,
 * those refreshed first when missing or half-way to their expiry. */
int cloud_meta_bundle(struct cloud *svc, const char *group_id, const uint8_t nonce[32],
		      const uint8_t device_id[32], uint32_t timestamp_version, uint8_t *out, size_t *len,
		      char *why, size_t whylen);

#endif
