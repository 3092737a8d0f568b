/* test_appmgr_slots.c — unit tests of appmgr's slot scanning: /proc/mtd
 * parsing and chunked reads of a fake flash slot file. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "mtd_slots.h"
#include "slot_reader.h"
#include "small_file.h"

static const char board_mtd[] =
	"dev:    size   erasesize  name\n"
	"mtd0: 00040000 00040000 \"boot\"\n"
	"mtd1: 00040000 00040000 \"dtb\"\n"
	"mtd2: 00780000 00040000 \"kernel\"\n"
	"mtd3: 00800000 00040000 \"rootfs\"\n"
	"mtd4: 00100000 00040000 \"app0\"\n"
	"mtd5: 00100000 00040000 \"app1\"\n"
	"mtd18: 00100000 00040000 \"app15\"\n"
	"mtd19: 01000000 00040000 \"data\"\n"
	"mtd20: 01080000 00040000 \"osstage\"\n";

static void test_proc_mtd(void)
{
	struct mtd_slot s[APPMGR_MAX_APPS];
	int n = mtd_find_app_slots(board_mtd, strlen(board_mtd), s);
	static const char shuffled[] =
		"dev:    size   erasesize  name\n"
		"mtd7: 00200000 00010000 \"app3\"\n"
		"mtd6: 00100000 00010000 \"app1\"\n"
		"mtd8: 00100000 00010000 \"app1\"\n";
	static const char odd_names[] =
		"dev:    size   erasesize  name\n"
		"mtd1: 00100000 00010000 \"app16\"\n"
		"mtd2: 00100000 00010000 \"app01\"\n"
		"mtd3: 00100000 00010000 \"apps\"\n"
		"mtd4: 00100000 00010000 \"app\"\n"
		"mtd5: 00100000 00010000 \"xapp1\"\n";
	static const char garbage[] =
		"dev:    size   erasesize  name\n"
		"mtd1 00100000 00010000 \"app1\"\n";
	static const char unterminated[] =
		"dev:    size   erasesize  name\n"
		"mtd1: 00100000 00010000 \"app1\n";

	tap_ok(n == 3, "board /proc/mtd has 3 app slots (got %d)", n);
	tap_ok(n == 3 && s[0].slot == 0 && s[0].mtd_index == 4 && s[0].size == 0x100000 &&
	       s[1].slot == 1 && s[1].mtd_index == 5 && s[2].slot == 15 && s[2].mtd_index == 18,
	       "slots carry slot number, mtd index and size");
	n = mtd_find_app_slots(shuffled, strlen(shuffled), s);
	tap_ok(n == 2 && s[0].slot == 1 && s[0].mtd_index == 6 && s[1].slot == 3 &&
	       s[1].size == 0x200000, "sorted by slot; a repeated slot name keeps the first");
	n = mtd_find_app_slots(odd_names, strlen(odd_names), s);
	tap_ok(n == 0, "app16, app01, apps, app, xapp1 are not app slots");
	tap_ok(mtd_find_app_slots(garbage, strlen(garbage), s) == -EINVAL,
	       "a line without 'mtdN: ' is -EINVAL");
	tap_ok(mtd_find_app_slots(unterminated, strlen(unterminated), s) == -EINVAL,
	       "a name without closing quote is -EINVAL");
	tap_ok(mtd_find_app_slots("dev:    size   erasesize  name\n", 30, s) == 0,
	       "header only: no slots");
	tap_ok(mtd_find_app_slots(board_mtd, strlen(board_mtd) - 1, s) == 3,
	       "last line without newline still parsed");
}

/* A partition by its name (the update agent's osstage). */
static void test_named(void)
{
	struct mtd_slot p;

	tap_ok(mtd_find_named(board_mtd, strlen(board_mtd), "osstage", &p) == 0 && p.mtd_index == 20 &&
		       p.size == 0x01080000 && p.erase_size == 0x40000,
	       "osstage found by name: its node, size and erase block");
	tap_ok(mtd_find_named(board_mtd, strlen(board_mtd), "app", &p) == -ENOENT &&
		       mtd_find_named(board_mtd, strlen(board_mtd), "osstag", &p) == -ENOENT,
	       "only the exact name matches: ENOENT");
	tap_ok(mtd_find_named("dev:\nmtd0 garbage\n", 18, "osstage", &p) == -EINVAL, "garbage: EINVAL");
}

/* Creates a fake flash slot: size bytes of 0xFF with data at offset 0. */
static int fake_slot(const void *data, size_t len, size_t size)
{
	char path[] = "/tmp/test_appmgr_slotXXXXXX";
	int fd = mkstemp(path);
	char *img = malloc(size);
	int ok;

	if (fd < 0 || !img)
		return -1;
	unlink(path);
	memset(img, 0xff, size);
	memcpy(img, data, len);
	ok = write(fd, img, size) == (ssize_t)size;
	free(img);
	return ok ? fd : -1;
}

static void test_slot_reader(void)
{
	static const unsigned char cramfs_magic[4] = { 0x45, 0x3d, 0xcd, 0x28 };
	unsigned char buf[8192];
	static const uint8_t head[SLOT_HEAD_BYTES] = "0123456789abcdef";
	struct slot_reader empty = { fake_slot("", 0, 65536), 65536, NULL };
	struct slot_reader used = { fake_slot(cramfs_magic, 4, 65536), 65536, NULL };
	struct slot_reader short_file = { fake_slot(cramfs_magic, 4, 100), 65536, NULL };
	struct slot_reader tiny = { fake_slot("", 0, 8), 8, NULL };
	struct slot_reader staged = { -1, 65536, head };
	int ok = 1;

	tap_ok(empty.fd >= 0 && used.fd >= 0 && short_file.fd >= 0 && tiny.fd >= 0,
	       "fake flash slot files created");
	tap_ok(slot_reader_is_empty(&empty) == 1, "an erased slot is empty");
	tap_ok(slot_reader_is_empty(&used) == 0, "a slot starting with a cramfs magic holds data");
	tap_ok(slot_reader_is_empty(&tiny) == 1, "an 8-byte erased slot is empty");
	tap_ok(slot_reader_read(&used, 0, buf, 4) == 0 && memcmp(buf, cramfs_magic, 4) == 0,
	       "read at 0 returns the data");
	tap_ok(slot_reader_read(&used, 65536 - 4096, buf, 4096) == 0 && buf[0] == 0xff &&
	       buf[4095] == 0xff, "read of the last 4 KiB");
	tap_ok(slot_reader_read(&used, 65536 - 4095, buf, 4096) == -ENODATA,
	       "read past the end of the slot is -ENODATA");
	tap_ok(slot_reader_read(&used, 70000, buf, 1) == -ENODATA, "read beyond the slot is -ENODATA");
	tap_ok(slot_reader_read(&used, 0xffffff00u, buf, 0x200) == -ENODATA,
	       "offset + length overflow is -ENODATA");
	tap_ok(slot_reader_read(&short_file, 50, buf, 100) == -ENODATA,
	       "a device shorter than its partition size reads as -ENODATA");
	for (uint32_t off = 0; off + 4096 <= 65536; off += 4096)
		ok &= slot_reader_read(&used, off, buf, 4096) == 0;
	tap_ok(ok, "the whole slot reads in 4 KiB chunks");
	staged.fd = used.fd;
	tap_ok(slot_reader_read(&staged, 0, buf, 20) == 0 && memcmp(buf, head, 16) == 0 &&
		       buf[16] == 0xff && buf[19] == 0xff,
	       "a staged slot reads its held-back head in place of its first 16 bytes");
	tap_ok(slot_reader_read(&staged, 10, buf, 8) == 0 && memcmp(buf, head + 10, 6) == 0 &&
		       buf[6] == 0xff && buf[7] == 0xff,
	       "a read that starts inside the head and ends after it");
	tap_ok(slot_reader_read(&staged, 16, buf, 4) == 0 && buf[0] == 0xff,
	       "a read after the head comes from the slot");
	close(empty.fd);
	close(used.fd);
	close(short_file.fd);
	close(tiny.fd);
	tap_ok(slot_reader_read(&used, 0, buf, 4) == -EBADF, "a read error is returned as -errno");
}

static void test_small_file(void)
{
	char path[] = "/tmp/test_appmgr_smallXXXXXX";
	int fd = mkstemp(path);
	char buf[16];
	size_t len = 99;

	tap_ok(fd >= 0 && write(fd, board_mtd, 10) == 10 && close(fd) == 0, "small file written");
	tap_ok(small_file_read(path, buf, sizeof(buf), &len) == 0 && len == 10 &&
	       memcmp(buf, board_mtd, 10) == 0, "small file read whole");
	tap_ok(small_file_read(path, buf, 10, &len) == -EFBIG, "a file filling the buffer is -EFBIG");
	unlink(path);
	tap_ok(small_file_read(path, buf, sizeof(buf), &len) == -ENOENT, "a missing file is -ENOENT");
}

int main(void)
{
	test_proc_mtd();
	test_named();
	test_slot_reader();
	test_small_file();
	return tap_done();
}
