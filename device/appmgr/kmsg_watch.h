/* kmsg_watch.h — the kernel's warnings as failure reports: appmgr reads
 * /dev/kmsg without blocking from its event loop, from its end at boot (what
 * the kernel logged before appmgr started is not reported), one record per
 * read into a 1 KiB buffer on the stack. A line starting "WARNING:" or
 * "BUG:" is a kernel-warning report with the line as its detail; a
 * "------------[ cut here ]------------" line makes the line after it the
 * report (the WARNING or "kernel BUG at" line the kernel prints next), so
 * one warning is one report. Records the reader missed (EPIPE: the kernel's
 * buffer wrapped) are skipped. */
#ifndef APPMGR_KMSG_WATCH_H
#define APPMGR_KMSG_WATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "error_ring.h"

#define KMSG_PATH "/dev/kmsg"
#define KMSG_RECORD_MAX 1024u       /* a record longer than this is skipped */
#define KMSG_READS_PER_TURN 32u     /* records read per wake-up of the loop */

struct kmsg_watch {
	int fd;                     /* /dev/kmsg, non-blocking, or -1 */
	bool after_cut;             /* the last line was "cut here" */
};

/* Opens path at its end: 0 or -errno (w->fd is then -1). */
int kmsg_watch_open(struct kmsg_watch *w, const char *path);

/* Reads what the kernel logged since (at most KMSG_READS_PER_TURN records)
 * and records its warnings in r. */
void kmsg_watch_read(struct kmsg_watch *w, struct error_ring *r);

/* The message of one /dev/kmsg record ("prio,seq,time,flags;message\n",
 * then " KEY=value" lines) of len bytes in rec, its first line NUL-terminated
 * in place; NULL when rec is no record. */
char *kmsg_record_message(char *rec, size_t len);

/* Whether the message line is a warning to report, given the line before
 * (w->after_cut, updated). */
bool kmsg_is_warning(struct kmsg_watch *w, const char *line);

#endif
