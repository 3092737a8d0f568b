/* mkfs.littlefs: creates a littlefs image file of block_size * block_count
 * bytes (erased to 0xFF), formats it with Spherule's littlefs core and, with
 * --root DIR, copies the regular files and directories under DIR into it.
 * Any other file type is refused. On failure no image is left behind. */
#include <stdio.h>
#include <unistd.h>

#include "lfsdev.h"
#include "lfsmkfs.h"
#include "toolmsg.h"

static void mkfs_usage(void)
{
	printf("Usage: mkfs.littlefs --block-size B --block-count N [options] IMAGE\n"
	       "Create the littlefs image file IMAGE (B * N bytes, erased to 0xFF),\n"
	       "populated from a directory tree with --root.\n\n"
	       "Options:\n"
	       "  --root DIR           copy the regular files and directories under DIR\n"
	       "%s%s", lfsdev_geometry_help, lfsdev_tool_help);
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
		LFSDEV_LONG_OPTIONS,
		LFSDEV_STATS_OPTION,
		{ "root", required_argument, NULL, 'r' },
		{ 0 },
	};
	struct lfsdev_cli cli = { 0 };
	struct lfsdev_geometry *geo = &cli.geo;
	const char *root = NULL;
	int opt;

	toolmsg_name = "mkfs.littlefs";
	while ((opt = lfsdev_next_option(argc, argv, options, &cli)) != -1) {
		if (opt == LFSDEV_OPT_ERROR)
			return 2;
		if (opt == LFSDEV_OPT_HELP) {
			mkfs_usage();
			return 0;
		}
		if (opt == 'r')
			root = optarg;
	}
	if (optind != argc - 1)
		return toolmsg_usage_error("expected exactly one IMAGE argument");
	const char *image = argv[optind];
	if (!geo->block_size || !geo->block_count)
		return toolmsg_usage_error("--block-size and --block-count are required");
	const char *why = lfsdev_complete_geometry(geo);
	if (why)
		return toolmsg_usage_error("%s", why);
	if (root && toolmsg_check_dir(root))
		return 1;

	static struct lfsdev dev;
	int err = flashdev_create(&dev.flash, image, geo->block_size, geo->block_count);
	if (err) {
		toolmsg_errno(image, err);
		return 1;
	}
	lfsdev_configure(&dev, geo);
	err = lfsmkfs_build(&dev, image, root);
	int close_err = flashdev_close(&dev.flash);
	if (!err && close_err) {
		toolmsg_errno(image, close_err);
		err = close_err;
	}
	if (err) {
		unlink(image);
		return 1;
	}
	if (cli.stats)
		lfsdev_print_stats(&dev, stdout);
	return 0;
}
