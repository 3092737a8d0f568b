/* test_appmgr_error_ring.c — unit tests of appmgr's ring of failure reports
 * (error_ring.h) in a temporary directory: a new ring and its boot number,
 * seq and coalescing (not into a record read already), the bound and the
 * oldest dropped, a flood of one crash, reading after a seq in pieces,
 * dropping up to a seq, the seq kept across a reopen with an empty ring, a
 * damaged record and a damaged header, and a power cut at every point of a
 * write (a torn file, a torn .new beside the old file). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error_ring.h"
#include "tap.h"

static struct error_ring ring, other;
static char path[256];

static struct app_svc_report crash(uint8_t id, uint32_t pc)
{
	struct app_svc_report e = { 0 };

	e.kind = APP_SVC_REPORT_CRASH;
	e.component_id[0] = id;
	e.version = 2;
	e.flags = APP_SVC_REPORT_HAS_SIGNAL | APP_SVC_REPORT_HAS_FAULT | APP_SVC_REPORT_HAS_RSS;
	e.signal = 11;
	e.pc = pc;
	e.rss_kib = 96;
	e.time = 1796596970;
	snprintf(e.name, sizeof(e.name), "app%u", id);
	return e;
}

static long file_size(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 ? (long)st.st_size : -1;
}

static int write_bytes(const char *p, const void *buf, size_t len)
{
	int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	int ok = fd >= 0 && write(fd, buf, len) == (ssize_t)len;

	if (fd >= 0)
		close(fd);
	return ok;
}

static size_t read_all(const char *p, void *buf, size_t cap)
{
	int fd = open(p, O_RDONLY);
	ssize_t n = fd >= 0 ? read(fd, buf, cap) : -1;

	if (fd >= 0)
		close(fd);
	return n < 0 ? 0 : (size_t)n;
}

static void test_new_and_coalesce(void)
{
	struct error_ring_open_result res;
	struct app_svc_report e = crash(1, 0x10abc), out[4];
	uint32_t seq1, seq2, seq3;
	bool more;

	unlink(path);
	error_ring_open(&ring, path, &res);
	tap_ok(res.fresh && res.save_err == 0 && ring.head.boot == 1 && ring.head.next_seq == 1,
	       "no file: a new ring, boot 1, seq 1 next");
	tap_ok(error_ring_add(&ring, &e, &seq1) == 0 && seq1 == 1, "the first report is seq 1");
	tap_ok(error_ring_add(&ring, &e, &seq2) == 0 && seq2 == 1 && ring.slot[0].report.count == 2,
	       "the same crash again: coalesced, count 2");
	e.pc = 0x10ac0;
	tap_ok(error_ring_add(&ring, &e, &seq2) == 0 && seq2 == 2, "another pc: a new report, seq 2");
	e.pc = 0x10abc;
	e.version = 3;
	tap_ok(error_ring_add(&ring, &e, &seq2) == 0 && seq2 == 3, "another version: a new report");
	e.version = 2;
	tap_ok(error_ring_read(&ring, 0, out, 4, &more) == 3 && !more && out[0].count == 2 && out[0].boot == 1 &&
		       strcmp(out[0].name, "app1") == 0,
	       "read: three reports, the first with its count");
	tap_ok(error_ring_add(&ring, &e, &seq3) == 0 && seq3 == 4 && ring.slot[0].report.count == 2,
	       "the same crash after the agent read its report: a new report, the read one unchanged");
	tap_ok(error_ring_add(&ring, &e, &seq3) == 0 && seq3 == 4 && ring.slot[3].report.count == 2,
	       "and again: coalesced into the new one");
	error_ring_open(&other, path, &res);
	tap_ok(!res.fresh && res.skipped == 0 && other.head.boot == 2 && other.head.count == 4 &&
		       other.slot[3].report.count == 2 && other.head.next_seq == 5,
	       "reopened (a reboot): the four reports, boot 2, seq 5 next");
	tap_ok(error_ring_add(&other, &e, &seq3) == 0 && seq3 == 5 && other.slot[4].report.boot == 2 &&
		       other.slot[3].report.count == 2,
	       "after a reboot nothing coalesces into the last boot's reports (they may have been sent)");
}

static void test_read_drop(void)
{
	struct error_ring_open_result res;
	struct app_svc_report out[3];
	uint32_t seq, dropped;
	bool more;

	unlink(path);
	error_ring_open(&ring, path, &res);
	for (uint8_t i = 0; i < 7; i++) {
		struct app_svc_report e = crash(i, 0x1000);

		error_ring_add(&ring, &e, &seq);
	}
	tap_ok(error_ring_read(&ring, 0, out, 3, &more) == 3 && more && out[0].seq == 1 && out[2].seq == 3,
	       "read in pieces: seq 1..3, more");
	tap_ok(error_ring_read(&ring, 3, out, 3, &more) == 3 && more && out[0].seq == 4,
	       "after seq 3: seq 4..6, more");
	tap_ok(error_ring_read(&ring, 6, out, 3, &more) == 1 && !more && out[0].seq == 7, "after seq 6: seq 7");
	tap_ok(error_ring_drop(&ring, 5, &dropped) == 0 && dropped == 5 && ring.head.count == 2 &&
		       ring.slot[0].report.seq == 6,
	       "drop up to 5: two left, from seq 6");
	tap_ok(error_ring_drop(&ring, 5, &dropped) == 0 && dropped == 0, "dropping again drops nothing");
	tap_ok(error_ring_drop(&ring, 100, &dropped) == 0 && dropped == 2 && ring.head.count == 0,
	       "drop past the last: empty");
	tap_ok(file_size(path) == (long)sizeof(struct error_ring_head), "an empty ring's file is its header");
	error_ring_open(&ring, path, &res);
	tap_ok(ring.head.next_seq == 8 && ring.head.boot == 2, "reopened empty: seq 8 next (never reused), boot 2");
	{
		struct app_svc_report e = crash(9, 1);

		tap_ok(error_ring_add(&ring, &e, &seq) == 0 && seq == 8, "the next report is seq 8");
	}
}

static void test_bounds_and_flood(void)
{
	struct error_ring_open_result res;
	struct app_svc_report e = crash(1, 0x2000);
	uint32_t seq = 0;
	bool ok = true;

	unlink(path);
	error_ring_open(&ring, path, &res);
	for (uint32_t i = 0; i < 40; i++) {
		e.pc = 0x2000 + 4 * i;
		ok &= error_ring_add(&ring, &e, &seq) == 0;
	}
	tap_ok(ok && ring.head.count == ERROR_RING_SIZE && ring.slot[0].report.seq == 9 && seq == 40 &&
		       ring.head.lost == 8,
	       "40 different crashes: the newest 32 kept (seq 9..40), 8 lost");
	tap_ok(file_size(path) == (long)(sizeof(struct error_ring_head) + ERROR_RING_SIZE * sizeof(struct error_ring_slot)),
	       "the file is at most the header and 32 records (%ld bytes)", file_size(path));
	/* A flood of one crash, in RAM (no file: 100,000 syncs are slow). */
	error_ring_open(&other, NULL, &res);
	e.pc = 0x3000;
	for (uint32_t i = 0; i < 100000; i++)
		error_ring_add(&other, &e, &seq);
	tap_ok(other.head.count == 1 && other.slot[0].report.count == 100000 && seq == 1,
	       "100,000 identical crashes: one report, count 100000");
	other.slot[0].report.count = UINT32_MAX;
	error_ring_add(&other, &e, &seq);
	tap_ok(other.slot[0].report.count == UINT32_MAX, "the count stops at its largest value");
}

static void test_damage(void)
{
	static uint8_t bytes[sizeof(struct error_ring_head) + ERROR_RING_SIZE * sizeof(struct error_ring_slot)];
	struct error_ring_open_result res;
	size_t len, rec2 = sizeof(struct error_ring_head) + sizeof(struct error_ring_slot) + 40;
	uint32_t seq;

	unlink(path);
	error_ring_open(&ring, path, &res);
	for (uint8_t i = 0; i < 3; i++) {
		struct app_svc_report e = crash(i, 0x4000);

		error_ring_add(&ring, &e, &seq);
	}
	len = read_all(path, bytes, sizeof(bytes));
	bytes[rec2] ^= 0x55;
	write_bytes(path, bytes, len);
	error_ring_open(&ring, path, &res);
	tap_ok(res.skipped == 1 && ring.head.count == 2 && ring.slot[0].report.seq == 1 &&
		       ring.slot[1].report.seq == 3,
	       "a damaged record is skipped, the others kept");
	len = read_all(path, bytes, sizeof(bytes));
	bytes[8] ^= 0xff; /* the header's boot */
	write_bytes(path, bytes, len);
	error_ring_open(&ring, path, &res);
	tap_ok(!res.fresh && res.skipped == 0 && ring.head.count == 2 && ring.head.next_seq == 4 &&
		       ring.head.boot == 2,
	       "a damaged header is rebuilt from the records: seq 4 next, boot 2 (after theirs)");
	write_bytes(path, "garbage", 7);
	error_ring_open(&ring, path, &res);
	tap_ok(res.fresh && ring.head.count == 0 && ring.head.boot == 1, "a file of garbage: a new ring");
}

/* A power cut while the ring is written: small_file_replace writes path.new
 * and renames it, so the cut leaves a torn path.new beside the intact old
 * file; and were the file itself torn (a file system without atomic
 * replacement), every prefix of it reads as valid records only. */
static void test_power_cuts(void)
{
	static uint8_t old_bytes[sizeof(struct error_ring_head) + ERROR_RING_SIZE * sizeof(struct error_ring_slot)];
	static uint8_t new_bytes[sizeof(old_bytes)];
	struct error_ring_open_result res;
	char tmp[300];
	size_t old_len, new_len;
	uint32_t seq;
	bool torn_new_ok = true, torn_file_ok = true;

	unlink(path);
	error_ring_open(&ring, path, &res);
	for (uint8_t i = 0; i < 4; i++) {
		struct app_svc_report e = crash(i, 0x5000);

		error_ring_add(&ring, &e, &seq);
	}
	old_len = read_all(path, old_bytes, sizeof(old_bytes));
	{
		struct app_svc_report e = crash(9, 0x5000);

		error_ring_add(&ring, &e, &seq);
	}
	new_len = read_all(path, new_bytes, sizeof(new_bytes));
	snprintf(tmp, sizeof(tmp), "%s.new", path);
	for (size_t cut = 0; cut <= new_len; cut += 37) {
		write_bytes(path, old_bytes, old_len);
		write_bytes(tmp, new_bytes, cut);
		error_ring_open(&other, path, &res);
		torn_new_ok &= other.head.count == 4 && other.slot[3].report.seq == 4 && res.skipped == 0;
	}
	unlink(tmp);
	tap_ok(torn_new_ok, "a cut during the write of the new file: the old ring, whole");
	for (size_t cut = 0; cut <= new_len; cut++) {
		write_bytes(path, new_bytes, cut);
		error_ring_open(&other, path, &res);
		for (size_t i = 0; i < other.head.count; i++)
			torn_file_ok &= memcmp(&other.slot[i].report, &ring.slot[i].report,
					       sizeof(struct app_svc_report)) == 0;
		torn_file_ok &= other.head.count <= 5;
	}
	tap_ok(torn_file_ok, "a torn file at each of its %zu bytes: only whole, valid records", new_len);
}

int main(void)
{
	char dir[] = "/tmp/test_error_ring.XXXXXX";

	if (!mkdtemp(dir))
		return 1;
	snprintf(path, sizeof(path), "%s/appmgr-reports", dir);
	test_new_and_coalesce();
	test_read_drop();
	test_bounds_and_flood();
	test_damage();
	test_power_cuts();
	unlink(path);
	rmdir(dir);
	return tap_done();
}
