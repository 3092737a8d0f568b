/* flashdev: an emulated NOR flash for the littlefs host tools and benchmark.
 * The flash is a memory mapping, either of an image file (changes reach the
 * file) or anonymous memory. Erase sets a block to 0xFF; program and read copy
 * bytes. Every operation is bounds-checked and counted in bytes, so the tools
 * can report how much the filesystem read, programmed and erased. */
#ifndef SPHERULE_TOOLS_LITTLEFS_FLASHDEV_H
#define SPHERULE_TOOLS_LITTLEFS_FLASHDEV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct flashdev {
	uint8_t *mem;           /* block_size * block_count bytes */
	size_t mem_size;
	int fd;                 /* backing image file, or -1 for anonymous memory */
	bool writable;
	uint32_t block_size;
	uint32_t block_count;
	uint64_t bytes_read;
	uint64_t bytes_programmed;
	uint64_t bytes_erased;
};

/* Creates (or truncates) the image file at path, sizes it to
 * block_size * block_count bytes, all erased (0xFF), and maps it. */
int flashdev_create(struct flashdev *dev, const char *path,
		    uint32_t block_size, uint32_t block_count);

/* Maps an existing image file. block_count 0 means "the whole file", which
 * must then be a multiple of block_size; otherwise the file must hold at
 * least block_count blocks. writable false maps it read-only (a program or
 * erase then fails with -EROFS). The file is locked (exclusively when
 * writable) so two tools never use one image at once: -EBUSY if it is taken. */
int flashdev_open(struct flashdev *dev, const char *path, uint32_t block_size,
		  uint32_t block_count, bool writable);

/* Anonymous erased flash in memory, for benchmarks. */
int flashdev_create_memory(struct flashdev *dev, uint32_t block_size,
			   uint32_t block_count);

int flashdev_read(struct flashdev *dev, uint32_t block, uint32_t off,
		  void *buf, uint32_t size);
int flashdev_prog(struct flashdev *dev, uint32_t block, uint32_t off,
		  const void *buf, uint32_t size);
int flashdev_erase(struct flashdev *dev, uint32_t block);
/* Writes the mapping back to the image file (no-op for memory). */
int flashdev_sync(struct flashdev *dev);

void flashdev_reset_counters(struct flashdev *dev);
/* Unmaps and closes; returns the result of a final sync. */
int flashdev_close(struct flashdev *dev);

#endif
