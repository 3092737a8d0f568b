/* test_littlefs_reads: in each workload of the littlefs benchmark
 * (bench/lfs_workloads.c), on the geometry the reference littlefs was
 * measured on, the core reads no more bytes than the reference and programs
 * and erases no more than it did before its reads were cut (issue 12).
 * Byte counts on the emulated flash are deterministic, so a change that
 * makes the core read more fails here rather than going unnoticed. */
#include "lfs_workloads.h"
#include "tap.h"
#include "toolmsg.h"

int main(void)
{
	static struct bench b;
	toolmsg_name = "test_littlefs_reads";
	struct lfsdev_geometry geo = { .block_size = 4096, .block_count = 1024 };
	const char *why = lfsdev_complete_geometry(&geo);
	tap_ok(!why && bench_is_reference_geometry(&geo),
	       "the tools' defaults for 1024 blocks of 4 KiB are the reference's geometry");
	if (why || bench_init(&b, &geo))
		return 1;
	for (size_t i = 0; i < BENCH_WORKLOADS; i++) {
		const struct bench_workload *w = &bench_workloads[i];
		struct bench_result r;
		int err = bench_one(&b, w, &r);
		tap_ok(!err && r.bytes_read <= w->ref_read,
		       "%s: %llu bytes read, the reference littlefs %llu", w->name,
		       (unsigned long long)r.bytes_read, (unsigned long long)w->ref_read);
		tap_ok(!err && r.bytes_programmed <= w->base_programmed &&
		       r.bytes_erased <= w->base_erased,
		       "%s: %llu bytes programmed and %llu erased, at most %llu and %llu", w->name,
		       (unsigned long long)r.bytes_programmed, (unsigned long long)r.bytes_erased,
		       (unsigned long long)w->base_programmed, (unsigned long long)w->base_erased);
	}
	bench_free(&b);
	return tap_done();
}
