/* powercut_init.c — PID 1 of the littlefs power-cut test
 * (tests/vm/test_littlefs_powercut.sh). At each boot it mounts the data
 * partition (mount -t littlefs mtd:data, format=blank), checks every test
 * file and prints what it found ("pcut: found fN gen G", "pcut: found fN
 * absent" or "pcut: bad fN: why"), then writes generation after generation
 * of all files, printing "pcut: committed fN gen G" after each one is
 * durable, until the host cuts the power (kills QEMU) or PCUT_GENERATIONS
 * more generations are written; then it unmounts, prints "pcut: done" and
 * powers off.
 *
 * Files f0..f2 are rewritten in place (pwrite of their fixed size at 0,
 * then fsync); f3..f5 the way careful programs replace a file (write fN.tmp,
 * fsync, rename over fN), with a size that changes every generation. Either
 * way a power cut must leave the old or the new generation, never a mix,
 * and never lose one that was reported committed. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <unistd.h>

#define DATA_DIR "/mnt/data"
#define PCUT_FILES 6u
#define PCUT_IN_PLACE 3u       /* f0..f2 in place, the others by rename */
#define PCUT_GENERATIONS 40u
#define PCUT_MAX_SIZE 4096u
#define PCUT_MAGIC 0x54554350u /* "PCUT" */

/**
 * struct pcut_header - the start of each test file
 * @magic: PCUT_MAGIC
 * @idx: the file's number
 * @gen: the generation that wrote it
 * @len: the file's whole length
 */
struct pcut_header {
	uint32_t magic, idx, gen, len;
};

static size_t pcut_size(unsigned idx, uint32_t gen)
{
	if (idx < PCUT_IN_PLACE)
		return 1500;
	return sizeof(struct pcut_header) + (gen * 997u + idx * 131u) % (PCUT_MAX_SIZE - 64);
}

static void pcut_fill(uint8_t *buf, unsigned idx, uint32_t gen)
{
	struct pcut_header h = { PCUT_MAGIC, idx, gen, (uint32_t)pcut_size(idx, gen) };

	memcpy(buf, &h, sizeof(h));
	for (size_t i = sizeof(h); i < h.len; i++)
		buf[i] = (uint8_t)(gen * 31u + idx * 7u + i * 13u);
}

static void pcut_path(char *path, size_t size, unsigned idx, const char *suffix)
{
	snprintf(path, size, DATA_DIR "/f%u%s", idx, suffix);
}

/* The generation file idx holds: > 0, 0 when absent, < 0 when it holds
 * something no generation wrote (printed). */
static long pcut_check(unsigned idx)
{
	uint8_t got[PCUT_MAX_SIZE + 1], want[PCUT_MAX_SIZE];
	struct pcut_header h;
	char path[64];
	ssize_t n;
	int fd;

	pcut_path(path, sizeof(path), idx, "");
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT)
		return 0;
	if (fd < 0) {
		printf("pcut: bad f%u: open: %s\n", idx, strerror(errno));
		return -1;
	}
	n = read(fd, got, sizeof(got));
	close(fd);
	if (n < (ssize_t)sizeof(h)) {
		printf("pcut: bad f%u: %zd bytes\n", idx, n);
		return -1;
	}
	memcpy(&h, got, sizeof(h));
	if (h.magic != PCUT_MAGIC || h.idx != idx || h.gen == 0 || h.len != (size_t)n ||
	    h.len != pcut_size(idx, h.gen)) {
		printf("pcut: bad f%u: header magic %08x idx %u gen %u len %u, %zd bytes read\n", idx,
		       h.magic, h.idx, h.gen, h.len, n);
		return -1;
	}
	pcut_fill(want, idx, h.gen);
	if (memcmp(want, got, h.len) != 0) {
		printf("pcut: bad f%u: gen %u content differs\n", idx, h.gen);
		return -1;
	}
	return h.gen;
}

static int pcut_write_all(int fd, const uint8_t *buf, size_t len)
{
	ssize_t n = pwrite(fd, buf, len, 0);

	if (n != (ssize_t)len)
		return n < 0 ? -errno : -EIO;
	return fsync(fd) == 0 ? 0 : -errno;
}

static int pcut_write(unsigned idx, uint32_t gen)
{
	uint8_t buf[PCUT_MAX_SIZE];
	char path[64], tmp[64];
	size_t len = pcut_size(idx, gen);
	int fd, err;

	pcut_fill(buf, idx, gen);
	pcut_path(path, sizeof(path), idx, "");
	pcut_path(tmp, sizeof(tmp), idx, ".tmp");
	fd = open(idx < PCUT_IN_PLACE ? path : tmp, O_WRONLY | O_CREAT | O_CLOEXEC |
		  (idx < PCUT_IN_PLACE ? 0 : O_TRUNC), 0644);
	if (fd < 0)
		return -errno;
	err = pcut_write_all(fd, buf, len);
	if (close(fd) != 0 && err == 0)
		err = -errno;
	if (err == 0 && idx >= PCUT_IN_PLACE && rename(tmp, path) != 0)
		err = -errno;
	return err;
}

static void run(void)
{
	uint32_t gen = 0;
	bool bad = false;
	int err = 0;

	for (unsigned idx = 0; idx < PCUT_FILES; idx++) {
		long g = pcut_check(idx);

		if (g > 0)
			printf("pcut: found f%u gen %ld\n", idx, g);
		else if (g == 0)
			printf("pcut: found f%u absent\n", idx);
		bad |= g < 0;
		if (g > (long)gen)
			gen = (uint32_t)g;
	}
	if (bad)
		return;
	printf("pcut: writing from gen %u\n", gen + 1);
	for (unsigned n = 0; n < PCUT_GENERATIONS && err == 0; n++) {
		gen++;
		for (unsigned idx = 0; idx < PCUT_FILES && err == 0; idx++) {
			err = pcut_write(idx, gen);
			if (err == 0)
				printf("pcut: committed f%u gen %u\n", idx, gen);
		}
	}
	if (err)
		printf("pcut: write failed at gen %u: %s\n", gen, strerror(-err));
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (mount("mtd:data", DATA_DIR, "littlefs", 0, "format=blank") != 0) {
		printf("pcut: mount failed: %s\n", strerror(errno));
	} else {
		run();
		if (umount(DATA_DIR) != 0)
			printf("pcut: umount failed: %s\n", strerror(errno));
	}
	printf("pcut: done\n");
	sync();
	reboot(RB_POWER_OFF);
	for (;;)
		pause();
}
