/* test_pkg_support.c - memory source and test package builder. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pkg_format.h"
#include "spherule/le.h"
#include "spherule/manifest_compile.h"
#include "test_pkg_support.h"

int mem_read(void *ctx, uint32_t off, void *buf, uint32_t len)
{
	struct mem_source *m = ctx;

	if (m->fail_errno)
		return -m->fail_errno;
	if (off > m->size || len > m->size - off)
		return -ESPIPE; /* a test bug: never expected */
	memcpy(buf, m->data + off, len);
	return 0;
}

struct pkg_source mem_source(struct mem_source *m, const uint8_t *data, uint32_t size)
{
	m->data = data;
	m->size = size;
	m->fail_errno = 0;
	return (struct pkg_source){ .read = mem_read, .ctx = m, .size = size };
}

const char test_manifest_json[] =
	"{\"SchemaVersion\": 1, \"Name\": \"hello\", \"ComponentId\": \"" TEST_COMPONENT_ID "\","
	" \"EntryPoint\": \"/bin/hello\", \"CmdArgs\": [\"--interval\", \"1\"],"
	" \"Capabilities\": {\"Gpio\": [8, 3], \"Uart\": [\"ISU0\"],"
	" \"AllowedConnections\": [\"example.com\", \"10.0.2.2\"],"
	" \"AllowedTcpServerPorts\": [8080], \"MutableStorage\": {\"SizeKB\": 8}}}";

void test_payload(uint8_t *payload, uint32_t size)
{
	struct pkg_payload_header *sb = (void *)payload;

	for (uint32_t i = 0; i < size; i++)
		payload[i] = (uint8_t)(i * 131u + 7u);
	put_le32(sb->magic, CRAMFS_MAGIC);
	put_le32(sb->size, size);
}

static void die(const char *what, const struct error_detail *err)
{
	printf("Bail out! %s: %s\n", what, err->msg);
	exit(1);
}

void test_package_join(struct test_package *t, const uint8_t *footer, uint32_t footer_size)
{
	free(t->bytes);
	t->size = TEST_PAYLOAD_SIZE + footer_size;
	t->bytes = malloc(t->size);
	if (!t->bytes) {
		printf("Bail out! out of memory\n");
		exit(1);
	}
	memcpy(t->bytes, t->payload, TEST_PAYLOAD_SIZE);
	memcpy(t->bytes + TEST_PAYLOAD_SIZE, footer, footer_size);
}

void test_package_build(struct test_package *t)
{
	static uint8_t footer[PKG_FOOTER_MAX];
	struct manifest_compile_opts opts = { 0 };
	struct error_detail err = { "" };
	uint32_t footer_size;

	memset(t, 0, sizeof(*t));
	t->key = pkg_key_generate(&err);
	if (!t->key || pkg_key_point(t->key, t->point, &err) < 0)
		die("key", &err);
	test_payload(t->payload, TEST_PAYLOAD_SIZE);
	if (manifest_compile(test_manifest_json, strlen(test_manifest_json), &opts, t->manifest,
			     sizeof(t->manifest), &t->manifest_len, &err) < 0)
		die("manifest", &err);
	t->params.image_type = PKG_IMAGE_APPLICATION;
	memcpy(t->params.component_id,
	       "\x6b\x9a\x3c\x0e\x1f\x2d\x4c\x8a\x9e\x7b\x0a\x1b\x2c\x3d\x4e\x5f", 16);
	memcpy(t->params.image_id, "image-id-16bytes", 16);
	t->params.version = 7;
	t->params.security_version = 3;
	t->params.manifest = t->manifest;
	t->params.manifest_len = (uint32_t)t->manifest_len;
	if (pkg_build_footer(t->payload, TEST_PAYLOAD_SIZE, &t->params, t->key, footer, &footer_size,
			     &err) < 0)
		die("build", &err);
	test_package_join(t, footer, footer_size);
}

void test_package_free(struct test_package *t)
{
	EVP_PKEY_free(t->key);
	free(t->bytes);
	t->bytes = NULL;
}
