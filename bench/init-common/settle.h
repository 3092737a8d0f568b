/* settle.h — waits for the board to be idle, so that work done in the
 * background (jffs2 erasing and collecting garbage in its kernel thread, a
 * driver finishing its probe) is counted in the step that caused it. */
#ifndef BENCH_SETTLE_H
#define BENCH_SETTLE_H

/* Waits until the CPU has been busy for at most one clock tick in each of
 * two 250 ms periods in a row (/proc/stat), at most 60 s. Returns 0, or -1
 * when the board did not settle in time or /proc/stat cannot be read. */
int settle(void);

#endif
