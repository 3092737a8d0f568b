/* slot_wear.h — the order in which app slots were last erased, kept on the
 * data partition, so that an image is staged into the free slot erased
 * longest ago. That spreads erases over the slots (NOR blocks wear out), and
 * on qemu-armv7 it keeps a new image out of flash that another image ran
 * from recently: QEMU 7.2 keeps the code it translated from flash across
 * flash writes (and guest reboots), so an image written where another one
 * ran during the same QEMU session can execute that one's stale
 * translations (docs/board-qemu-armv7.md, "Code translated from
 * reprogrammed flash"). */
#ifndef APPMGR_SLOT_WEAR_H
#define APPMGR_SLOT_WEAR_H

#include <stdint.h>

#include "app_table.h"

#define SLOT_WEAR_PATH "/mnt/data/appmgr-slot-erases"

/**
 * struct slot_wear - when each slot was last erased, as a sequence number.
 * @erased: per slot number, the sequence number of its last erase (0: never
 *          seen erased)
 * @seq: the highest sequence number given
 * @path: the file kept on the data partition ("" keeps it in RAM only)
 */
struct slot_wear {
	uint32_t erased[APPMGR_MAX_APPS];
	uint32_t seq;
	const char *path;
};

/* Loads w from path (a missing or damaged file: every slot never erased). */
void slot_wear_load(struct slot_wear *w, const char *path);

/* Notes that slot was erased now and saves the file (written beside it,
 * synced, renamed over it). 0, or -errno when it could not be saved (the
 * order still holds in RAM). */
int slot_wear_erased(struct slot_wear *w, unsigned slot);

/* Whether slot a was erased longer ago than slot b (the lower number on a
 * tie): a free slot to prefer over b. */
int slot_wear_older(const struct slot_wear *w, unsigned a, unsigned b);

#endif
