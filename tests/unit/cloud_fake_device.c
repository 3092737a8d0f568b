/*
 * cloud_fake_device.c - the device's side of the update service's API for
 * tests/unit/test_cloud.sh and bench/cloud.sh, without a board:
 *
 *   cloud_fake_device id DEVICE.pub             the device id (hex)
 *   cloud_fake_device attest DEVICE.key NONCE   secmon's attestation result
 *                                               fields for NONCE (hex), signed
 *                                               with DEVICE.key as secmon would
 *   cloud_fake_device verify METADATA.pub NONCE DEVICE_ID BUNDLE STATE
 *                                               update_meta_verify_bundle() as
 *                                               updated runs it, STATE kept in
 *                                               a file; prints "accepted
 *                                               targets <version> <count>
 *                                               <kind>:<sha256>..." or
 *                                               "refused: <reason>" (exit 1)
 *   cloud_fake_device make-app VERSION OUT      a signed app image package
 *   cloud_fake_device make-os VERSION OUT       a signed .osimage (four parts)
 *   cloud_fake_device reports FIRST COUNT       the check-in's "error_reports":
 *                                               COUNT failure reports from seq
 *                                               FIRST, kinds in turn
 *                                               (cloud_report_sim.h), now
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cloud_attest_sim.h"
#include "cloud_report_sim.h"
#include "crypto.h"
#include "hex.h"
#include "spherule/pkg_host.h"
#include "spherule/update_meta.h"
#include "test_pkg_support.h"

static int die(const char *what, const char *why)
{
	fprintf(stderr, "cloud_fake_device: %s: %s\n", what, why);
	return 2;
}

static void print_hex(const uint8_t *p, size_t n)
{
	char text[2 * 32 + 1];

	hex_encode(p, n, text);
	printf("%s", text);
}

static int key_point(const char *path, bool private_key, EVP_PKEY **key, uint8_t point[PKG_PUBKEY_SIZE])
{
	struct error_detail err = { "" };

	*key = pkg_key_read(path, private_key, &err);
	if (!*key || pkg_key_point(*key, point, &err) < 0)
		return die(path, err.msg);
	return 0;
}

static int cmd_id(const char *pub)
{
	uint8_t point[PKG_PUBKEY_SIZE], id[32];
	EVP_PKEY *key;

	if (key_point(pub, false, &key, point))
		return 2;
	EVP_PKEY_free(key);
	crypto_sha256(point, sizeof(point), id);
	print_hex(id, sizeof(id));
	printf("\n");
	return 0;
}

static int cmd_attest(const char *key_path, const char *nonce_hex)
{
	static char hex[2 * MBOX_MSG_MAX + 1];
	uint8_t point[PKG_PUBKEY_SIZE], nonce[MBOX_NONCE_SIZE];
	EVP_PKEY *key;

	if (key_point(key_path, true, &key, point))
		return 2;
	if (hex_decode(nonce_hex, nonce, MBOX_NONCE_SIZE) < 0)
		return die(nonce_hex, "not 64 hex digits");
	if (cloud_attest_sim(key, point, nonce, hex) < 0)
		return die("attest", "cannot sign");
	EVP_PKEY_free(key);
	printf("%s\n", hex);
	return 0;
}

static long read_file(const char *path, uint8_t *buf, size_t cap)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return -errno;
	n = fread(buf, 1, cap, f);
	fclose(f);
	return (long)n;
}

static int write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	int ok = f && fwrite(data, 1, len, f) == len;

	if (f && fclose(f) != 0)
		ok = 0;
	return ok ? 0 : die(path, "cannot write");
}

static int cmd_verify(const char *pub, const char *nonce_hex, const char *id_hex, const char *bundle_path,
		      const char *state_path)
{
	static uint8_t bundle[UPDATE_META_BUNDLE_MAX + 1];
	static struct update_meta_targets out;
	struct update_meta_trust trust = { .count = 1 };
	struct update_meta_state state = { 0 };
	uint8_t nonce[32], id[32], saved[UPDATE_META_STATE_SIZE];
	struct error_detail err = { "" };
	EVP_PKEY *key;
	long len;

	if (key_point(pub, false, &key, trust.keys[0]))
		return 2;
	EVP_PKEY_free(key);
	if (hex_decode(nonce_hex, nonce, 32) < 0 || hex_decode(id_hex, id, 32) < 0)
		return die("verify", "the nonce and device id are 64 hex digits");
	len = read_file(bundle_path, bundle, sizeof(bundle));
	if (len < 0)
		return die(bundle_path, strerror((int)-len));
	if (read_file(state_path, saved, sizeof(saved)) == UPDATE_META_STATE_SIZE &&
	    update_meta_state_deserialise(saved, sizeof(saved), &state) < 0)
		return die(state_path, "not a metadata state");
	if (update_meta_verify_bundle_err(bundle, (size_t)len, &trust, nonce, id, (uint64_t)time(NULL), &state, &out,
					  &err) < 0) {
		printf("refused: %s\n", err.msg);
		return 1;
	}
	if (update_meta_state_serialise(&state, saved) < 0 || write_file(state_path, saved, sizeof(saved)))
		return 2;
	printf("accepted targets %u %u", out.version, out.count);
	for (unsigned i = 0; i < out.count; i++) {
		printf(" %s:", out.targets[i].kind == UPDATE_META_KIND_OS ? "os" : "app");
		print_hex(out.targets[i].sha256, 32);
	}
	printf("\n");
	return 0;
}

static int cmd_make_app(uint32_t version, const char *out)
{
	static uint8_t footer[PKG_FOOTER_MAX];
	struct error_detail err = { "" };
	struct test_package t;
	uint32_t footer_size;
	int rc;

	test_package_build(&t);
	t.params.version = version;
	if (pkg_build_footer(t.payload, TEST_PAYLOAD_SIZE, &t.params, t.key, footer, &footer_size, &err) < 0)
		return die("make-app", err.msg);
	test_package_join(&t, footer, footer_size);
	rc = write_file(out, t.bytes, t.size);
	test_package_free(&t);
	return rc;
}

static int cmd_make_os(uint32_t version, const char *out)
{
	static uint8_t parts[4][4096], desc[OS_DESC_MAX];
	struct os_desc_input in[4];
	struct error_detail err = { "" };
	EVP_PKEY *key = pkg_key_generate(&err);
	uint32_t size;
	FILE *f;

	for (unsigned i = 0; i < 4; i++) {
		memset(parts[i], (int)(version * 4 + i), sizeof(parts[i]));
		in[i] = (struct os_desc_input){ (uint16_t)(OS_PART_BOOT + i), parts[i], (uint32_t)(1024 * (i + 1)) };
	}
	if (!key || os_desc_build(in, 4, version, version, key, desc, &size, &err) < 0)
		return die("make-os", err.msg);
	EVP_PKEY_free(key);
	f = fopen(out, "wb");
	if (!f)
		return die(out, strerror(errno));
	fwrite(desc, 1, size, f);
	for (unsigned i = 0; i < 4; i++)
		fwrite(in[i].data, 1, in[i].size, f);
	return fclose(f) == 0 ? 0 : die(out, "cannot write");
}

static int cmd_reports(uint64_t first, unsigned count)
{
	static char json[64 * 1024];

	if (cloud_report_sim(json, sizeof(json), first, count, time(NULL)) < 0)
		return die("reports", "too many");
	printf("%s\n", json);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "id") == 0)
		return cmd_id(argv[2]);
	if (argc == 4 && strcmp(argv[1], "attest") == 0)
		return cmd_attest(argv[2], argv[3]);
	if (argc == 7 && strcmp(argv[1], "verify") == 0)
		return cmd_verify(argv[2], argv[3], argv[4], argv[5], argv[6]);
	if (argc == 4 && strcmp(argv[1], "make-app") == 0)
		return cmd_make_app((uint32_t)strtoul(argv[2], NULL, 10), argv[3]);
	if (argc == 4 && strcmp(argv[1], "make-os") == 0)
		return cmd_make_os((uint32_t)strtoul(argv[2], NULL, 10), argv[3]);
	if (argc == 4 && strcmp(argv[1], "reports") == 0)
		return cmd_reports(strtoull(argv[2], NULL, 10), (unsigned)strtoul(argv[3], NULL, 10));
	fprintf(stderr, "usage: see the comment at the top of tests/unit/cloud_fake_device.c\n");
	return 2;
}
