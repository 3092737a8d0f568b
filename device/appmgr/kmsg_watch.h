/* kmsg_watch.h — the kernel's warnings as failure reports: appmgr reads the
 * kernel log through syslog(2) (klogctl: SYSLOG_ACTION_SIZE_UNREAD, then
 * SYSLOG_ACTION_READ, which never blocks after a non-zero size), polled from
 * its event loop every KMSG_POLL_MS, into a 1 KiB buffer on the stack. Not
 * /dev/kmsg: an open /dev/kmsg holds the kernel's reader state, two 8 KiB
 * line buffers in one 32 KiB allocation, for as long as it is open;
 * syslog(2) allocates a line buffer only during the call. appmgr is the
 * log's only syslog(2) reader (apps are refused syslog, docs/security-model.md).
 * At boot what was logged before appmgr started is read and dropped (not
 * reported). A line starting "WARNING:" or "BUG:" (after its "<prio>" and
 * "[time] " prefixes) is a kernel-warning report with the line as its
 * detail; a "------------[ cut here ]------------" line makes the line after
 * it the report (the WARNING or "kernel BUG at" line the kernel prints
 * next), so one warning is one report. */
#ifndef APPMGR_KMSG_WATCH_H
#define APPMGR_KMSG_WATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "error_ring.h"

#define KMSG_READ_MAX 1024u         /* bytes of log lines per read */
#define KMSG_READS_PER_TURN 32u     /* reads per poll */
#define KMSG_DRAIN_MAX 1024u        /* reads that drop the boot's log, at most */
#define KMSG_POLL_MS 5000u          /* how often the loop reads the log */

/* Reads unread log lines into buf (len bytes): their byte count, 0 when
 * nothing is unread, or -errno. */
typedef ssize_t (*kmsg_read_fn)(char *buf, size_t len);

/**
 * struct kmsg_watch - where the kernel's warnings come from
 * @read: the log's reader (kmsg_syslog_read on the device, a fake in tests)
 * @after_cut: the last line was "cut here"
 */
struct kmsg_watch {
	kmsg_read_fn read;
	bool after_cut;
};

/* syslog(2): SYSLOG_ACTION_SIZE_UNREAD, then SYSLOG_ACTION_READ if non-zero. */
ssize_t kmsg_syslog_read(char *buf, size_t len);

/* Starts watching through read, dropping what is unread now: 0, or -errno
 * (w->read is then NULL: nothing is watched). */
int kmsg_watch_open(struct kmsg_watch *w, kmsg_read_fn read);

/* Reads what the kernel logged since (at most KMSG_READS_PER_TURN reads) and
 * records its warnings in r. */
void kmsg_watch_read(struct kmsg_watch *w, struct error_ring *r);

/* The message of one syslog line ("<prio>[time] message", the time absent
 * without CONFIG_PRINTK_TIME), in place. */
const char *kmsg_line_message(const char *line);

/* Whether the message line is a warning to report, given the line before
 * (w->after_cut, updated). */
bool kmsg_is_warning(struct kmsg_watch *w, const char *line);

#endif
