/* test_appmgr_kmsg_watch.c — unit tests of the kernel's warnings as failure
 * reports (kmsg_watch.h): a syslog line's message, which lines are warnings
 * ("WARNING:", "BUG:", the line after "cut here", one report for the two
 * lines of a WARN), the boot's log dropped at open, and lines read from a
 * fake syslog(2) reader into a ring in RAM, several to a read. */
#include <errno.h>
#include <string.h>

#include "error_ring.h"
#include "kmsg_watch.h"
#include "tap.h"

/* The fake kernel log: what the next reads return, one entry each. */
static const char *pending[8];
static unsigned npending;
static int fail_errno;

static void logged(const char *text)
{
	pending[npending++] = text;
}

static ssize_t fake_read(char *buf, size_t len)
{
	size_t n;

	if (fail_errno)
		return -fail_errno;
	if (npending == 0)
		return 0;
	n = strlen(pending[0]);
	if (n > len)
		n = len;
	memcpy(buf, pending[0], n);
	memmove(pending, pending + 1, --npending * sizeof(pending[0]));
	return (ssize_t)n;
}

int main(void)
{
	static struct error_ring ring;
	struct error_ring_open_result res;
	struct kmsg_watch w = { NULL, false };

	tap_ok_str(kmsg_line_message("<4>[    1.234567] WARNING: CPU: 0 PID: 1 at mm/slub.c:42 f+0x10/0x20"),
		   "WARNING: CPU: 0 PID: 1 at mm/slub.c:42 f+0x10/0x20",
		   "a line's message: after its <prio> and [time] prefixes");
	tap_ok_str(kmsg_line_message("<6>eth0: link up"), "eth0: link up", "without the time prefix");
	tap_ok(kmsg_is_warning(&w, "WARNING: CPU: 0 PID: 7 at x.c:1"), "a WARNING: line is a warning");
	tap_ok(kmsg_is_warning(&w, "BUG: unable to handle kernel NULL pointer dereference"), "a BUG: line too");
	tap_ok(!kmsg_is_warning(&w, "eth0: link up"), "another line is not");
	tap_ok(!kmsg_is_warning(&w, "------------[ cut here ]------------"), "cut here is not reported itself");
	tap_ok(kmsg_is_warning(&w, "kernel BUG at mm/slub.c:99!"), "the line after it is");
	tap_ok(!kmsg_is_warning(&w, "Modules linked in:"), "and only that one");

	error_ring_open(&ring, NULL, &res);
	logged("<4>[    0.100000] WARNING: CPU: 0 PID: 1 at boot.c:1 early+0x0/0x4\n");
	logged("<6>[    0.200000] spherule: policy loaded\n");
	tap_ok(kmsg_watch_open(&w, fake_read) == 0 && npending == 0 && w.read == fake_read,
	       "open: the log so far is read and dropped");
	kmsg_watch_read(&w, &ring);
	tap_ok(ring.head.count == 0, "what was logged before appmgr started: not reported");

	logged("<6>[    5.000000] spherule: policy loaded\n");
	kmsg_watch_read(&w, &ring);
	tap_ok(ring.head.count == 0, "an ordinary line: no report");
	logged("<4>[    6.000000] ------------[ cut here ]------------\n"
	       "<4>[    6.000100] WARNING: CPU: 0 PID: 9 at kernel/x.c:5 y+0x4/0x8\n"
	       "<4>[    6.000200] Modules linked in:\n");
	kmsg_watch_read(&w, &ring);
	tap_ok(ring.head.count == 1 && ring.slot[0].report.kind == APP_SVC_REPORT_KERNEL_WARNING &&
		       strcmp(ring.slot[0].report.name, "kernel") == 0 &&
		       strcmp(ring.slot[0].report.detail, "WARNING: CPU: 0 PID: 9 at kernel/x.c:5 y+0x4/0x8") == 0,
	       "cut here, then WARNING, in one read: one kernel-warning report, the line its detail");
	logged("<4>[    7.000000] ------------[ cut here ]------------\n");
	logged("<4>[    7.000100] WARNING: CPU: 0 PID: 9 at kernel/x.c:5 y+0x4/0x8\n");
	kmsg_watch_read(&w, &ring);
	tap_ok(ring.head.count == 1 && ring.slot[0].report.count == 2,
	       "the same warning again, over two reads: coalesced");
	logged("<4>[    8.000000] BUG: scheduling while atomic");
	kmsg_watch_read(&w, &ring);
	tap_ok(ring.head.count == 2, "a last line without its newline is read too");

	fail_errno = EPERM;
	tap_ok(kmsg_watch_open(&w, fake_read) == -EPERM && w.read == NULL, "a log that cannot be read: -errno, nothing watched");
	fail_errno = 0;
	logged("<4>[    9.000000] BUG: x\n");
	kmsg_watch_read(&w, &ring);
	tap_ok(ring.head.count == 2 && npending == 1, "nothing is read while nothing is watched");
	return tap_done();
}
