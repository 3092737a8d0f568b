/* error_ring.h — appmgr's failure reports (docs/appmgr.md, "Failure
 * reports"): a bounded ring of ERROR_RING_SIZE records (struct
 * app_svc_report) kept in one file of the data partition, rewritten whole
 * (small_file_replace: written beside, synced, renamed over) at every
 * change, so that a power cut leaves the old ring or the new one; each record
 * and the header carry a CRC-32, and a damaged record is skipped when the
 * file is read. Identical events (component, version, kind, signal or exit
 * code, pc, detail) coalesce into one record's count while that record has
 * not been read by the update agent (and is of this boot); when the ring is full the oldest record
 * goes. The seq of the next report and the boot number are kept in the
 * header: both only grow. Nothing is allocated. */
#ifndef APPMGR_ERROR_RING_H
#define APPMGR_ERROR_RING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spherule/app_service.h"

/* One check-in takes them all (the service takes at most 32 per check-in),
 * and 32 records of 296 bytes keep the file under 10 KiB of littlefs. */
#define ERROR_RING_SIZE 32u
#define ERROR_RING_PATH "/mnt/data/appmgr-reports"
#define ERROR_RING_MAGIC 0x52524653u   /* "SFRR" */
#define ERROR_RING_FORMAT 1u

/* The file: the header, then `count` slots (the device's byte order). */
struct error_ring_head {
	uint32_t magic;
	uint32_t format;
	uint32_t boot;             /* this boot's number (1 the first) */
	uint32_t next_seq;         /* the seq the next new report gets (1 the first) */
	uint32_t count;            /* slots that follow */
	uint32_t lost;             /* reports dropped unread because the ring was full */
	uint32_t reserved;         /* 0 */
	uint32_t crc;              /* CRC-32 of the header's bytes before it */
};

struct error_ring_slot {
	uint32_t crc;              /* CRC-32 of report */
	uint32_t reserved;
	struct app_svc_report report;
};

struct error_ring {
	struct error_ring_head head;
	struct error_ring_slot slot[ERROR_RING_SIZE]; /* oldest first, seq increasing */
	const char *path;          /* NULL: kept in RAM only (no data partition) */
	uint32_t read_seq;         /* no event coalesces into a record up to this seq: REPORTS_READ
				    * handed it out, or it is from an earlier boot */
};

/* What opening the ring found. */
struct error_ring_open_result {
	unsigned skipped;          /* damaged records left out */
	bool fresh;                /* no (usable) file: a new ring */
	int save_err;              /* writing it back with the new boot number: 0 or -errno */
};

/* Reads the ring of path (NULL: none, a ring in RAM) and starts a new boot
 * (boot + 1), written back at once. A file that is absent, short or of
 * another format starts a new ring; a damaged header is rebuilt from the
 * records (boot and seq above theirs). */
void error_ring_open(struct error_ring *r, const char *path, struct error_ring_open_result *res);

/* Records event (kind, component, version, name, signal/exit, fault, stack,
 * rss, detail, time; seq, boot and count are the ring's): coalesced into an
 * unread identical record (its count + 1, its time and resident set the
 * event's), else appended with the next seq, the oldest record dropped when
 * the ring is full. *seq: the record's seq. 0, or -errno when the file could
 * not be written (the ring in RAM has the event all the same). */
int error_ring_add(struct error_ring *r, const struct app_svc_report *event, uint32_t *seq);

/* Copies up to max records with a seq above after, oldest first, into
 * out; *more: whether more remain. Marks them read (no later event
 * coalesces into them). Returns how many. */
size_t error_ring_read(struct error_ring *r, uint32_t after, struct app_svc_report *out, size_t max, bool *more);

/* Drops every record with a seq up to upto; *dropped counts them. 0, or
 * -errno when the file could not be written. */
int error_ring_drop(struct error_ring *r, uint32_t upto, uint32_t *dropped);

#endif
