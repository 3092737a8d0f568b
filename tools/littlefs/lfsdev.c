/* lfsdev: geometry options, core configuration on a flashdev and the
 * --stats report shared by the littlefs host tools (see lfsdev.h). */
#include "lfsdev.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "toolmsg.h"

const char lfsdev_geometry_help[] =
	"  --block-size B       erase block size in bytes (K and M suffixes allowed)\n"
	"  --block-count N      number of blocks\n"
	"  --read-size R        read unit in bytes (default 16)\n"
	"  --prog-size P        program unit in bytes (default 16)\n"
	"  --cache-size C       read/program cache per buffer (default 256)\n"
	"  --lookahead-size L   bytes of free-block bitmap, a multiple of 8\n"
	"                       (default: enough for every block, at most 128)\n";

const char lfsdev_tool_help[] =
	"  --stats              print bytes read, programmed and erased and the\n"
	"                       peak RAM the littlefs core used\n"
	"  --help               print this help\n";

static int lfsdev_parse_option(struct lfsdev_geometry *geo, int opt, const char *arg)
{
	switch (opt) {
	case LFSDEV_OPT_BLOCK_SIZE:
		return toolmsg_parse_size("--block-size", arg, &geo->block_size);
	case LFSDEV_OPT_BLOCK_COUNT:
		return toolmsg_parse_size("--block-count", arg, &geo->block_count);
	case LFSDEV_OPT_READ_SIZE:
		return toolmsg_parse_size("--read-size", arg, &geo->read_size);
	case LFSDEV_OPT_PROG_SIZE:
		return toolmsg_parse_size("--prog-size", arg, &geo->prog_size);
	case LFSDEV_OPT_CACHE_SIZE:
		return toolmsg_parse_size("--cache-size", arg, &geo->cache_size);
	case LFSDEV_OPT_LOOKAHEAD_SIZE:
		return toolmsg_parse_size("--lookahead-size", arg, &geo->lookahead_size);
	default:
		return 1;
	}
}

int lfsdev_next_option(int argc, char **argv, const struct option *options,
		       struct lfsdev_cli *cli)
{
	opterr = 0;
	for (;;) {
		int opt = getopt_long(argc, argv, ":", options, NULL);
		if (opt == ':') {
			toolmsg_usage_error("%s needs a value", argv[optind - 1]);
			return LFSDEV_OPT_ERROR;
		}
		if (opt == '?') {
			toolmsg_usage_error("unknown option %s", argv[optind - 1]);
			return LFSDEV_OPT_ERROR;
		}
		if (opt == LFSDEV_OPT_STATS) {
			cli->stats = true;
			continue;
		}
		int parsed = lfsdev_parse_option(&cli->geo, opt, optarg);
		if (parsed < 0)
			return LFSDEV_OPT_ERROR;
		if (parsed > 0)
			return opt;
	}
}

static uint32_t lfsdev_min(uint32_t a, uint32_t b)
{
	return a < b ? a : b;
}

const char *lfsdev_complete_geometry(struct lfsdev_geometry *geo)
{
	if (geo->block_size < 128)
		return "the block size must be at least 128 bytes";
	if (!geo->read_size)
		geo->read_size = lfsdev_min(LFSDEV_DEFAULT_IO_SIZE, geo->block_size);
	if (!geo->prog_size)
		geo->prog_size = lfsdev_min(LFSDEV_DEFAULT_IO_SIZE, geo->block_size);
	if (!geo->cache_size)
		geo->cache_size = lfsdev_min(LFSDEV_DEFAULT_CACHE_SIZE, geo->block_size);
	if (!geo->lookahead_size) {
		uint32_t bytes = (geo->block_count + 7) / 8;
		geo->lookahead_size = lfsdev_min((bytes + 7) / 8 * 8,
						 LFSDEV_MAX_DEFAULT_LOOKAHEAD);
		if (!geo->lookahead_size)
			geo->lookahead_size = 8;
	}
	if (geo->block_size % geo->read_size || geo->block_size % geo->prog_size)
		return "the block size must be a multiple of the read and program sizes";
	if (geo->cache_size % geo->read_size || geo->cache_size % geo->prog_size)
		return "the cache size must be a multiple of the read and program sizes";
	if (geo->block_size % geo->cache_size)
		return "the cache size must divide the block size";
	if (geo->lookahead_size % 8)
		return "the lookahead size must be a multiple of 8";
	return NULL;
}

static struct lfsdev *lfsdev_of(const struct lfs_config *c)
{
	return c->context;
}

static int lfsdev_read(const struct lfs_config *c, lfs_block_t block,
		       lfs_off_t off, void *buffer, lfs_size_t size)
{
	return flashdev_read(&lfsdev_of(c)->flash, block, off, buffer, size);
}

static int lfsdev_prog(const struct lfs_config *c, lfs_block_t block,
		       lfs_off_t off, const void *buffer, lfs_size_t size)
{
	return flashdev_prog(&lfsdev_of(c)->flash, block, off, buffer, size);
}

static int lfsdev_erase(const struct lfs_config *c, lfs_block_t block)
{
	return flashdev_erase(&lfsdev_of(c)->flash, block);
}

static int lfsdev_sync(const struct lfs_config *c)
{
	return flashdev_sync(&lfsdev_of(c)->flash);
}

static void *lfsdev_alloc(void *context, lfs_size_t size)
{
	struct lfsdev *dev = context;
	void *ptr = malloc(size);
	if (!ptr)
		return NULL;
	dev->heap_bytes += size;
	if (dev->heap_bytes > dev->heap_peak_bytes)
		dev->heap_peak_bytes = dev->heap_bytes;
	return ptr;
}

static void lfsdev_free(void *context, void *ptr, lfs_size_t size)
{
	struct lfsdev *dev = context;
	if (!ptr)
		return;
	dev->heap_bytes -= size;
	free(ptr);
}

void lfsdev_configure(struct lfsdev *dev, const struct lfsdev_geometry *geo)
{
	memset(&dev->lfs, 0, sizeof(dev->lfs));
	dev->heap_bytes = 0;
	dev->heap_peak_bytes = 0;
	dev->ram_peak_bytes = 0;
	dev->cfg = (struct lfs_config){
		.context = dev,
		.read = lfsdev_read,
		.prog = lfsdev_prog,
		.erase = lfsdev_erase,
		.sync = lfsdev_sync,
		.read_size = geo->read_size,
		.prog_size = geo->prog_size,
		.block_size = geo->block_size,
		.block_count = dev->flash.block_count,
		.block_cycles = LFSDEV_BLOCK_CYCLES,
		.cache_size = geo->cache_size,
		.lookahead_size = geo->lookahead_size,
		.alloc = lfsdev_alloc,
		.free = lfsdev_free,
		.alloc_context = dev,
	};
}

static void lfsdev_note_peak(struct lfsdev *dev)
{
	struct lfs_counters counters;
	lfs_fs_counters(&dev->lfs, &counters);
	if (counters.ram_peak_bytes > dev->ram_peak_bytes)
		dev->ram_peak_bytes = counters.ram_peak_bytes;
}

int lfsdev_format(struct lfsdev *dev)
{
	int err = lfs_format(&dev->lfs, &dev->cfg);
	lfsdev_note_peak(dev);
	return err;
}

int lfsdev_mount(struct lfsdev *dev)
{
	int err = lfs_mount(&dev->lfs, &dev->cfg);
	lfsdev_note_peak(dev);
	return err;
}

const char *lfsdev_mount_error(int err)
{
	switch (err) {
	case LFS_ERR_CORRUPT:
		return "corrupted metadata: no valid superblock or a broken metadata pair";
	case LFS_ERR_INVAL:
		return "no littlefs superblock matching this geometry (wrong block size or count?)";
	default:
		return strerror(-err);
	}
}

int lfsdev_unmount(struct lfsdev *dev)
{
	lfsdev_note_peak(dev);
	return lfs_unmount(&dev->lfs);
}

lfs_size_t lfsdev_ram_peak(struct lfsdev *dev)
{
	lfsdev_note_peak(dev);
	return dev->ram_peak_bytes;
}

void lfsdev_print_stats(struct lfsdev *dev, FILE *out)
{
	fprintf(out, "bytes read: %llu\n", (unsigned long long)dev->flash.bytes_read);
	fprintf(out, "bytes programmed: %llu\n",
		(unsigned long long)dev->flash.bytes_programmed);
	fprintf(out, "bytes erased: %llu\n", (unsigned long long)dev->flash.bytes_erased);
	fprintf(out, "peak RAM bytes: %lu\n", (unsigned long)lfsdev_ram_peak(dev));
	fprintf(out, "peak heap bytes: %zu\n", dev->heap_peak_bytes);
}

int lfsdev_open_image(struct lfsdev *dev, const char *path,
		      struct lfsdev_geometry *geo, bool writable)
{
	int err = flashdev_open(&dev->flash, path, geo->block_size,
				geo->block_count, writable);
	if (err == -EBUSY) {
		toolmsg_error("%s: busy: another littlefs tool is using this image", path);
		return err;
	}
	if (err == -EINVAL) {
		struct stat st;
		if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
			toolmsg_error("%s: not a regular file", path);
		else if (geo->block_count)
			toolmsg_error("%s: smaller than %u blocks of %u bytes", path,
				      geo->block_count, geo->block_size);
		else
			toolmsg_error("%s: size %lld is not a whole number of %u-byte blocks",
				      path, (long long)st.st_size, geo->block_size);
		return err;
	}
	if (err) {
		toolmsg_errno(path, err);
		return err;
	}
	geo->block_count = dev->flash.block_count;
	const char *why = lfsdev_complete_geometry(geo);
	if (why) {
		toolmsg_error("%s: %s", path, why);
		flashdev_close(&dev->flash);
		return -EINVAL;
	}
	lfsdev_configure(dev, geo);
	return 0;
}
