/* mem_report.c — appmgr's memory report (see mem_report.h). All figures in
 * KiB, read from /proc/meminfo, the apps' memory cgroups and
 * /proc/<pid>/status; a figure that cannot be read is reported as -1.
 * Each process's credentials are logged with it (proc_creds.h). */
#include "mem_report.h"

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <string.h>

#include "app_cgroup.h"
#include "log.h"
#include "proc_creds.h"
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
	if (rss < 0)
		return;
	log_line("memory: process pid=%s name=%s rss_kib=%ld rss_file_kib=%ld", pid, name, rss,
		 proc_field_kib(path, "RssFile"));
	proc_creds_log(pid, path);
}

/* "memory: app name=hello current_kib=48 peak_kib=60 budget_kib=256". */
static void report_app(const struct app *a, uint32_t budget_kib)
{
	uint64_t current, peak;

	if (app_cgroup_read(a, APP_CGROUP_CURRENT, &current) != 0 ||
	    app_cgroup_read(a, APP_CGROUP_PEAK, &peak) != 0) {
		log_line("memory: app name=%s: cannot read its memory cgroup", a->name);
		return;
	}
	log_line("memory: app name=%s current_kib=%llu peak_kib=%llu budget_kib=%u", a->name,
		 (unsigned long long)(current / 1024u), (unsigned long long)(peak / 1024u),
		 budget_kib);
}

void mem_report_log(const struct app *apps, size_t count, uint32_t budget_kib)
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
	for (size_t i = 0; i < count; i++)
		report_app(&apps[i], budget_kib);
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
