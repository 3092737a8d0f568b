/* test_appmgr_kmsg_watch.c — unit tests of the kernel's warnings as failure
 * reports (kmsg_watch.h): a /dev/kmsg record's message, which lines are
 * warnings ("WARNING:", "BUG:", the line after "cut here", one report for
 * the two lines of a WARN), and records read from a non-blocking pipe
 * standing for /dev/kmsg into a ring in RAM. */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "error_ring.h"
#include "kmsg_watch.h"
#include "tap.h"

static void put(int fd, const char *rec)
{
	if (write(fd, rec, strlen(rec)) != (ssize_t)strlen(rec))
		tap_ok(0, "write a record");
}

int main(void)
{
	static struct error_ring ring;
	struct error_ring_open_result res;
	struct kmsg_watch w = { -1, false };
	char rec[] = "4,123,4567890,-;WARNING: CPU: 0 PID: 1 at mm/slub.c:42 f+0x10/0x20\n SUBSYSTEM=x\n";
	char bad[] = "no semicolon\n";
	int fds[2];

	tap_ok_str(kmsg_record_message(rec, strlen(rec)) ?: "(null)", "WARNING: CPU: 0 PID: 1 at mm/slub.c:42 f+0x10/0x20",
		   "a record's message is its first line after the ';'");
	tap_ok(kmsg_record_message(bad, strlen(bad)) == NULL, "no ';': no record");
	tap_ok(kmsg_is_warning(&w, "WARNING: CPU: 0 PID: 7 at x.c:1"), "a WARNING: line is a warning");
	tap_ok(kmsg_is_warning(&w, "BUG: unable to handle kernel NULL pointer dereference"), "a BUG: line too");
	tap_ok(!kmsg_is_warning(&w, "eth0: link up"), "another line is not");
	tap_ok(!kmsg_is_warning(&w, "------------[ cut here ]------------"), "cut here is not reported itself");
	tap_ok(kmsg_is_warning(&w, "kernel BUG at mm/slub.c:99!"), "the line after it is");
	tap_ok(!kmsg_is_warning(&w, "Modules linked in:"), "and only that one");

	error_ring_open(&ring, NULL, &res);
	if (pipe2(fds, O_NONBLOCK) != 0)
		return 1;
	w.fd = fds[0];
	w.after_cut = false;
	put(fds[1], "6,1,100,-;spherule: policy loaded\n");
	kmsg_watch_read(&w, &ring);
	tap_ok(ring.head.count == 0, "an ordinary line: no report");
	put(fds[1], "4,2,200,-;------------[ cut here ]------------\n");
	kmsg_watch_read(&w, &ring);
	put(fds[1], "4,3,201,-;WARNING: CPU: 0 PID: 9 at kernel/x.c:5 y+0x4/0x8\n");
	kmsg_watch_read(&w, &ring);
	tap_ok(ring.head.count == 1 && ring.slot[0].report.kind == APP_SVC_REPORT_KERNEL_WARNING &&
		       strcmp(ring.slot[0].report.name, "kernel") == 0 &&
		       strcmp(ring.slot[0].report.detail, "WARNING: CPU: 0 PID: 9 at kernel/x.c:5 y+0x4/0x8") == 0,
	       "cut here, then WARNING: one kernel-warning report, the line its detail");
	put(fds[1], "4,4,300,-;------------[ cut here ]------------\n");
	kmsg_watch_read(&w, &ring);
	put(fds[1], "4,5,301,-;WARNING: CPU: 0 PID: 9 at kernel/x.c:5 y+0x4/0x8\n");
	kmsg_watch_read(&w, &ring);
	tap_ok(ring.head.count == 1 && ring.slot[0].report.count == 2, "the same warning again: coalesced");
	close(fds[1]);
	kmsg_watch_read(&w, &ring);
	tap_ok(ring.head.count == 1, "the end of the records: nothing more");
	close(fds[0]);
	return tap_done();
}
