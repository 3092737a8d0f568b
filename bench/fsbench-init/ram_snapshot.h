/* ram_snapshot.h — the kernel's memory figures at one point of the
 * filesystem bench (bench/littlefs_vs_jffs2.sh), printed on the console for
 * the host to subtract. */
#ifndef FSBENCH_RAM_SNAPSHOT_H
#define FSBENCH_RAM_SNAPSHOT_H

/* Prints "fsbench: ram LABEL free_kib=F memfree_kib=M pcp_kib=P slab_kib=S
 * sunreclaim_kib=U vmalloc_kib=V kernel_stack_kib=K cached_kib=C", from
 * /proc/meminfo and /proc/zoneinfo. free_kib is MemFree plus the pages
 * waiting on the per-CPU free lists (which MemFree leaves out and which
 * come and go by up to a few hundred KiB), so that the difference of two
 * snapshots is the RAM taken in between, to the page. Returns 0, or -1
 * when a figure cannot be read. */
int ram_snapshot(const char *label);

#endif
