/* mem_report.c — appmgr's memory report (see mem_report.h). All figures in
 * KiB, read from /proc/meminfo and /proc/<pid>/status; a figure that cannot
 * be read is reported as -1. */
#include "mem_report.h"

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "proc_field.h"

static void report_process(const char *pid)
{
	char path[64], line[128], name[32] = "?";
	FILE *f;

	if (snprintf(path, sizeof(path), "/proc/%s/status", pid) >= (int)sizeof(path))
		return;
	f = fopen(path, "re");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "Name:", 5))
			sscanf(line + 5, "%31s", name);
	fclose(f);
	long rss = proc_field_kib(path, "VmRSS");

	/* Kernel threads have no VmRSS line: only processes are reported. */
	if (rss >= 0)
		log_line("memory: process pid=%s name=%s rss_kib=%ld rss_file_kib=%ld", pid, name, rss,
			 proc_field_kib(path, "RssFile"));
}

void mem_report_log(void)
{
	static const char meminfo[] = "/proc/meminfo";
	long total = proc_field_kib(meminfo, "MemTotal");
	long available = proc_field_kib(meminfo, "MemAvailable");

	log_line("memory: total_kib=%ld available_kib=%ld free_kib=%ld used_kib=%ld", total, available,
		 proc_field_kib(meminfo, "MemFree"), total < 0 || available < 0 ? -1 : total - available);
	log_line("memory: kernel slab_kib=%ld slab_unreclaimable_kib=%ld kernel_stack_kib=%ld "
		 "page_tables_kib=%ld cached_kib=%ld",
		 proc_field_kib(meminfo, "Slab"), proc_field_kib(meminfo, "SUnreclaim"),
		 proc_field_kib(meminfo, "KernelStack"), proc_field_kib(meminfo, "PageTables"),
		 proc_field_kib(meminfo, "Cached"));
	DIR *d = opendir("/proc");
	struct dirent *e;

	if (!d) {
		log_line("memory: cannot list /proc");
		return;
	}
	while ((e = readdir(d)))
		if (isdigit((unsigned char)e->d_name[0]))
			report_process(e->d_name);
	closedir(d);
	log_line("memory: end of report");
}
