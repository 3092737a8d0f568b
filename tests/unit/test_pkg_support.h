/*
 * test_pkg_support.h - shared by the pkg and manifest unit tests (TAP output:
 * tap.h): an in-memory package source, and a signed test package built with the host
 * library (8 KiB cramfs-headed payload, compiled manifest, fresh P-256 key).
 */
#ifndef SPHERULE_TEST_PKG_SUPPORT_H
#define SPHERULE_TEST_PKG_SUPPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "spherule/manifest.h"
#include "spherule/pkg.h"
#include "spherule/pkg_host.h"
#include "tap.h"


struct mem_source {
	const uint8_t *data;
	uint32_t size;
	int fail_errno; /* nonzero: every read fails with -fail_errno */
};
int mem_read(void *ctx, uint32_t off, void *buf, uint32_t len);
/* A file-like source (trailing bytes refused) over data. */
struct pkg_source mem_source(struct mem_source *m, const uint8_t *data, uint32_t size);

#define TEST_PAYLOAD_SIZE 8192u
#define TEST_COMPONENT_ID "6b9a3c0e-1f2d-4c8a-9e7b-0a1b2c3d4e5f"
extern const char test_manifest_json[];

struct test_package {
	EVP_PKEY *key;
	uint8_t point[PKG_PUBKEY_SIZE];
	uint8_t payload[TEST_PAYLOAD_SIZE];
	uint8_t manifest[PKG_MANIFEST_MAX];
	size_t manifest_len;
	struct pkg_build_params params;
	uint8_t *bytes;   /* payload || footer, malloc()ed */
	uint32_t size;
};

/* Fills a payload of size bytes: cramfs magic, size field, then a pattern. */
void test_payload(uint8_t *payload, uint32_t size);
/* Builds the standard signed application package; exits on failure. */
void test_package_build(struct test_package *t);
/* Joins payload and a footer into t->bytes / t->size. */
void test_package_join(struct test_package *t, const uint8_t *footer, uint32_t footer_size);
void test_package_free(struct test_package *t);

#endif
