/* mbox_handle.c - the mailbox server test double (see mbox_handle.h). */
#include "mbox_handle.h"

#include <stdlib.h>
#include <string.h>

static void fill(uint8_t *p, size_t n, uint8_t seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)(seed + i * 7);
}

void mbox_handle_results(struct mbox_response *resp)
{
	union mbox_result_fields *r = &resp->res;

	switch (resp->type) {
	case MBOX_VERIFY_IMAGE:
	case MBOX_VERIFY_STAGED_IMAGE:
		r->verify.image_type = 1;
		r->verify.version = 7;
		r->verify.security_version = 3;
		r->verify.counter = 2;
		memcpy(r->verify.image_id,
		       resp->type == MBOX_VERIFY_IMAGE ? resp->req.verify.component_id
						       : resp->req.verify_staged.component_id,
		       MBOX_IMAGE_ID_SIZE);
		fill(r->verify.key_thumbprint, MBOX_THUMBPRINT_SIZE, 0xa0);
		break;
	case MBOX_ADVANCE_COUNTER: r->advance.counter = resp->req.advance.security_version; break;
	case MBOX_DEVICE_ID:
		fill(r->device_id.device_id, MBOX_DEVICE_ID_SIZE, 0x10);
		fill(r->device_id.public_key, MBOX_PUBKEY_SIZE, 0x04);
		break;
	case MBOX_ATTEST:
		fill(r->attest.device_id, MBOX_DEVICE_ID_SIZE, 0x10);
		r->attest.count = 2;
		r->attest.measurements[0].kind = MBOX_MEAS_BOOT_CHAIN;
		fill(r->attest.measurements[0].digest, MBOX_DIGEST_SIZE, 0x20);
		r->attest.measurements[1].kind = MBOX_MEAS_KERNEL;
		fill(r->attest.measurements[1].digest, MBOX_DIGEST_SIZE, 0x30);
		fill(r->attest.signature, MBOX_SIGNATURE_SIZE, 0x40);
		break;
	case MBOX_RANDOM:
		r->random.count = resp->req.random.count;
		fill(r->random.bytes, r->random.count, 0x50);
		break;
	case MBOX_INSTALL_OS:
		r->install_os.slot = MBOX_OS_SLOT_B;
		r->install_os.version = 8;
		r->install_os.security_version = 4;
		fill(r->install_os.measurement, MBOX_DIGEST_SIZE, 0x60);
		break;
	case MBOX_OS_BOOT_STATE:
		r->os_boot_state.slot = MBOX_OS_SLOT_B;
		r->os_boot_state.trial = 1;
		r->os_boot_state.version = 8;
		r->os_boot_state.security_version = 4;
		r->os_boot_state.other_state = MBOX_OS_SLOT_GOOD;
		r->os_boot_state.deadline_s = 300;
		break;
	case MBOX_CONFIRM_OS: r->confirm_os.counter = 4; break;
	default: /* MBOX_CAPABILITY: not granted */ break;
	}
}

size_t mbox_handle(const uint8_t *in, size_t len, uint8_t out[MBOX_MSG_MAX])
{
	struct mbox_request req;
	struct mbox_response resp;
	enum mbox_status why;
	int n;

	if (mbox_decode_request(in, len, &req, &why) < 0) {
		mbox_response_init(&resp, &req, why);
	} else if ((req.type == MBOX_VERIFY_IMAGE && req.f.verify.slot >= MBOX_HANDLE_SLOTS) ||
		   (req.type == MBOX_ADVANCE_COUNTER && req.f.advance.slot >= MBOX_HANDLE_SLOTS) ||
		   (req.type == MBOX_VERIFY_STAGED_IMAGE &&
		    req.f.verify_staged.slot >= MBOX_HANDLE_SLOTS)) {
		mbox_response_init(&resp, &req, MBOX_ST_NO_SLOT);
	} else {
		mbox_response_init(&resp, &req, MBOX_OK);
		mbox_handle_results(&resp);
	}
	n = mbox_encode_response(&resp, out, MBOX_MSG_MAX);
	if (n < 0)
		abort();
	return (size_t)n;
}
