/*
 * test_pkg_device.c - device-side half of test_pkg_mbedtls: an armhf static
 * program (libpkg-dev.a, mbedTLS backend) run under qemu-arm. It opens and
 * verifies a package file with a raw 65-byte public key and prints one line:
 *   "verified <name> <entry point> gpio=<lines> tcp=<ports>"  (exit 0) or
 *   "rejected: <reason>"                                        (exit 1).
 * Usage: test_pkg_device PACKAGE PUBKEY.raw [slot]  ("slot": trailing bytes ok)
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "spherule/manifest.h"
#include "spherule/pkg.h"

static int file_read(void *ctx, uint32_t off, void *buf, uint32_t len)
{
	ssize_t n = pread(*(int *)ctx, buf, len, off);

	if (n < 0)
		return -errno;
	return (uint32_t)n == len ? 0 : -EIO;
}

static struct pkg_image img;

int main(int argc, char **argv)
{
	uint8_t pubkey[PKG_PUBKEY_SIZE];
	struct error_detail err = { "" };
	struct manifest m;
	struct stat st;
	int fd, key_fd, rc;

	if (argc < 3) {
		fprintf(stderr, "usage: %s PACKAGE PUBKEY.raw [slot]\n", argv[0]);
		return 2;
	}
	fd = open(argv[1], O_RDONLY);
	key_fd = open(argv[2], O_RDONLY);
	if (fd < 0 || key_fd < 0 || fstat(fd, &st) < 0 ||
	    read(key_fd, pubkey, sizeof(pubkey)) != (ssize_t)sizeof(pubkey)) {
		perror("open");
		return 2;
	}
	struct pkg_source src = { .read = file_read, .ctx = &fd, .size = (uint32_t)st.st_size,
				  .trailing_ok = argc > 3 && !strcmp(argv[3], "slot") };
	rc = pkg_open(&src, &img, &err);
	if (rc == 0)
		rc = pkg_verify(&src, &img, pubkey, &err);
	if (rc == 0)
		rc = pkg_image_manifest(&img, &m, &err);
	if (rc < 0) {
		printf("rejected: %s\n", err.msg);
		return 1;
	}
	printf("verified %s %s gpio=", m.name, m.entry_point);
	for (unsigned i = 0; i < m.gpio.count; i++)
		printf("%s%u", i ? "," : "", m.gpio.item[i]);
	printf(" tcp=");
	for (unsigned i = 0; i < m.tcp_server_ports.count; i++)
		printf("%s%u", i ? "," : "", m.tcp_server_ports.item[i]);
	printf("\n");
	return 0;
}
