/* workload.h — the write workload of the filesystem bench, the same for
 * littlefs and jffs2: WORKLOAD_FILES files of 4 KiB, then one file of
 * WORKLOAD_BIG_KIB written sequentially in 4 KiB writes, then sync().
 * The bytes are a pseudo-random stream (xorshift32), which no compressor
 * shrinks: jffs2's zlib tries every node and stores it uncompressed, as
 * it would for media or encrypted data.
 *
 * 32 files, not more: littlefs gives every file larger than its inline
 * limit (the 256-byte cache) a block of its own, and the data partition
 * has 64 blocks of 256 KiB (docs/littlefs.md "Beside jffs2"). */
#ifndef FSBENCH_WORKLOAD_H
#define FSBENCH_WORKLOAD_H

#define WORKLOAD_FILES 32
#define WORKLOAD_FILE_SIZE 4096
#define WORKLOAD_BIG_KIB 1024

/* Writes the workload in dir; stores the bytes written and, on success,
 * the microseconds it took, sync() included (CLOCK_MONOTONIC). Returns 0
 * or a negative errno (then *bytes is what was written before it). */
int workload_run(const char *dir, unsigned long *bytes, long long *usec);

#endif
