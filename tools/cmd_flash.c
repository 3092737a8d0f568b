/*
 * cmd_flash.c - `spherule flash build`: makes the factory flash image of
 * board qemu-armv7: boot stub, device tree, XIP kernel and the OS root
 * filesystem in bank 0 with the signed OS description secmon checks them
 * against (signed here with --os-key, by default the development vendor
 * key, or laid out from `os-image pack`), the given app image packages in
 * the app slots of bank 1, optionally a littlefs of a host tree in the data
 * partition, everything else erased; beside it the device's factory order
 * (factory_order.h): the OS vendor key and the OEM keys (--trust-key) the
 * device is to be manufactured with. The apps' storage quotas must fit the
 * budgets of the root filesystem's board.conf, by appmgr's own rule
 * (device/appmgr/storage_budget.h).
 * `spherule flash extract`: writes one partition of a flash image to a file.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "spherule/manifest.h"
#include "spherule/pkg.h"
#include "spherule/pkg_host.h"
#include "board_conf.h"
#include "cli.h"
#include "file_util.h"
#include "flash_file.h"
#include "flash_layout.h"
#include "flash_storage.h"
#include "factory_order.h"
#include "key_files.h"
#include "os_parts.h"
#include "storage_budget.h"

#define ERASED_BYTE 0xff /* what unwritten NOR flash reads */
#define DEFAULT_OS_VERSION 1

struct flash_build {
	const char *output;
	const char *os_dir;
	const char *rootfs_dir;
	const char *storage_root;
	const char *os_key;         /* NULL: the development vendor key */
	const char *os_description; /* from os-image pack, instead of signing */
	uint32_t os_version, os_security_version;
	bool force;
	struct trust_key keys[MAX_TRUST_KEYS];
	unsigned nkeys;
	const char *apps[FLASH_APP_COUNT];
	unsigned napps;
};

static const char flash_build_usage[] =
	"usage: spherule flash build --output FLASH --trust-key PUB.pem [--trust-key ...]\n"
	"                            [--app APP.imagepackage ...] [--os-dir DIR] [--rootfs-dir DIR]\n"
	"                            [--storage-root DIR] [--os-key KEY | --os-description DESC]\n"
	"                            [--os-version N] [--os-security-version N] [--force]\n"
	"\n"
	"Makes a factory flash image (192 MiB: bank 0, bank 1, OS slot B) for board qemu-armv7:\n"
	"the boot stub, device tree, XIP kernel and OS root filesystem in bank 0, and the\n"
	"signed OS description that the device's secmon checks them against before it boots;\n"
	"each --app package in its own 1 MiB app slot of bank 1 (at most 16); with\n"
	"--storage-root, a littlefs holding that tree in the 16 MiB data partition; the rest\n"
	"erased. The apps' storage quotas must fit the budgets of the root filesystem's\n"
	"/etc/spherule/board.conf. Beside FLASH, its factory order FLASH.factory: the OS\n"
	"vendor public key that signed the description and the --trust-key keys, which\n"
	"'emulator start' manufactures a device without a secmon store with.\n"
	"\n"
	"  --output FLASH        flash image to write (replaced atomically)\n"
	"  --trust-key PUB.pem   ECDSA P-256 public key of the OEM: the device is manufactured\n"
	"                        trusting it for app images; each --app must be signed by one\n"
	"  --app PKG             app image package to install (slot order = argument order)\n"
	"  --os-dir DIR          boot.bin, board.dtb and xipImage (default: the build's out/os/qemu-armv7)\n"
	"  --rootfs-dir DIR      OS root filesystem tree (default: the build's out/device/rootfs)\n"
	"  --storage-root DIR    regular files and directories to put in the data partition's littlefs\n"
	"                        (default: the data partition is left erased)\n"
	"  --os-key KEY          OS vendor private key that signs the OS description (default: the\n"
	"                        development vendor key out/keys/" DEV_KEY_OS_VENDOR ".key, made if missing,\n"
	"                        which a device manufactured by 'emulator start' trusts)\n"
	"  --os-description DESC lay out DESC, made by 'spherule os-image pack' from the same OS\n"
	"                        directory and root filesystem tree, instead of signing (no factory\n"
	"                        order then: the vendor's public key is not known here)\n"
	"  --os-version N        OS version in the description (default 1)\n"
	"  --os-security-version N  its security version: a device refuses an OS below the highest\n"
	"                        it has booted (default 0)\n"
	"  --force               install packages that fail verification or the storage budgets anyway,\n"
	"                        lay out an --os-description that does not describe this OS\n"
	"                        (to test the device's refusal)\n";

/* The budgets of the board.conf in the root filesystem tree, as appmgr
 * reads them: the defaults without the file, its bad lines ignored. */
static int load_board_conf(const struct flash_build *fb, struct board_conf *board)
{
	struct error_detail why = { "" };
	char path[PATH_MAX];
	int n;

	board_conf_defaults(board);
	if (snprintf(path, sizeof(path), "%s" BOARD_CONF_PATH, fb->rootfs_dir) >= (int)sizeof(path))
		return cli_fail("flash build", "%s: path too long", fb->rootfs_dir);
	n = board_conf_load(path, board, &why);
	if (n == -ENOENT)
		return 0;
	if (n < 0)
		return cli_fail("flash build", "%s: %s", path, why.msg[0] ? why.msg : strerror(-n));
	if (n > 0)
		fprintf(stderr, "spherule: flash build: warning: %s: %d lines ignored (as the device does), first: %s\n",
			path, n, why.msg);
	return 0;
}

/* A verified app's storage quota against the budgets, as appmgr admits it. */
static int check_storage(const struct pkg_image *img, struct storage_budget *storage,
			 struct error_detail *perr)
{
	struct manifest m;
	int ret = pkg_image_manifest(img, &m, perr);

	return ret ? ret : storage_budget_admit(storage, m.mutable_storage_kb, perr);
}

static int check_app(const struct flash_build *fb, unsigned slot, const uint8_t *pkg, size_t len,
		     uint8_t component_ids[][16], struct storage_budget *storage)
{
	struct pkg_image *img = malloc(sizeof(*img));
	struct mem_source ms = { .data = pkg, .len = len };
	struct pkg_source src = mem_source_init(&ms, false, FLASH_APP_SIZE);
	struct error_detail perr = { "" };
	const char *path = fb->apps[slot];
	int ret;

	if (!img)
		return cli_fail("flash build", "out of memory");
	ret = pkg_open(&src, img, &perr);
	if (!ret) {
		const struct trust_key *key = trust_key_find(fb->keys, fb->nkeys, img->thumbprint);

		if (!key) {
			char hex[65];

			pkg_thumbprint_hex(img->thumbprint, hex);
			ret = error_detail_set(&perr, -ENOKEY,
					       "signed by key %s, which no --trust-key names", hex);
		} else {
			ret = pkg_verify(&src, img, key->point, &perr);
		}
	}
	if (!ret && img->image_type != PKG_IMAGE_APPLICATION) {
		ret = error_detail_set(&perr, -EINVAL, "image type is %s, not application",
				       pkg_image_type_name(img->image_type));
	}
	if (!ret) {
		memcpy(component_ids[slot], img->component_id, 16);
		for (unsigned i = 0; i < slot; i++)
			if (!memcmp(component_ids[i], img->component_id, 16))
				ret = error_detail_set(&perr, -EEXIST, "same component id as %s",
						       fb->apps[i]);
	}
	if (!ret)
		ret = check_storage(img, storage, &perr);
	free(img);
	if (!ret)
		return 0;
	if (fb->force) {
		fprintf(stderr, "spherule: flash build: warning: %s: %s (installed anyway: --force)\n", path, perr.msg);
		return 0;
	}
	return cli_fail("flash build", "%s: %s (use --force to install it anyway)", path, perr.msg);
}

static int put(int fd, const char *what, const uint8_t *data, size_t len, off_t off, size_t max)
{
	if (len > max)
		return cli_fail("flash build", "%s is %zu bytes, its flash area holds %zu", what, len, max);
	if (pwrite(fd, data, len, off) != (ssize_t)len)
		return cli_fail("flash build", "writing %s: %s", what, strerror(errno));
	return 0;
}

static int write_erased(int fd)
{
	static uint8_t erased[1 << 20];

	memset(erased, ERASED_BYTE, sizeof(erased));
	for (off_t off = 0; off < (off_t)FLASH_FILE_SIZE; off += sizeof(erased))
		if (pwrite(fd, erased, sizeof(erased), off) != (ssize_t)sizeof(erased))
			return cli_fail("flash build", "writing the flash image: %s", strerror(errno));
	return 0;
}

/* The OS description given with --os-description, which must describe the
 * parts laid out (with --force, only warned about). */
static int load_description(const struct flash_build *fb, const struct os_parts *parts, uint8_t *desc,
			    uint32_t *size)
{
	struct error_detail why = { "" };
	struct os_desc *d = malloc(sizeof(*d));
	uint8_t *buf = NULL;
	size_t len = 0;
	int ret = flash_area_file_load("flash build", fb->os_description, OS_DESC_MAX, &buf, &len);

	if (!ret && !d)
		ret = cli_fail("flash build", "out of memory");
	if (!ret && os_desc_parse(buf, len, d, &why) < 0)
		ret = cli_fail("flash build", "%s: %s", fb->os_description, why.msg);
	if (!ret && os_parts_match(parts, d, &why) < 0) {
		if (fb->force)
			fprintf(stderr, "spherule: flash build: warning: %s does not describe this OS: %s (laid out anyway: --force)\n",
				fb->os_description, why.msg);
		else
			ret = cli_fail("flash build", "%s does not describe this OS: %s; pack it from the same OS directory "
				       "and root filesystem tree (use --force to lay it out anyway)",
				       fb->os_description, why.msg);
	}
	if (!ret) {
		memcpy(desc, buf, d->size);
		*size = d->size;
	}
	free(buf);
	free(d);
	return ret;
}

/* The OS description: signed here with --os-key or the development vendor
 * key, or the one given. *signer says which, for the summary; *vendor gets
 * the signing key's public half when it was signed here (*signed_here). */
static int describe_os(const struct flash_build *fb, const struct os_parts *parts, uint8_t *desc, uint32_t *size,
		       const char **signer, struct trust_key *vendor, bool *signed_here)
{
	static struct dev_key dev;
	struct error_detail err = { "" };
	EVP_PKEY *key;
	int ret;

	if (fb->os_description) {
		*signer = fb->os_description;
		return load_description(fb, parts, desc, size);
	}
	*signer = fb->os_key;
	if (!fb->os_key) {
		if (dev_key("flash build", DEV_KEY_OS_VENDOR, &dev) < 0)
			return -1;
		*signer = dev.key;
	}
	key = pkg_key_read(*signer, true, &err);
	if (!key || trust_key_of(key, vendor, &err) < 0) {
		EVP_PKEY_free(key);
		return cli_fail("flash build", "--os-key %s", err.msg);
	}
	ret = os_parts_describe("flash build", parts, key, fb->os_version, fb->os_security_version, desc, size);
	EVP_PKEY_free(key);
	*signed_here = ret == 0;
	return ret;
}

static int remove_factory_order(const char *flash)
{
	char path[PATH_MAX + 16];

	factory_order_path(flash, path, sizeof(path));
	if (unlink(path) < 0 && errno != ENOENT)
		return cli_fail("flash build", "%s: %s", path, strerror(errno));
	return 0;
}

/* The factory order beside the flash: the key that signed its OS description
 * and the --trust-keys, which emulator start manufactures the device with. */
static int write_factory_order(const struct flash_build *fb, const struct trust_key *vendor)
{
	char path[PATH_MAX + 16], hex[65];

	if (factory_order_write("flash build", fb->output, vendor, fb->keys, fb->nkeys) < 0)
		return -1;
	factory_order_path(fb->output, path, sizeof(path));
	pkg_thumbprint_hex(vendor->thumbprint, hex);
	printf("factory order %s: OS vendor key %s, %u OEM key(s) (a device without a secmon store is "
	       "manufactured with them)\n", path, hex, fb->nkeys);
	return 0;
}

static int write_flash(const struct flash_build *fb)
{
	static const off_t os_offsets[OS_PART_COUNT] = { FLASH_BOOT_OFFSET, FLASH_DTB_OFFSET, FLASH_KERNEL_OFFSET,
							 FLASH_ROOTFS_OFFSET };
	static const char *const os_names[OS_PART_COUNT] = { "boot.bin", "board.dtb", "xipImage", "root filesystem" };
	uint8_t component_ids[FLASH_APP_COUNT][16];
	struct storage_budget storage;
	struct board_conf board;
	struct os_parts parts = { 0 };
	/* Each package is read once: what was checked is what gets written. */
	uint8_t *app_buf[FLASH_APP_COUNT] = { 0 };
	size_t app_len[FLASH_APP_COUNT] = { 0 };
	uint8_t desc[OS_DESC_MAX];
	uint32_t desc_size = 0;
	const char *signer = NULL;
	struct trust_key vendor;
	bool signed_here = false;
	struct os_desc d;
	char tmp[PATH_MAX];
	int ret = 0, fd = -1;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp", fb->output) >= (int)sizeof(tmp))
		return cli_fail("flash build", "%s: path too long", fb->output);
	ret = load_board_conf(fb, &board);
	storage_budget_init(&storage, &board.budgets);
	for (unsigned i = 0; !ret && i < fb->napps; i++) {
		ret = flash_area_file_load("flash build", fb->apps[i], FLASH_APP_SIZE, &app_buf[i], &app_len[i]);
		if (!ret)
			ret = check_app(fb, i, app_buf[i], app_len[i], component_ids, &storage);
	}
	if (!ret)
		ret = os_parts_load("flash build", fb->os_dir, fb->rootfs_dir, &parts);
	if (!ret)
		ret = describe_os(fb, &parts, desc, &desc_size, &signer, &vendor, &signed_here);
	if (!ret) {
		fd = open(tmp, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (fd < 0)
			ret = cli_fail("flash build", "%s: %s", tmp, strerror(errno));
	}
	if (!ret)
		ret = write_erased(fd);
	for (unsigned i = 0; !ret && i < OS_PART_COUNT; i++)
		ret = put(fd, os_names[i], parts.data[i], parts.len[i], os_offsets[i], parts.len[i]);
	if (!ret)
		ret = put(fd, "OS description", desc, desc_size, FLASH_OSDESC_OFFSET, FLASH_OSDESC_SIZE);
	for (unsigned i = 0; !ret && i < fb->napps; i++)
		ret = put(fd, fb->apps[i], app_buf[i], app_len[i], FLASH_APP_OFFSET(i), FLASH_APP_SIZE);
	if (!ret && fb->storage_root)
		ret = flash_storage_write(fd, fb->storage_root);
	for (unsigned i = 0; i < fb->napps; i++)
		free(app_buf[i]);
	os_parts_free(&parts);
	if (fd < 0)
		return ret;
	if (!ret && fsync(fd) < 0)
		ret = cli_fail("flash build", "%s: %s", tmp, strerror(errno));
	close(fd);
	/* The old factory order goes first: it never describes a newer flash. */
	if (!ret)
		ret = remove_factory_order(fb->output);
	if (!ret && rename(tmp, fb->output) < 0)
		ret = cli_fail("flash build", "%s: %s", fb->output, strerror(errno));
	if (ret) {
		unlink(tmp);
		return ret;
	}
	if (os_desc_parse(desc, desc_size, &d, NULL) == 0) {
		char hex[65];

		pkg_thumbprint_hex(d.thumbprint, hex);
		printf("flash image %s: OS from %s, %u trusted key(s), %u app(s)%s%s\n", fb->output, fb->os_dir,
		       fb->nkeys, fb->napps, fb->storage_root ? ", storage from " : "",
		       fb->storage_root ? fb->storage_root : "");
		printf("OS description: version %u, security version %u, signed by key %s (%s)\n", d.version,
		       d.security_version, hex, signer);
	}
	if (!signed_here)
		printf("no factory order: the public key of the vendor that signed %s is not known here "
		       "(manufacture the device with 'spherule device manufacture')\n", fb->os_description);
	return signed_here ? write_factory_order(fb, &vendor) : 0;
}

static int flash_build(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "trust-key", required_argument, NULL, 'k' },
		{ "app", required_argument, NULL, 'a' },
		{ "os-dir", required_argument, NULL, 'O' },
		{ "rootfs-dir", required_argument, NULL, 'r' },
		{ "storage-root", required_argument, NULL, 's' },
		{ "os-key", required_argument, NULL, 'K' },
		{ "os-description", required_argument, NULL, 'D' },
		{ "os-version", required_argument, NULL, 'V' },
		{ "os-security-version", required_argument, NULL, 'S' },
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct flash_build fb = { .os_version = DEFAULT_OS_VERSION };
	int c;

	os_parts_default_dirs(&fb.os_dir, &fb.rootfs_dir);
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'o': fb.output = optarg; break;
		case 'O': fb.os_dir = optarg; break;
		case 'r': fb.rootfs_dir = optarg; break;
		case 's': fb.storage_root = optarg; break;
		case 'f': fb.force = true; break;
		case 'K': fb.os_key = optarg; break;
		case 'D': fb.os_description = optarg; break;
		case 'V':
			if (cli_parse_u32("flash build", "--os-version", optarg, &fb.os_version) < 0)
				return -1;
			break;
		case 'S':
			if (cli_parse_u32("flash build", "--os-security-version", optarg, &fb.os_security_version) < 0)
				return -1;
			break;
		case 'h': fputs(flash_build_usage, stdout); return 0;
		case 'k':
			if (fb.nkeys == MAX_TRUST_KEYS)
				return cli_fail("flash build", "at most %d --trust-key", MAX_TRUST_KEYS);
			if (trust_key_load("flash build", optarg, &fb.keys[fb.nkeys]) < 0)
				return -1;
			fb.nkeys++;
			break;
		case 'a':
			if (fb.napps == FLASH_APP_COUNT)
				return cli_fail("flash build", "at most %u apps fit the %u app slots", FLASH_APP_COUNT,
						FLASH_APP_COUNT);
			fb.apps[fb.napps++] = optarg;
			break;
		default: return cli_usage_error("flash build", flash_build_usage);
		}
	}
	if (optind < argc)
		return cli_fail("flash build", "unexpected argument '%s' (see --help)", argv[optind]);
	if (!fb.output)
		return cli_fail("flash build", "--output FLASH is required (see --help)");
	if (!fb.nkeys)
		return cli_fail("flash build", "at least one --trust-key is required: the device runs only apps signed by a key it trusts");
	if (fb.os_description && fb.os_key)
		return cli_fail("flash build", "--os-key signs a description, --os-description gives one: not both");
	return write_flash(&fb);
}

static const char flash_extract_usage[] =
	"usage: spherule flash extract --flash FLASH --partition NAME --output IMAGE\n"
	"\n"
	"Writes one partition of a qemu-armv7 flash image, byte for byte, to IMAGE: an app slot\n"
	"holds an image package, the data partition a littlefs that the littlefs tools read.\n"
	"FLASH is an image made by 'spherule flash build' or one the emulator has run.\n"
	"\n"
	"  --flash FLASH         flash image to read (192 MiB)\n"
	"  --partition NAME      partition to write (its MTD label, listed below)\n"
	"  --output IMAGE        file to write (replaced atomically)\n";

static void flash_extract_help(void)
{
	char labels[512];

	flash_partition_labels(labels, sizeof(labels));
	fputs(flash_extract_usage, stdout);
	printf("\npartitions: %s\n"
	       "The data partition's littlefs has %u blocks of %u bytes:\n"
	       "  fsck.littlefs --block-size %u --block-count %u IMAGE\n",
	       labels, (unsigned)FLASH_STORAGE_BLOCK_COUNT, (unsigned)FLASH_STORAGE_BLOCK_SIZE,
	       (unsigned)FLASH_STORAGE_BLOCK_SIZE, (unsigned)FLASH_STORAGE_BLOCK_COUNT);
}

static int flash_extract(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "flash", required_argument, NULL, 'f' },
		{ "partition", required_argument, NULL, 'p' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *flash = NULL, *name = NULL, *output = NULL;
	const struct flash_partition *part;
	uint8_t *buf;
	int c, ret;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'f': flash = optarg; break;
		case 'p': name = optarg; break;
		case 'o': output = optarg; break;
		case 'h': flash_extract_help(); return 0;
		default: return cli_usage_error("flash extract", flash_extract_usage);
		}
	}
	if (optind < argc)
		return cli_fail("flash extract", "unexpected argument '%s' (see --help)", argv[optind]);
	if (!flash)
		return cli_fail("flash extract", "--flash FLASH is required (see --help)");
	if (!name)
		return cli_fail("flash extract", "--partition NAME is required (see --help)");
	if (!output)
		return cli_fail("flash extract", "--output IMAGE is required (see --help)");
	part = flash_partition_find(name);
	if (!part) {
		char labels[512];

		flash_partition_labels(labels, sizeof(labels));
		return cli_fail("flash extract", "no partition '%s' in the qemu-armv7 layout; the partitions: %s", name,
				labels);
	}
	if (flash_file_read_partition("flash extract", flash, part, &buf) < 0)
		return -1;
	ret = file_write_atomic(output, buf, part->size, 0644);
	free(buf);
	if (ret < 0)
		return cli_fail("flash extract", "%s: %s", output, strerror(-ret));
	printf("partition %s of %s (%u bytes at 0x%08x) written to %s\n", part->label, flash, part->size, part->offset,
	       output);
	return 0;
}

const struct cli_command flash_commands[] = {
	{ "flash build", "make a factory flash image with the OS, trusted keys and apps", flash_build },
	{ "flash extract", "write one partition of a flash image to a file", flash_extract },
	{ 0 },
};
