/* ram_snapshot.h — the kernel's memory figures at one point of a bench
 * init's run (the filesystem bench, bench/littlefs_vs_jffs2.sh; the secmon
 * bench, bench/secmon.sh), printed on the console for the host to
 * subtract. */
#ifndef BENCH_RAM_SNAPSHOT_H
#define BENCH_RAM_SNAPSHOT_H

/* Prints "WHO: ram LABEL free_kib=F memfree_kib=M pcp_kib=P
 * available_kib=A slab_kib=S sunreclaim_kib=U vmalloc_kib=V
 * kernel_stack_kib=K cached_kib=C", from /proc/meminfo and /proc/zoneinfo.
 * free_kib is MemFree plus the pages waiting on the per-CPU free lists
 * (which MemFree leaves out and which come and go by up to a few hundred
 * KiB), so that the difference of two snapshots is the RAM taken in
 * between, to the page; available_kib is MemAvailable. Returns 0, or -1
 * when a figure cannot be read. */
int ram_snapshot(const char *who, const char *label);

#endif
