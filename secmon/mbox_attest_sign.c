/*
 * mbox_attest_sign.c - the attestation secmon answers (mbox_server.h): the
 * measurements of the power-on, the development capability it accepted, and
 * the device key's signature over exactly mbox_attest_signed_bytes().
 */
#include <string.h>

#include "crypto.h"
#include "mbox_server.h"
#include "spherule/pkg_host.h"

/* Each event secure boot measures, by its name, and its measurement kind. */
static const struct {
	const char *name;
	uint16_t kind;
} event_kinds[] = {
	{ "osdesc", MBOX_MEAS_OS_DESCRIPTION }, { "boot", MBOX_MEAS_BOOT_STUB },
	{ "dtb", MBOX_MEAS_DEVICE_TREE },       { "kernel", MBOX_MEAS_KERNEL },
	{ "rootfs", MBOX_MEAS_ROOTFS },
};

static void add(struct mbox_attest_result *a, uint16_t kind, const uint8_t digest[MBOX_DIGEST_SIZE])
{
	a->measurements[a->count].kind = kind;
	memcpy(a->measurements[a->count].digest, digest, MBOX_DIGEST_SIZE);
	a->count++;
}

enum mbox_status mbox_attest(const struct mbox_server *srv, struct mbox_response *resp)
{
	static uint8_t signed_bytes[MBOX_ATTEST_SIGNED_MAX];
	struct mbox_attest_result *a = &resp->res.attest;
	uint8_t digest[CRYPTO_SHA256_SIZE];
	int n;

	pkg_thumbprint(srv->store->device_point, a->device_id);
	add(a, MBOX_MEAS_BOOT_CHAIN, srv->measurement->value);
	for (size_t k = 0; k < sizeof(event_kinds) / sizeof(event_kinds[0]); k++)
		for (unsigned i = 0; i < srv->measurement->count; i++)
			if (!strcmp(srv->measurement->events[i].name, event_kinds[k].name))
				add(a, event_kinds[k].kind, srv->measurement->events[i].digest);
	if (srv->capability)
		add(a, MBOX_MEAS_CAPABILITY, srv->capability->digest);
	n = mbox_attest_signed_bytes(resp, signed_bytes, sizeof(signed_bytes));
	if (n < 0 || crypto_sha256(signed_bytes, (size_t)n, digest) < 0 ||
	    pkg_sign_digest(srv->store->device_key, digest, a->signature, NULL) < 0) {
		a->count = 0;
		return MBOX_ST_STORE_FAILED;
	}
	return MBOX_OK;
}
