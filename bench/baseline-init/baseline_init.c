/*
 * baseline_init.c - the trivial static init `make bench` boots instead of
 * appmgr, on the same kernel, to measure what appmgr and the apps add to
 * boot time and RAM. Prints one line, then the kernel's own RAM use from
 * /proc/meminfo (the same fields as appmgr's memory report), then sleeps
 * forever (PID 1 must not exit).
 */
#include <stdio.h>
#include <sys/mount.h>
#include <unistd.h>

#include "proc_field.h"

static long meminfo_kib(const char *key)
{
	return proc_field_kib("/proc/meminfo", key);
}

int main(void)
{
	printf("baseline-init: up\n");
	fflush(stdout);
	if (mount("proc", "/proc", "proc", 0, NULL) == 0) {
		long total = meminfo_kib("MemTotal"), available = meminfo_kib("MemAvailable");

		printf("baseline-init: memory: total_kib=%ld available_kib=%ld free_kib=%ld used_kib=%ld\n", total,
		       available, meminfo_kib("MemFree"), total - available);
		printf("baseline-init: memory: kernel slab_kib=%ld slab_unreclaimable_kib=%ld kernel_stack_kib=%ld "
		       "page_tables_kib=%ld cached_kib=%ld\n",
		       meminfo_kib("Slab"), meminfo_kib("SUnreclaim"), meminfo_kib("KernelStack"),
		       meminfo_kib("PageTables"), meminfo_kib("Cached"));
		fflush(stdout);
	}
	for (;;)
		pause();
}
