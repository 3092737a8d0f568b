/* flashdev: an emulated NOR flash backed by a mapped image file or anonymous
 * memory, counting the bytes read, programmed and erased (see flashdev.h).
 * Programming behaves like NOR: it can only clear bits (new = old & data),
 * so a filesystem that programs over unerased bytes corrupts its own data
 * here just as it would on the real part. */
#include "flashdev.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static int flashdev_geometry(struct flashdev *dev, uint32_t block_size,
			     uint32_t block_count)
{
	if (block_size == 0 || block_count == 0)
		return -EINVAL;
	if ((uint64_t)block_size * block_count > SIZE_MAX / 2)
		return -EFBIG;
	memset(dev, 0, sizeof(*dev));
	dev->fd = -1;
	dev->block_size = block_size;
	dev->block_count = block_count;
	dev->mem_size = (size_t)block_size * block_count;
	return 0;
}

static int flashdev_map(struct flashdev *dev, int prot)
{
	int flags = dev->fd < 0 ? MAP_PRIVATE | MAP_ANONYMOUS : MAP_SHARED;
	void *mem = mmap(NULL, dev->mem_size, prot, flags, dev->fd, 0);
	if (mem == MAP_FAILED)
		return -errno;
	dev->mem = mem;
	dev->writable = (prot & PROT_WRITE) != 0;
	return 0;
}

static int flashdev_fail(struct flashdev *dev, int err)
{
	if (dev->fd >= 0)
		close(dev->fd);
	dev->fd = -1;
	return err;
}

int flashdev_create(struct flashdev *dev, const char *path,
		    uint32_t block_size, uint32_t block_count)
{
	int err = flashdev_geometry(dev, block_size, block_count);
	if (err)
		return err;
	dev->fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (dev->fd < 0)
		return -errno;
	if (flock(dev->fd, LOCK_EX | LOCK_NB) < 0)
		return flashdev_fail(dev, errno == EWOULDBLOCK ? -EBUSY : -errno);
	if (ftruncate(dev->fd, 0) < 0 || ftruncate(dev->fd, (off_t)dev->mem_size) < 0)
		return flashdev_fail(dev, -errno);
	err = flashdev_map(dev, PROT_READ | PROT_WRITE);
	if (err)
		return flashdev_fail(dev, err);
	memset(dev->mem, 0xff, dev->mem_size);
	return 0;
}

int flashdev_open(struct flashdev *dev, const char *path, uint32_t block_size,
		  uint32_t block_count, bool writable)
{
	struct stat st;
	int fd = open(path, (writable ? O_RDWR : O_RDONLY) | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	dev->fd = fd;
	if (flock(fd, (writable ? LOCK_EX : LOCK_SH) | LOCK_NB) < 0)
		return flashdev_fail(dev, errno == EWOULDBLOCK ? -EBUSY : -errno);
	if (fstat(fd, &st) < 0)
		return flashdev_fail(dev, -errno);
	if (!S_ISREG(st.st_mode))
		return flashdev_fail(dev, -EINVAL);
	if (block_size == 0)
		return flashdev_fail(dev, -EINVAL);
	if (block_count == 0) {
		if (st.st_size == 0 || st.st_size % block_size != 0 ||
		    st.st_size / block_size > UINT32_MAX)
			return flashdev_fail(dev, -EINVAL);
		block_count = (uint32_t)(st.st_size / block_size);
	} else if ((uint64_t)st.st_size < (uint64_t)block_size * block_count) {
		return flashdev_fail(dev, -EINVAL);
	}
	int err = flashdev_geometry(dev, block_size, block_count);
	dev->fd = fd;
	if (err)
		return flashdev_fail(dev, err);
	err = flashdev_map(dev, writable ? PROT_READ | PROT_WRITE : PROT_READ);
	if (err)
		return flashdev_fail(dev, err);
	return 0;
}

int flashdev_create_memory(struct flashdev *dev, uint32_t block_size,
			   uint32_t block_count)
{
	int err = flashdev_geometry(dev, block_size, block_count);
	if (err)
		return err;
	err = flashdev_map(dev, PROT_READ | PROT_WRITE);
	if (err)
		return err;
	memset(dev->mem, 0xff, dev->mem_size);
	return 0;
}

static int flashdev_check(const struct flashdev *dev, uint32_t block,
			  uint32_t off, uint32_t size)
{
	if (block >= dev->block_count || off > dev->block_size ||
	    size > dev->block_size - off)
		return -EINVAL;
	return 0;
}

static uint8_t *flashdev_at(struct flashdev *dev, uint32_t block, uint32_t off)
{
	return dev->mem + (size_t)block * dev->block_size + off;
}

int flashdev_read(struct flashdev *dev, uint32_t block, uint32_t off,
		  void *buf, uint32_t size)
{
	int err = flashdev_check(dev, block, off, size);
	if (err)
		return err;
	memcpy(buf, flashdev_at(dev, block, off), size);
	dev->bytes_read += size;
	return 0;
}

int flashdev_prog(struct flashdev *dev, uint32_t block, uint32_t off,
		  const void *buf, uint32_t size)
{
	int err = flashdev_check(dev, block, off, size);
	if (err)
		return err;
	if (!dev->writable)
		return -EROFS;
	uint8_t *cell = flashdev_at(dev, block, off);
	const uint8_t *data = buf;
	for (uint32_t i = 0; i < size; i++)
		cell[i] &= data[i];
	dev->bytes_programmed += size;
	return 0;
}

int flashdev_erase(struct flashdev *dev, uint32_t block)
{
	int err = flashdev_check(dev, block, 0, dev->block_size);
	if (err)
		return err;
	if (!dev->writable)
		return -EROFS;
	memset(flashdev_at(dev, block, 0), 0xff, dev->block_size);
	dev->bytes_erased += dev->block_size;
	return 0;
}

int flashdev_sync(struct flashdev *dev)
{
	if (dev->fd < 0 || !dev->writable)
		return 0;
	if (msync(dev->mem, dev->mem_size, MS_SYNC) < 0)
		return -errno;
	return 0;
}

void flashdev_reset_counters(struct flashdev *dev)
{
	dev->bytes_read = 0;
	dev->bytes_programmed = 0;
	dev->bytes_erased = 0;
}

int flashdev_close(struct flashdev *dev)
{
	int err = flashdev_sync(dev);
	if (dev->mem)
		munmap(dev->mem, dev->mem_size);
	dev->mem = NULL;
	if (dev->fd >= 0 && close(dev->fd) < 0 && !err)
		err = -errno;
	dev->fd = -1;
	return err;
}
