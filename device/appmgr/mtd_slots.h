/* mtd_slots.h — finds the app slots (MTD partitions named app0..app15) in the
 * text of /proc/mtd. */
#ifndef APPMGR_MTD_SLOTS_H
#define APPMGR_MTD_SLOTS_H

#include <stddef.h>
#include <stdint.h>

#include "app_table.h"

struct mtd_slot {
	unsigned slot;       /* N of the partition name "appN" */
	unsigned mtd_index;  /* M of /dev/mtdM */
	uint32_t size;       /* partition size in bytes */
};

/* Parses /proc/mtd text ("mtd3: 00100000 00010000 \"app0\"" lines after a
 * header line) into out, sorted by slot number; partitions with other names
 * are skipped, and a second partition with an already seen slot name is
 * ignored. Returns the number of slots found, or -EINVAL when a line does
 * not have the /proc/mtd format. */
int mtd_find_app_slots(const char *text, size_t len, struct mtd_slot out[APPMGR_MAX_APPS]);

#endif
