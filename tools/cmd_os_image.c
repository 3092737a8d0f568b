/*
 * cmd_os_image.c - `spherule os-image pack`: signs the description of an OS
 * (docs/os-image.md) with an OS vendor key: the boot stub, device tree and
 * kernel of an OS directory and the root filesystem built from a tree,
 * exactly as `flash build` lays them out, so that `flash build
 * --os-description` lays the description out beside them without the
 * vendor key. With --image it also writes the OS image file (.osimage):
 * the description followed by the parts, what an update service serves.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "file_util.h"
#include "key_files.h"
#include "os_parts.h"

#define PACK "os-image pack"

static const char pack_usage[] =
	"usage: spherule os-image pack --key KEY [--trust-key PUB.pem ...] [--output DESC]\n"
	"                              [--image FILE.osimage]\n"
	"                              [--os-dir DIR] [--rootfs-dir DIR] [--version N] [--security-version N]\n"
	"\n"
	"Signs the OS image description of board qemu-armv7 (docs/os-image.md): the size and\n"
	"SHA-256 of the boot stub, device tree and XIP kernel of the OS directory and of the\n"
	"root filesystem built from its tree (as 'spherule flash build' builds it), the OS\n"
	"version and security version, signed with an OS vendor key. 'spherule flash build\n"
	"--os-description DESC' with the same OS directory and tree lays it out; a device\n"
	"boots that OS only if it trusts the key. With --image, also the OS image file: the\n"
	"description followed by the four parts, the OS an update service delivers (installed\n"
	"over the air into the device's other OS slot).\n"
	"\n"
	"  --key KEY             OS vendor private key (from 'spherule keygen')\n"
	"  --trust-key PUB.pem   checked to be a P-256 public key and otherwise unused: the app\n"
	"                        keys are no longer part of the OS (the device's secmon holds\n"
	"                        them); accepted for the commands written when they were\n"
	"  --output DESC         description to write (replaced atomically)\n"
	"  --image FILE.osimage  OS image file to write (replaced atomically); --output, --image\n"
	"                        or both\n"
	"  --os-dir DIR          boot.bin, board.dtb and xipImage (default: the build's out/os/qemu-armv7)\n"
	"  --rootfs-dir DIR      OS root filesystem tree (default: the build's out/device/rootfs)\n"
	"  --version N           OS version (default 1)\n"
	"  --security-version N  security version: a device refuses an OS below the highest it\n"
	"                        has booted (default 0)\n";

/* The OS image file: the description, then the parts (os_parts_image). */
static int write_image(const char *path, const struct os_parts *parts, const uint8_t *desc, uint32_t size,
		       size_t *len)
{
	uint8_t *image;
	int ret = os_parts_image(parts, desc, size, &image, len);

	if (ret < 0)
		return cli_fail(PACK, "out of memory");
	ret = file_write_atomic(path, image, *len, 0644);
	free(image);
	return ret < 0 ? cli_fail(PACK, "%s: %s", path, strerror(-ret)) : 0;
}

static int pack(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "key", required_argument, NULL, 'k' },
		{ "trust-key", required_argument, NULL, 't' },
		{ "output", required_argument, NULL, 'o' },
		{ "image", required_argument, NULL, 'i' },
		{ "os-dir", required_argument, NULL, 'O' },
		{ "rootfs-dir", required_argument, NULL, 'r' },
		{ "version", required_argument, NULL, 'v' },
		{ "security-version", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct trust_key app_key; /* --trust-key: checked, not part of the OS */
	struct error_detail err = { "" };
	const char *key_path = NULL, *output = NULL, *image = NULL, *os_dir, *rootfs_dir;
	uint32_t version = 1, security_version = 0, size = 0;
	size_t image_len = 0;
	uint8_t desc[OS_DESC_MAX];
	char hex[65], sha[65];
	struct os_parts parts;
	struct os_desc d;
	EVP_PKEY *key;
	int c, ret;

	os_parts_default_dirs(&os_dir, &rootfs_dir);
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'k': key_path = optarg; break;
		case 'o': output = optarg; break;
		case 'i': image = optarg; break;
		case 'O': os_dir = optarg; break;
		case 'r': rootfs_dir = optarg; break;
		case 'v':
			if (cli_parse_u32(PACK, "--version", optarg, &version) < 0)
				return -1;
			break;
		case 's':
			if (cli_parse_u32(PACK, "--security-version", optarg, &security_version) < 0)
				return -1;
			break;
		case 't':
			if (trust_key_load(PACK, optarg, &app_key) < 0)
				return -1;
			break;
		case 'h': fputs(pack_usage, stdout); return 0;
		default: return cli_usage_error(PACK, pack_usage);
		}
	}
	if (optind < argc)
		return cli_fail(PACK, "unexpected argument '%s' (see --help)", argv[optind]);
	if (!key_path)
		return cli_fail(PACK, "--key KEY is required (see --help)");
	if (!output && !image)
		return cli_fail(PACK, "--output DESC or --image FILE.osimage is required (see --help)");
	key = pkg_key_read(key_path, true, &err);
	if (!key)
		return cli_fail(PACK, "--key %s", err.msg);
	ret = os_parts_load(PACK, os_dir, rootfs_dir, &parts);
	if (!ret) {
		ret = os_parts_describe(PACK, &parts, key, version, security_version, desc, &size);
		if (!ret && image)
			ret = write_image(image, &parts, desc, size, &image_len);
		os_parts_free(&parts);
	}
	EVP_PKEY_free(key);
	if (!ret && output && (ret = file_write_atomic(output, desc, size, 0644)) < 0)
		return cli_fail(PACK, "%s: %s", output, strerror(-ret));
	if (ret || os_desc_parse(desc, size, &d, &err) < 0)
		return -1;
	pkg_thumbprint_hex(d.thumbprint, hex);
	if (output)
		printf("OS description %s (%u bytes): version %u, security version %u, signed by key %s\n", output,
		       size, d.version, d.security_version, hex);
	if (image)
		printf("OS image %s (%zu bytes): version %u, security version %u, signed by key %s\n", image,
		       image_len, d.version, d.security_version, hex);
	for (unsigned i = 0; i < d.part_count; i++) {
		pkg_thumbprint_hex(d.parts[i].sha256, sha);
		printf("  %-7s %9u bytes  SHA-256 %s\n", os_part_name(d.parts[i].id), d.parts[i].size, sha);
	}
	return 0;
}

const struct cli_command os_image_commands[] = {
	{ "os-image pack", "sign the description of an OS (boot stub, device tree, kernel, root fs)", pack },
	{ 0 },
};
