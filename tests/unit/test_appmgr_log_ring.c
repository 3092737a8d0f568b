/* test_appmgr_log_ring.c — unit tests of appmgr's bounded per-app log ring. */
#include <string.h>

#include "tap.h"
#include "log_ring.h"

static struct log_ring ring;

/* Appends n bytes of a repeating, position-derived pattern. */
static void append_pattern(uint64_t from, size_t n)
{
	char buf[1000];

	while (n > 0) {
		size_t k = n < sizeof(buf) ? n : sizeof(buf);

		for (size_t i = 0; i < k; i++)
			buf[i] = (char)('a' + (from + i) % 26);
		log_ring_append(&ring, buf, k);
		from += k;
		n -= k;
	}
}

static int matches_pattern(const char *buf, uint64_t from, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (buf[i] != (char)('a' + (from + i) % 26))
			return 0;
	return 1;
}

int main(void)
{
	char out[LOG_RING_SIZE + 100];
	size_t n;

	log_ring_init(&ring);
	tap_ok(log_ring_start(&ring) == 0 && ring.end == 0, "empty ring starts at 0");
	tap_ok(log_ring_copy(&ring, 0, out, sizeof(out)) == 0, "empty ring copies nothing");

	log_ring_append(&ring, "hello\n", 6);
	n = log_ring_copy(&ring, 0, out, sizeof(out));
	tap_ok(n == 6 && memcmp(out, "hello\n", 6) == 0, "small append reads back");
	n = log_ring_copy(&ring, 2, out, 3);
	tap_ok(n == 3 && memcmp(out, "llo", 3) == 0, "copy from a position, bounded by cap");

	log_ring_init(&ring);
	append_pattern(0, LOG_RING_SIZE);
	tap_ok(log_ring_start(&ring) == 0, "exactly full ring keeps everything");
	append_pattern(LOG_RING_SIZE, 10);
	tap_ok(log_ring_start(&ring) == 10 && ring.end == LOG_RING_SIZE + 10,
	       "overflow by 10 drops the 10 oldest bytes");
	n = log_ring_copy(&ring, 0, out, sizeof(out));
	tap_ok(n == LOG_RING_SIZE && matches_pattern(out, 10, n),
	       "copy from a lost position starts at the oldest held byte");

	log_ring_init(&ring);
	append_pattern(0, 3 * LOG_RING_SIZE + 123);
	n = log_ring_copy(&ring, log_ring_start(&ring), out, sizeof(out));
	tap_ok(n == LOG_RING_SIZE && matches_pattern(out, 2 * LOG_RING_SIZE + 123, n),
	       "wrapped ring holds the newest %u bytes in order", LOG_RING_SIZE);

	log_ring_init(&ring);
	{
		static char big[3 * LOG_RING_SIZE];

		for (size_t i = 0; i < sizeof(big); i++)
			big[i] = (char)('a' + i % 26);
		log_ring_append(&ring, big, sizeof(big));
	}
	n = log_ring_copy(&ring, 0, out, sizeof(out));
	tap_ok(ring.end == 3 * LOG_RING_SIZE && n == LOG_RING_SIZE &&
	       matches_pattern(out, 2 * LOG_RING_SIZE, n),
	       "one append larger than the ring keeps its tail");
	n = log_ring_copy(&ring, ring.end, out, sizeof(out));
	tap_ok(n == 0, "copy at the end position copies nothing");
	return tap_done();
}
