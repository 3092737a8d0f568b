/* secmon_init.c — PID 1 of the secmon bench (bench/secmon.sh,
 * docs/secmon.md "Cost"), the init of a root filesystem of its own. It
 * measures what the mailbox costs the device's RAM and how long verifying
 * an app takes in the guest and through secmon, and prints on the console:
 *
 *   secmonbench: ram boot ...        the board idle, the port not opened
 *                                    (ram_snapshot.h)
 *   secmonbench: ram again ...       the same once more: what reading the
 *                                    figures itself moves
 *   secmonbench: no mailbox port     on a board without the virtio-serial
 *                                    device; or, with it:
 *   secmonbench: ram port-open ...   the port opened
 *   secmonbench: slot N bytes=B open_ms=O guest_ms=G secmon_ms=S
 *                                    per filled app slot, the medians of
 *                                    VERIFY_ROUNDS rounds: pkg_open alone,
 *                                    the whole in-guest verification
 *                                    (pkg_open, key, pkg_verify) and the
 *                                    mailbox's MBOX_VERIFY_IMAGE round trip
 *                                    (slot_timing.h)
 *   secmonbench: done
 *
 * then powers off; on an error "secmonbench: failed: WHAT: REASON", then
 * powers off. Each round verifies every slot both ways, in the guest first
 * in even rounds and through secmon first in odd ones. As PID 1 it has no
 * app identity: the Spherule LSM does not keep it from the port. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include "mtd_slots.h"
#include "power_off.h"
#include "ram_snapshot.h"
#include "settle.h"
#include "slot_timing.h"
#include "small_file.h"

#define WHO "secmonbench"
#define VERIFY_ROUNDS 5
#define PROC_MTD_TEXT_MAX 4096

static _Noreturn void fail(const char *what, const char *reason)
{
	printf(WHO ": failed: %s: %s\n", what, reason);
	power_off();
}

/* The board idle, then its memory figures. */
static void ram(const char *label)
{
	if (settle() < 0)
		fail(label, "the board did not settle");
	if (ram_snapshot(WHO, label) < 0)
		fail("/proc/meminfo or /proc/zoneinfo", "unreadable");
}

/* The filled app slots, opened into t; their number. */
static size_t open_slots(struct timed_slot t[APPMGR_MAX_APPS])
{
	static char text[PROC_MTD_TEXT_MAX];
	struct mtd_slot slots[APPMGR_MAX_APPS];
	struct error_detail why = { "" };
	size_t len, filled = 0;
	int count, err = small_file_read("/proc/mtd", text, sizeof(text), &len);

	if (err != 0)
		fail("/proc/mtd", strerror(-err));
	count = mtd_find_app_slots(text, len, slots);
	if (count < 0)
		fail("/proc/mtd", "unexpected format");
	for (int i = 0; i < count; i++) {
		err = timed_slot_open("/dev", &slots[i], &t[filled], &why);
		if (err < 0)
			fail("opening a slot", why.msg);
		if (err == 0)
			filled++;
	}
	return filled;
}

static int by_value(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/* The median of VERIFY_ROUNDS figures (sorted in place), as milliseconds
 * with three decimals in out. */
static const char *median_ms(uint64_t ns[VERIFY_ROUNDS], char out[32])
{
	uint64_t m;

	qsort(ns, VERIFY_ROUNDS, sizeof(ns[0]), by_value);
	m = ns[VERIFY_ROUNDS / 2];
	snprintf(out, 32, "%llu.%03llu", (unsigned long long)(m / 1000000u),
		 (unsigned long long)(m / 1000u % 1000u));
	return out;
}

/* VERIFY_ROUNDS rounds over the n slots of t, alternating which way goes
 * first; prints each slot's medians. */
static void verify_rounds(struct secmon_mailbox *mb, const struct timed_slot *t, size_t n)
{
	static uint64_t open_ns[APPMGR_MAX_APPS][VERIFY_ROUNDS], guest_ns[APPMGR_MAX_APPS][VERIFY_ROUNDS],
		secmon_ns[APPMGR_MAX_APPS][VERIFY_ROUNDS];
	struct error_detail why = { "" };
	char o[32], g[32], s[32];

	for (int r = 0; r < VERIFY_ROUNDS; r++)
		for (size_t i = 0; i < n; i++)
			for (int way = 0; way < 2; way++) {
				int err = (way + r) % 2 == 0 ?
					timed_guest_verify(&t[i], &open_ns[i][r], &guest_ns[i][r], &why) :
					timed_secmon_verify(mb, &t[i], &secmon_ns[i][r], &why);

				if (err != 0)
					fail((way + r) % 2 == 0 ? "in-guest verification" : "secmon verification",
					     why.msg);
			}
	for (size_t i = 0; i < n; i++)
		printf(WHO ": slot %u bytes=%u open_ms=%s guest_ms=%s secmon_ms=%s\n", t[i].mtd.slot,
		       t[i].package_size, median_ms(open_ns[i], o), median_ms(guest_ns[i], g),
		       median_ms(secmon_ns[i], s));
	fflush(stdout);
}

int main(void)
{
	static struct timed_slot slots[APPMGR_MAX_APPS];
	struct secmon_mailbox mb;
	struct error_detail why = { "" };
	size_t n;
	int err;

	if (mount("proc", "/proc", "proc", 0, NULL) != 0)
		fail("mount /proc", strerror(errno));
	/* The kernel mounts devtmpfs itself (DEVTMPFS_MOUNT); in case not. */
	if (mount("devtmpfs", "/dev", "devtmpfs", 0, NULL) != 0 && errno != EBUSY)
		fail("mount /dev", strerror(errno));
	ram("boot");
	ram("again");
	err = secmon_mailbox_open(&mb, NULL, "/dev", &why);
	if (err == -ENOENT) {
		printf(WHO ": no mailbox port\n");
	} else if (err != 0) {
		fail("the mailbox port", why.msg);
	} else {
		ram("port-open");
		n = open_slots(slots);
		verify_rounds(&mb, slots, n);
		for (size_t i = 0; i < n; i++)
			timed_slot_close(&slots[i]);
		secmon_mailbox_close(&mb);
	}
	printf(WHO ": done\n");
	power_off();
}
