/* ram_snapshot.c — the kernel's memory figures at one point (see
 * ram_snapshot.h). */
#include "ram_snapshot.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "proc_field.h"

/* KiB on the per-CPU free lists: the sum of the "count:" lines of the
 * pagesets in /proc/zoneinfo (pages), or -1. */
static long pcp_kib(void)
{
	char line[160];
	long pages = 0, n;
	const char *count;
	FILE *f = fopen("/proc/zoneinfo", "re");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if ((count = strstr(line, "count:")) && sscanf(count + 6, "%ld", &n) == 1)
			pages += n;
	fclose(f);
	return pages * (sysconf(_SC_PAGESIZE) / 1024);
}

int ram_snapshot(const char *who, const char *label)
{
	static const char *const keys[] = { "MemFree", "MemAvailable", "Slab", "SUnreclaim",
					    "VmallocUsed", "KernelStack", "Cached" };
	long v[sizeof(keys) / sizeof(keys[0])], pcp = pcp_kib();

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if ((v[i] = proc_field_kib("/proc/meminfo", keys[i])) < 0)
			return -1;
	if (pcp < 0)
		return -1;
	printf("%s: ram %s free_kib=%ld memfree_kib=%ld pcp_kib=%ld available_kib=%ld slab_kib=%ld "
	       "sunreclaim_kib=%ld vmalloc_kib=%ld kernel_stack_kib=%ld cached_kib=%ld\n",
	       who, label, v[0] + pcp, v[0], pcp, v[1], v[2], v[3], v[4], v[5], v[6]);
	return 0;
}
