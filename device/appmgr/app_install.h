/* app_install.h — installing an app image while the device runs (the
 * device API's PUT /update/stage and POST /update/install, docs/device-api.md)
 * and deleting one, so that a power cut at any moment leaves the old or the
 * new image installed, never neither and never both running:
 *
 *  1. stage: the package is written into a free slot, erased first, all but
 *     its first SLOT_HEAD_BYTES, which stay erased and are kept in RAM: to
 *     the boot scan the slot is still empty;
 *  2. verify: secmon verifies the staged image with that head (its "verify
 *     staged app image"), and appmgr checks it as at boot (manifest, ELF
 *     files, GPIO lines, storage budget; app_admit.h); a refused image is
 *     erased again;
 *  3. install: the app it replaces (same component id), if any, is stopped
 *     and unmounted; the head is written (from here the boot scan sees both
 *     images and keeps the newer one, app_scan.h); the old slot is erased;
 *     the new image is mounted and started.
 *
 * One image is staged at a time. */
#ifndef APPMGR_APP_INSTALL_H
#define APPMGR_APP_INSTALL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spherule/error_detail.h"
#include "supervisor.h"

/* Starts staging a package of size bytes: picks a free slot and erases it.
 * The slot number, or -errno with why (-EBUSY another upload is staged,
 * -EFBIG over the image budget, -ENOSPC no free slot). */
int app_install_begin(struct supervisor *s, uint64_t size, struct error_detail *why);

/* Writes the next len bytes of the package. 0 or -errno with why. */
int app_install_data(struct supervisor *s, const void *buf, size_t len, struct error_detail *why);

/* The whole package was written: verifies it. 0 with *staged filled, or
 * -errno with why (the slot is erased again). */
int app_install_end(struct supervisor *s, const struct app **staged, struct error_detail *why);

/* Drops the staged image and erases its slot. */
void app_install_abort(struct supervisor *s);

/* Installs the verified staged image (see above). 0 with *installed the
 * app in the table and *replaced whether an older image was replaced, or
 * -errno with why. */
int app_install_commit(struct supervisor *s, bool manual_start, struct app **installed,
		       bool *replaced, struct error_detail *why);

/* Deletes the app at index i: stops it, unmounts it, erases its slot and
 * its storage. 0 or -errno with why. */
int app_install_delete(struct supervisor *s, size_t i, struct error_detail *why);

/* At boot: erases the slots of images superseded by a newer image of the
 * same component (app_scan.h). */
void app_install_erase_superseded(const unsigned *slots, size_t count);

#endif
