/* diag_init.c — PID 1 of the diagnostic kernel (bench/footprint.sh): dumps
 * where the kernel's memory went at boot, then becomes appmgr. It prints
 * /proc/meminfo, /proc/slabinfo, each cache's object size without SLUB's
 * debug metadata, every slab cache's allocation call
 * sites with their stacks (SLUB's alloc_traces in debugfs, slub_debug=U),
 * every page the page allocator handed out with its stack (page_owner, for
 * what is not in a slab: large kmallocs, vmalloc, hash tables, stacks), and
 * the names of the kernel threads, each line tagged for the bench's parser
 * ("MEMINFO ", "SLABINFO ", "OBJSIZE <cache> ", "ALLOC <cache> ", "PAGE ",
 * "TASK <pid> "), then
 * "diag: done", and executes /sbin/appmgr, which runs the system as ever. */
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

static void print_tagged(const char *path, const char *tag)
{
	char line[512];
	FILE *f = fopen(path, "r");

	if (!f) {
		printf("diag: cannot read %s\n", path);
		return;
	}
	while (fgets(line, sizeof(line), f))
		printf("%s%s", tag, line);
	fclose(f);
}

/* Each entry of dir through print_tagged(dir/entry/file, tag + entry). */
static void print_each(const char *dir, const char *file, const char *tag, int digits_only)
{
	struct dirent *e;
	DIR *d = opendir(dir);

	if (!d) {
		printf("diag: cannot list %s\n", dir);
		return;
	}
	while ((e = readdir(d))) {
		char path[320], entry_tag[300];

		if (e->d_name[0] == '.' || (digits_only && (e->d_name[0] < '0' || e->d_name[0] > '9')))
			continue;
		snprintf(path, sizeof(path), "%s/%s/%s", dir, e->d_name, file);
		snprintf(entry_tag, sizeof(entry_tag), "%s %s ", tag, e->d_name);
		if (access(path, R_OK) == 0)
			print_tagged(path, entry_tag);
	}
	closedir(d);
}

int main(void)
{
	mount("proc", "/proc", "proc", 0, NULL);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	mount("debugfs", "/sys/kernel/debug", "debugfs", 0, NULL);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	printf("diag: start\n");
	print_tagged("/proc/meminfo", "MEMINFO ");
	print_tagged("/proc/slabinfo", "SLABINFO ");
	print_each("/sys/kernel/slab", "object_size", "OBJSIZE", 0);
	print_each("/sys/kernel/debug/slab", "alloc_traces", "ALLOC", 0);
	print_tagged("/sys/kernel/debug/page_owner", "PAGE ");
	print_each("/proc", "comm", "TASK", 1);
	printf("diag: done\n");
	fflush(stdout);
	umount("/sys/kernel/debug");
	umount("/sys");
	execl("/sbin/appmgr", "appmgr", (char *)NULL);
	perror("diag: exec /sbin/appmgr");
	for (;;)
		pause();
}
