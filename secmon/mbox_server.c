/*
 * mbox_server.c - a request decoded, handled by its type and answered
 * (mbox_server.h). The handlers only read the decoded struct, whose every
 * field the codec has bounded; secmon reads app images from the flash file
 * (a staged image's first 16 bytes from the request).
 */
#include <string.h>

#include "app_verify.h"
#include "mbox_server.h"
#include "os_update.h"
#include "spherule/pkg_host.h"

static enum mbox_status device_id(const struct mbox_server *srv, struct mbox_response *resp)
{
	struct mbox_device_id_result *r = &resp->res.device_id;

	pkg_thumbprint(srv->store->device_point, r->device_id);
	memcpy(r->public_key, srv->store->device_point, sizeof(r->public_key));
	return MBOX_OK;
}

static enum mbox_status random_bytes(const struct mbox_server *srv, struct mbox_response *resp)
{
	uint16_t count = resp->req.random.count; /* 1..MBOX_RANDOM_MAX: the codec bounds it */

	(void)srv;
	if (pkg_random(resp->res.random.bytes, count) < 0)
		return MBOX_ST_STORE_FAILED;
	resp->res.random.count = count;
	return MBOX_OK;
}

static enum mbox_status capability(const struct mbox_server *srv, struct mbox_response *resp)
{
	resp->res.capability.granted =
		resp->req.capability.capability == MBOX_CAP_APP_DEVELOPMENT && srv->capability != NULL;
	return MBOX_OK;
}

static enum mbox_status verify(const struct mbox_server *srv, struct mbox_response *resp)
{
	const struct mbox_verify_request *q = &resp->req.verify;

	return app_verify(srv->store, srv->flash_fd, q->slot, q->component_id, NULL, srv->capability != NULL,
			  &resp->res.verify);
}

static enum mbox_status verify_staged(const struct mbox_server *srv, struct mbox_response *resp)
{
	const struct mbox_verify_staged_request *q = &resp->req.verify_staged;

	return app_verify(srv->store, srv->flash_fd, q->slot, q->component_id, q->head, srv->capability != NULL,
			  &resp->res.verify);
}

static enum mbox_status advance(const struct mbox_server *srv, struct mbox_response *resp)
{
	const struct mbox_advance_request *q = &resp->req.advance;

	return app_counter_advance(srv->store, srv->flash_fd, q->slot, q->component_id, q->security_version,
				   srv->capability != NULL, &resp->res.advance.counter);
}

/* The handlers by request type (MBOX_VERIFY_IMAGE .. MBOX_TYPE_LAST). */
static enum mbox_status (*const handlers[MBOX_TYPE_LAST + 1])(const struct mbox_server *,
							     struct mbox_response *) = {
	[MBOX_VERIFY_IMAGE] = verify, [MBOX_ADVANCE_COUNTER] = advance, [MBOX_DEVICE_ID] = device_id,
	[MBOX_ATTEST] = mbox_attest,  [MBOX_RANDOM] = random_bytes,     [MBOX_CAPABILITY] = capability,
	[MBOX_VERIFY_STAGED_IMAGE] = verify_staged, [MBOX_INSTALL_OS] = os_install, [MBOX_OS_BOOT_STATE] = os_boot_state,
	[MBOX_CONFIRM_OS] = os_confirm,
};

size_t mbox_serve(const struct mbox_server *srv, const uint8_t *in, size_t len, uint8_t out[MBOX_MSG_MAX])
{
	static struct mbox_response resp;
	struct mbox_request req;
	enum mbox_status why = MBOX_OK;
	int n;

	memset(&req, 0, sizeof(req));
	if (mbox_decode_request(in, len, &req, &why) < 0) {
		mbox_response_init(&resp, &req, why);
	} else if (!handlers[req.type]) {
		/* A type this secmon does not serve yet (the OS slots'). */
		mbox_response_init(&resp, &req, MBOX_ST_UNKNOWN_TYPE);
	} else {
		mbox_response_init(&resp, &req, MBOX_OK);
		resp.status = (uint16_t)handlers[req.type](srv, &resp);
	}
	n = mbox_encode_response(&resp, out, MBOX_MSG_MAX);
	if (n < 0) {
		/* A handler left a field out of bounds: answer without a body
		 * rather than send what the device must refuse. */
		mbox_response_init(&resp, &req, MBOX_ST_OUT_OF_RANGE);
		n = mbox_encode_response(&resp, out, MBOX_MSG_MAX);
	}
	return n < 0 ? 0 : (size_t)n;
}
