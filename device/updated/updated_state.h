/* updated_state.h — what updated keeps in its mutable storage
 * (SPHERULE_STORAGE_DIR) across restarts and reboots: the update metadata
 * state (the last accepted version and hash of each role, update_meta.h's
 * 124-byte file) and its own record (the update under way: its phase, the
 * target being downloaded and how far, the OS that failed its trial boot).
 * Each file is written whole to "<name>.new", synced, then renamed over
 * "<name>" (atomic on littlefs), and carries a checksum: a torn or damaged
 * file reads as absent, never as another state. */
#ifndef UPDATED_STATE_H
#define UPDATED_STATE_H

#include <stdint.h>

#include "spherule/update_meta.h"

#define UPDATED_META_FILE "update-meta"
#define UPDATED_RECORD_FILE "updated-state"
#define UPDATED_RECORD_SIZE 96u

enum updated_phase {
	UPDATED_IDLE = 0,
	UPDATED_DOWNLOADING = 1,  /* target's file, offset bytes done */
	UPDATED_INSTALLING = 2,   /* installed, the reboot next */
	UPDATED_REBOOTING = 3,    /* rebooted into a trial of target (the OS) */
};

struct updated_record {
	uint32_t phase;           /* enum updated_phase */
	uint32_t offset;          /* DOWNLOADING: bytes of the file received */
	uint8_t target[32];       /* the SHA-256 of the file under way */
	uint8_t failed_os[32];    /* an OS whose trial boot failed here; zeros: none */
};

/* Serialises r: magic "SPUD", format 1, the fields, a 32-bit FNV-1a of the
 * rest. */
void updated_record_encode(const struct updated_record *r, uint8_t out[UPDATED_RECORD_SIZE]);

/* 0, or -EBADMSG for a wrong size, magic, format or checksum (r zeroed). */
int updated_record_decode(const uint8_t *buf, size_t len, struct updated_record *r);

/* Writes len bytes as dir/name (via dir/name.new, synced, renamed:
 * appmgr's small_file_replace()): 0 or -errno. */
int updated_file_write(const char *dir, const char *name, const void *buf, size_t len);

/* Reads dir/name into buf (less than cap bytes): its length, or -errno
 * (-ENOENT: none, -EFBIG: cap bytes or more). */
int updated_file_read(const char *dir, const char *name, void *buf, size_t cap);

/* Loads both; a missing or damaged file gives the empty state (zeros), said
 * in *damaged (1 when a file was there but unreadable as a state). */
void updated_state_load(const char *dir, struct update_meta_state *meta, struct updated_record *r, int *damaged);

/* Saves one or the other: 0 or -errno. */
int updated_state_save_meta(const char *dir, const struct update_meta_state *meta);
int updated_state_save_record(const char *dir, const struct updated_record *r);

#endif
