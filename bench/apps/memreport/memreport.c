/*
 * memreport.c - bench app: reports RAM in use on the booted board. Once,
 * after the other apps had time to start, it prints MemTotal, MemAvailable
 * and their difference from /proc/meminfo, then one line per process with
 * its name and resident set (VmRSS, and how much of it is file-backed text
 * mapped from flash: RssFile), all in KiB, and the kernel's own use
 * (/proc/meminfo: slab, kernel stacks, page tables, page cache). Then it
 * sleeps.
 */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static long field_kib(const char *path, const char *key)
{
	char line[128];
	long v = -1;
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, strlen(key)) && line[strlen(key)] == ':')
			sscanf(line + strlen(key) + 1, "%ld", &v);
	fclose(f);
	return v;
}

static void report_process(const char *pid)
{
	char path[300], name[64] = "?", line[128];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%s/status", pid);
	f = fopen(path, "r");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "Name:", 5))
			sscanf(line + 5, "%63s", name);
	fclose(f);
	long rss = field_kib(path, "VmRSS");
	long file = field_kib(path, "RssFile");

	if (rss >= 0)
		printf("memreport: process pid=%s name=%s rss_kib=%ld rss_file_kib=%ld\n", pid, name, rss, file);
}

int main(void)
{
	sleep(5);
	long total = field_kib("/proc/meminfo", "MemTotal");
	long avail = field_kib("/proc/meminfo", "MemAvailable");
	long free_kib = field_kib("/proc/meminfo", "MemFree");

	printf("memreport: meminfo total_kib=%ld available_kib=%ld free_kib=%ld used_kib=%ld\n", total, avail,
	       free_kib, total - avail);
	printf("memreport: kernel slab_kib=%ld slab_unreclaimable_kib=%ld kernel_stack_kib=%ld page_tables_kib=%ld cached_kib=%ld\n",
	       field_kib("/proc/meminfo", "Slab"), field_kib("/proc/meminfo", "SUnreclaim"),
	       field_kib("/proc/meminfo", "KernelStack"), field_kib("/proc/meminfo", "PageTables"),
	       field_kib("/proc/meminfo", "Cached"));
	DIR *d = opendir("/proc");
	struct dirent *e;

	while (d && (e = readdir(d)))
		if (isdigit((unsigned char)e->d_name[0]))
			report_process(e->d_name);
	if (d)
		closedir(d);
	printf("memreport: done\n");
	fflush(stdout);
	for (;;)
		pause();
}
