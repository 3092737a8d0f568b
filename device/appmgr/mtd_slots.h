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
	uint32_t erase_size; /* its erase block in bytes */
};

/* Parses /proc/mtd text ("mtd3: 00100000 00010000 \"app0\"" lines after a
 * header line) into out, sorted by slot number; partitions with other names
 * are skipped, and a second partition with an already seen slot name is
 * ignored. Returns the number of slots found, or -EINVAL when a line does
 * not have the /proc/mtd format. */
int mtd_find_app_slots(const char *text, size_t len, struct mtd_slot out[APPMGR_MAX_APPS]);

/* The app slots of the /proc/mtd file at proc_mtd (mtd_find_app_slots()):
 * their number, or -errno when it cannot be read or parsed. */
int mtd_read_app_slots(const char *proc_mtd, struct mtd_slot out[APPMGR_MAX_APPS]);

/* The partition named name (exactly) in /proc/mtd text (its slot number
 * 0): 0 with *out filled, -ENOENT when there is none, -EINVAL when a line
 * does not have the /proc/mtd format. */
int mtd_find_named(const char *text, size_t len, const char *name, struct mtd_slot *out);

/* mtd_find_named() on the /proc/mtd file at proc_mtd; -errno when it
 * cannot be read. */
int mtd_read_named(const char *proc_mtd, const char *name, struct mtd_slot *out);

#define MTD_SLOT_PATH_MAX 128

/* Opens slot s's node, <dev_dir>/mtd<index>, with open(2)'s flags (and
 * O_CLOEXEC); its path into path. The descriptor, or -errno. */
int mtd_slot_open(const char *dev_dir, const struct mtd_slot *s, int flags, char path[MTD_SLOT_PATH_MAX]);

#endif
