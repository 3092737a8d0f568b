/* lfs_bench: write amplification, reads, speed and RAM of Spherule's
 * littlefs core on an emulated NOR flash in memory (default 4 MiB of 4 KiB
 * blocks), over the four workloads of lfs_workloads.c. For each it prints
 * the bytes programmed and erased per byte written (deterministic),
 * operations per second and their ratio to the first workload (timings
 * vary between runs; only ratios within a run mean something), the peak
 * RAM the core held, then the bytes read per byte written (deterministic)
 * and, on the geometry the reference littlefs was measured on, the ratio of
 * the bytes read to the reference's. */
#include <stdio.h>

#include "lfs_workloads.h"
#include "toolmsg.h"

static void bench_print(const struct bench *b, const struct bench_result *results,
			size_t count)
{
	const struct lfsdev_geometry *g = &b->geo;
	printf("littlefs benchmark: flash %llu bytes = %u blocks of %u bytes; "
	       "read %u, prog %u, cache %u, lookahead %u bytes, block_cycles %d\n",
	       (unsigned long long)g->block_size * g->block_count, g->block_count,
	       g->block_size, g->read_size, g->prog_size, g->cache_size,
	       g->lookahead_size, LFSDEV_BLOCK_CYCLES);
	printf("%-12s %6s %9s %11s %11s %9s %10s %11s %9s %10s\n", "workload", "ops",
	       "written", "programmed", "erased", "prog/byte", "erase/byte", "read",
	       "peak RAM", "ops/s rel");
	double base = results[0].ops / results[0].seconds;
	for (size_t i = 0; i < count; i++) {
		const struct bench_result *r = &results[i];
		double written = (double)r->bytes_written;
		printf("%-12s %6lu %9llu %11llu %11llu %9.2f %10.2f %11llu %9lu %10.3f\n",
		       r->name, r->ops, (unsigned long long)r->bytes_written,
		       (unsigned long long)r->bytes_programmed,
		       (unsigned long long)r->bytes_erased, r->bytes_programmed / written,
		       r->bytes_erased / written, (unsigned long long)r->bytes_read,
		       (unsigned long)r->ram_peak, r->ops / r->seconds / base);
	}
	printf("ops/s (this run, for the ratios only):");
	for (size_t i = 0; i < count; i++)
		printf(" %s %.0f%s", results[i].name, results[i].ops / results[i].seconds,
		       i + 1 < count ? ";" : "\n");
}

/* Bytes read per byte written, against the reference littlefs's bytes read
 * (issue 12), which were measured on one geometry only. */
static void bench_print_reads(const struct bench *b, const struct bench_result *results,
			      size_t count)
{
	bool reference = bench_is_reference_geometry(&b->geo);
	printf("reads: bytes read per byte written%s\n",
	       reference ? "; reference littlefs on this geometry (issue 12)"
			 : "; no reference figures for this geometry");
	printf("%-12s %10s %10s %12s %10s\n", "workload", "read/byte", "ref/byte", "ref read",
	       "read/ref");
	for (size_t i = 0; i < count; i++) {
		const struct bench_result *r = &results[i];
		uint64_t ref = bench_workloads[i].ref_read;
		double written = (double)r->bytes_written;
		if (reference)
			printf("%-12s %10.2f %10.2f %12llu %10.3f\n", r->name, r->bytes_read / written,
			       ref / written, (unsigned long long)ref, (double)r->bytes_read / ref);
		else
			printf("%-12s %10.2f %10s %12s %10s\n", r->name, r->bytes_read / written, "-",
			       "-", "-");
	}
}

static void bench_usage(void)
{
	printf("Usage: lfs_bench [options]\n"
	       "Run the littlefs workloads on an emulated flash in memory (default\n"
	       "4 MiB of 4 KiB blocks) and print write amplification, speed ratios,\n"
	       "peak RAM and bytes read against the reference littlefs.\n\nOptions:\n%s"
	       "  --help               print this help\n", lfsdev_geometry_help);
}

int main(int argc, char **argv)
{
	static const struct option options[] = { LFSDEV_LONG_OPTIONS, { 0 } };
	static struct bench b;
	int opt;

	toolmsg_name = "lfs_bench";
	struct lfsdev_cli cli = { .geo = { .block_size = 4096, .block_count = 1024 } };
	while ((opt = lfsdev_next_option(argc, argv, options, &cli)) != -1) {
		if (opt == LFSDEV_OPT_ERROR)
			return 2;
		bench_usage();
		return 0;
	}
	const char *why = lfsdev_complete_geometry(&cli.geo);
	if (why)
		return toolmsg_usage_error("%s", why);
	if (bench_init(&b, &cli.geo))
		return 1;

	struct bench_result results[BENCH_WORKLOADS];
	for (size_t i = 0; i < BENCH_WORKLOADS; i++)
		if (bench_one(&b, &bench_workloads[i], &results[i]))
			return 1;
	bench_print(&b, results, BENCH_WORKLOADS);
	bench_print_reads(&b, results, BENCH_WORKLOADS);
	bench_free(&b);
	return 0;
}
