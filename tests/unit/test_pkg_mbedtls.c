/*
 * test_pkg_mbedtls.c - proves the device backend (mbedTLS, armhf musl) accepts
 * what the host backend (OpenSSL) signs and rejects what it must: builds
 * packages with the host library, then runs test_pkg_device under qemu-arm.
 * Skips (TAP "# SKIP") only when qemu-arm is not installed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "run_line.h"
#include "test_pkg_support.h"

#ifndef TEST_PKG_DEVICE
#error "TEST_PKG_DEVICE: path of the armhf test_pkg_device program"
#endif

static char dir[] = "/tmp/test_pkg_mbedtls.XXXXXX";

static void write_file(const char *name, const void *data, size_t len)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		printf("Bail out! cannot write %s\n", path);
		exit(1);
	}
}

/* Runs the device program under qemu-arm; its output line into out, exit status returned. */
static int run_device(const char *package, const char *key, const char *mode, char *out, size_t cap)
{
	char cmd[768];

	snprintf(cmd, sizeof(cmd), "qemu-arm %s %s/%s %s/%s %s 2>&1", TEST_PKG_DEVICE, dir, package,
		 dir, key, mode);
	return run_line(cmd, out, cap);
}

static bool have_qemu_arm(void)
{
	return system("command -v qemu-arm >/dev/null 2>&1") == 0;
}

int main(void)
{
	struct test_package t;
	uint8_t other[PKG_PUBKEY_SIZE], *slot;
	struct error_detail err = { "" };
	char out[512], want[256], hex[65];
	uint8_t thumb[PKG_THUMBPRINT_SIZE];
	EVP_PKEY *key;
	int rc;

	if (!have_qemu_arm()) {
		tap_ok(true, "# SKIP qemu-arm is not installed");
		return tap_done();
	}
	if (!mkdtemp(dir)) {
		printf("Bail out! mkdtemp\n");
		return 1;
	}
	test_package_build(&t);
	write_file("good.imagepackage", t.bytes, t.size);
	write_file("key.raw", t.point, sizeof(t.point));
	key = pkg_key_generate(&err);
	pkg_key_point(key, other, &err);
	EVP_PKEY_free(key);
	write_file("other.raw", other, sizeof(other));

	rc = run_device("good.imagepackage", "key.raw", "", out, sizeof(out));
	tap_ok(rc == 0 && !strcmp(out, "verified hello /bin/hello gpio=8,3 tcp=8080"),
		  "mbedTLS verifies the OpenSSL-signed package and parses its manifest (%s)", out);

	slot = malloc(1024 * 1024);
	memset(slot, 0xff, 1024 * 1024);
	memcpy(slot, t.bytes, t.size);
	write_file("slot.bin", slot, 1024 * 1024);
	free(slot);
	rc = run_device("slot.bin", "key.raw", "slot", out, sizeof(out));
	tap_ok(rc == 0 && !strncmp(out, "verified hello", 14),
		  "package in a 1 MiB erased flash slot verifies on the device (%s)", out);

	t.bytes[100] ^= 0x01;
	write_file("tampered.imagepackage", t.bytes, t.size);
	t.bytes[100] ^= 0x01;
	pkg_thumbprint(t.point, thumb);
	pkg_thumbprint_hex(thumb, hex);
	snprintf(want, sizeof(want), "rejected: signature does not verify with key %.8s…", hex);
	rc = run_device("tampered.imagepackage", "key.raw", "", out, sizeof(out));
	tap_ok(rc == 1 && !strcmp(out, want), "device rejects a payload bit flip (%s)", out);

	t.bytes[t.size - 1] ^= 0x80;
	write_file("badsig.imagepackage", t.bytes, t.size);
	rc = run_device("badsig.imagepackage", "key.raw", "", out, sizeof(out));
	tap_ok(rc == 1 && !strcmp(out, want), "device rejects a changed signature (%s)", out);

	rc = run_device("good.imagepackage", "other.raw", "", out, sizeof(out));
	tap_ok(rc == 1 && !strncmp(out, "rejected: no matching key: package is signed by key ", 52),
		  "device rejects a package signed by another key (%s)", out);

	write_file("short.imagepackage", t.bytes, t.size - 1);
	snprintf(want, sizeof(want), "rejected: truncated: footer needs %u bytes at offset %u, file has %u",
		 t.size - TEST_PAYLOAD_SIZE, TEST_PAYLOAD_SIZE, t.size - 1);
	rc = run_device("short.imagepackage", "key.raw", "", out, sizeof(out));
	tap_ok(rc == 1 && !strcmp(out, want), "device rejects a truncated package (%s)", out);

	test_package_free(&t);
	snprintf(out, sizeof(out), "rm -rf %s", dir);
	if (system(out) != 0)
		printf("# could not remove %s\n", dir);
	return tap_done();
}
