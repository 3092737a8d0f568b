/* lfsdev: a littlefs core instance on a flashdev, as the host tools and the
 * benchmark use it: geometry options with defaults and checks, the core's
 * configuration (block-device callbacks, an allocation hook that counts the
 * heap it hands out), and the --stats report (bytes read, programmed and
 * erased by the device; the core's own peak RAM figure, which covers its
 * structures, caches and open files, and the part of it that came from the
 * heap). */
#ifndef SPHERULE_TOOLS_LITTLEFS_LFSDEV_H
#define SPHERULE_TOOLS_LITTLEFS_LFSDEV_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#include "../../lfs/lfs.h"
#include "flashdev.h"

/* Geometry from the command line; 0 means "not given". */
struct lfsdev_geometry {
	uint32_t block_size;
	uint32_t block_count;
	uint32_t read_size;
	uint32_t prog_size;
	uint32_t cache_size;
	uint32_t lookahead_size;
};

#define LFSDEV_DEFAULT_IO_SIZE 16u        /* read and program unit */
#define LFSDEV_DEFAULT_CACHE_SIZE 256u
#define LFSDEV_MAX_DEFAULT_LOOKAHEAD 128u /* bytes of bitmap: 1024 blocks */
#define LFSDEV_BLOCK_CYCLES 500

/* getopt_long codes and table entries of the options shared by every tool:
 * --block-size --block-count --read-size --prog-size --cache-size
 * --lookahead-size --help, and --stats. */
enum {
	LFSDEV_OPT_BLOCK_SIZE = 0x100,
	LFSDEV_OPT_BLOCK_COUNT,
	LFSDEV_OPT_READ_SIZE,
	LFSDEV_OPT_PROG_SIZE,
	LFSDEV_OPT_CACHE_SIZE,
	LFSDEV_OPT_LOOKAHEAD_SIZE,
	LFSDEV_OPT_STATS,
	LFSDEV_OPT_HELP,
};
#define LFSDEV_LONG_OPTIONS \
	{ "block-size", required_argument, NULL, LFSDEV_OPT_BLOCK_SIZE }, \
	{ "block-count", required_argument, NULL, LFSDEV_OPT_BLOCK_COUNT }, \
	{ "read-size", required_argument, NULL, LFSDEV_OPT_READ_SIZE }, \
	{ "prog-size", required_argument, NULL, LFSDEV_OPT_PROG_SIZE }, \
	{ "cache-size", required_argument, NULL, LFSDEV_OPT_CACHE_SIZE }, \
	{ "lookahead-size", required_argument, NULL, LFSDEV_OPT_LOOKAHEAD_SIZE }, \
	{ "help", no_argument, NULL, LFSDEV_OPT_HELP }
/* --stats, for the tools (the benchmark always reports). */
#define LFSDEV_STATS_OPTION { "stats", no_argument, NULL, LFSDEV_OPT_STATS }

/* The usage lines of the geometry options, and of --stats and --help. */
extern const char lfsdev_geometry_help[];
extern const char lfsdev_tool_help[];

/* What the shared options set. */
struct lfsdev_cli {
	struct lfsdev_geometry geo;
	bool stats;
};

/* getopt_long over options (which include LFSDEV_LONG_OPTIONS): stores the
 * geometry options and --stats in cli and returns the next other option
 * (--help is LFSDEV_OPT_HELP), -1 at the end of the options, or
 * LFSDEV_OPT_ERROR after printing a usage error (unknown option, missing
 * value, value that is not a size). */
#define LFSDEV_OPT_ERROR (-2)
int lfsdev_next_option(int argc, char **argv, const struct option *options,
		       struct lfsdev_cli *cli);

/* Fills the options not given with defaults (needs block_size, and
 * block_count when the lookahead default depends on it) and checks the
 * constraints of the core. Returns NULL or a message saying what is wrong. */
const char *lfsdev_complete_geometry(struct lfsdev_geometry *geo);

struct lfsdev {
	struct flashdev flash;
	size_t heap_bytes;           /* held through the allocation hook now */
	size_t heap_peak_bytes;
	struct lfs_config cfg;
	lfs_t lfs;
	lfs_size_t ram_peak_bytes;   /* over every format and mount so far */
};

/* Opens the image file for the tools that use an existing image: maps it
 * (geo->block_count 0: the whole file), fills in the geometry defaults and
 * checks them. Prints "NAME: IMAGE: reason" and returns a negative errno on
 * failure. */
int lfsdev_open_image(struct lfsdev *dev, const char *path,
		      struct lfsdev_geometry *geo, bool writable);

/* Sets up cfg for geo on dev->flash (which must be open). */
void lfsdev_configure(struct lfsdev *dev, const struct lfsdev_geometry *geo);

int lfsdev_format(struct lfsdev *dev);
int lfsdev_mount(struct lfsdev *dev);
/* What a failed lfsdev_mount means, for "IMAGE: mount failed: ..." */
const char *lfsdev_mount_error(int err);
int lfsdev_unmount(struct lfsdev *dev);

/* Largest RAM the core held since the device was configured. */
lfs_size_t lfsdev_ram_peak(struct lfsdev *dev);
/* Prints the --stats lines: "bytes read: N", "bytes programmed: N",
 * "bytes erased: N", "peak RAM bytes: N", "peak heap bytes: N". */
void lfsdev_print_stats(struct lfsdev *dev, FILE *out);

#endif
