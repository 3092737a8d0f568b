/* mbox_messages.c - the body of each message type as tables of fields
 * (see mbox_messages.h); docs/secmon-protocol.md shows the same tables. */
#include "mbox_messages.h"

#include <stddef.h>

#define MEMBER_IS_U16(s, m) _Generic(((s *)0)->m, uint16_t : 1, default : 0)
_Static_assert(MEMBER_IS_U16(struct mbox_attest_result, count) &&
		       MEMBER_IS_U16(struct mbox_random_result, count),
	       "a list's count is a uint16_t (mbox_fields.c reads it so)");
_Static_assert(MBOX_MEMBER_SIZE(struct mbox_attest_result, measurements) ==
			       MBOX_MEASUREMENTS_MAX * sizeof(struct mbox_measurement) &&
		       MBOX_MEMBER_SIZE(struct mbox_random_result, bytes) == MBOX_RANDOM_MAX,
	       "a list's count is bounded by its array");

/* MBOX_VERIFY_IMAGE */
static const struct mbox_field verify_request[] = {
	MBOX_FIELD_UINT(struct mbox_verify_request, slot, 0, MBOX_SLOT_MAX),
	MBOX_FIELD_ZERO(2),
	MBOX_FIELD_BYTES(struct mbox_verify_request, component_id),
};
static const struct mbox_field verify_result[] = {
	MBOX_FIELD_UINT(struct mbox_verify_result, image_type, 0, MBOX_IMAGE_TYPE_MAX),
	MBOX_FIELD_UINT(struct mbox_verify_result, flags, 0, MBOX_IMAGE_FLAGS_ALL),
	MBOX_FIELD_UINT(struct mbox_verify_result, version, 0, UINT32_MAX),
	MBOX_FIELD_UINT(struct mbox_verify_result, security_version, 0, UINT32_MAX),
	MBOX_FIELD_UINT(struct mbox_verify_result, counter, 0, UINT32_MAX),
	MBOX_FIELD_BYTES(struct mbox_verify_result, image_id),
	MBOX_FIELD_BYTES(struct mbox_verify_result, key_thumbprint),
};

/* MBOX_ADVANCE_COUNTER */
static const struct mbox_field advance_request[] = {
	MBOX_FIELD_UINT(struct mbox_advance_request, slot, 0, MBOX_SLOT_MAX),
	MBOX_FIELD_ZERO(2),
	MBOX_FIELD_BYTES(struct mbox_advance_request, component_id),
	MBOX_FIELD_UINT(struct mbox_advance_request, security_version, 0, UINT32_MAX),
};
static const struct mbox_field advance_result[] = {
	MBOX_FIELD_UINT(struct mbox_advance_result, counter, 0, UINT32_MAX),
};

/* MBOX_DEVICE_ID: no request fields */
static const struct mbox_field device_id_result[] = {
	MBOX_FIELD_BYTES(struct mbox_device_id_result, device_id),
	MBOX_FIELD_BYTES(struct mbox_device_id_result, public_key),
	MBOX_FIELD_ZERO(3),
};

/* MBOX_ATTEST: the signature must stay the last field (mbox_attest.c). */
static const struct mbox_field attest_request[] = {
	MBOX_FIELD_BYTES(struct mbox_attest_request, nonce),
};
static const struct mbox_field measurement[] = {
	MBOX_FIELD_UINT(struct mbox_measurement, kind, 1, MBOX_MEAS_KIND_LAST),
	MBOX_FIELD_ZERO(2),
	MBOX_FIELD_BYTES(struct mbox_measurement, digest),
};
static const struct mbox_layout measurement_layout = MBOX_LAYOUT(measurement);
static const struct mbox_field attest_result[] = {
	MBOX_FIELD_BYTES(struct mbox_attest_result, device_id),
	MBOX_FIELD_UINT(struct mbox_attest_result, count, 0, MBOX_MEASUREMENTS_MAX),
	MBOX_FIELD_ZERO(2),
	MBOX_FIELD_LIST(struct mbox_attest_result, measurements, count, measurement_layout),
	MBOX_FIELD_BYTES(struct mbox_attest_result, signature),
};

/* MBOX_RANDOM */
static const struct mbox_field random_request[] = {
	MBOX_FIELD_UINT(struct mbox_random_request, count, 1, MBOX_RANDOM_MAX),
	MBOX_FIELD_ZERO(2),
};
static const struct mbox_field random_byte[] = {
	{ .kind = MBOX_F_BYTES, .size = 1, .offset = 0 },
};
static const struct mbox_layout random_byte_layout = MBOX_LAYOUT(random_byte);
static const struct mbox_field random_result[] = {
	MBOX_FIELD_UINT(struct mbox_random_result, count, 0, MBOX_RANDOM_MAX),
	MBOX_FIELD_ZERO(2),
	MBOX_FIELD_LIST(struct mbox_random_result, bytes, count, random_byte_layout),
};

/* MBOX_CAPABILITY */
static const struct mbox_field capability_request[] = {
	MBOX_FIELD_UINT(struct mbox_capability_request, capability, 1, MBOX_CAP_LAST),
	MBOX_FIELD_ZERO(2),
};
static const struct mbox_field capability_result[] = {
	MBOX_FIELD_UINT(struct mbox_capability_result, granted, 0, 1),
	MBOX_FIELD_ZERO(3),
};

/* MBOX_VERIFY_STAGED_IMAGE: MBOX_VERIFY_IMAGE's fields, then the head; its result */
static const struct mbox_field verify_staged_request[] = {
	MBOX_FIELD_UINT(struct mbox_verify_staged_request, slot, 0, MBOX_SLOT_MAX),
	MBOX_FIELD_ZERO(2),
	MBOX_FIELD_BYTES(struct mbox_verify_staged_request, component_id),
	MBOX_FIELD_BYTES(struct mbox_verify_staged_request, head),
};

/* MBOX_INSTALL_OS */
static const struct mbox_field install_os_request[] = {
	MBOX_FIELD_BYTES(struct mbox_install_os_request, desc_sha256),
};
static const struct mbox_field install_os_result[] = {
	MBOX_FIELD_UINT(struct mbox_install_os_result, slot, 0, MBOX_OS_SLOT_B),
	MBOX_FIELD_ZERO(2),
	MBOX_FIELD_UINT(struct mbox_install_os_result, version, 0, UINT32_MAX),
	MBOX_FIELD_UINT(struct mbox_install_os_result, security_version, 0, UINT32_MAX),
	MBOX_FIELD_BYTES(struct mbox_install_os_result, measurement),
};

/* MBOX_OS_BOOT_STATE: no request fields */
static const struct mbox_field os_boot_state_result[] = {
	MBOX_FIELD_UINT(struct mbox_os_boot_state_result, slot, 0, MBOX_OS_SLOT_B),
	MBOX_FIELD_UINT(struct mbox_os_boot_state_result, trial, 0, 1),
	MBOX_FIELD_UINT(struct mbox_os_boot_state_result, version, 0, UINT32_MAX),
	MBOX_FIELD_UINT(struct mbox_os_boot_state_result, security_version, 0, UINT32_MAX),
	MBOX_FIELD_UINT(struct mbox_os_boot_state_result, other_state, 0, MBOX_OS_SLOT_BAD),
	MBOX_FIELD_ZERO(2),
	MBOX_FIELD_UINT(struct mbox_os_boot_state_result, deadline_s, 0, UINT32_MAX),
};

/* MBOX_CONFIRM_OS: no request fields */
static const struct mbox_field confirm_os_result[] = {
	MBOX_FIELD_UINT(struct mbox_confirm_os_result, counter, 0, UINT32_MAX),
};

static const struct mbox_message messages[MBOX_TYPE_LAST + 1] = {
	[MBOX_VERIFY_IMAGE] = { MBOX_LAYOUT(verify_request), MBOX_LAYOUT(verify_result) },
	[MBOX_ADVANCE_COUNTER] = { MBOX_LAYOUT(advance_request), MBOX_LAYOUT(advance_result) },
	[MBOX_DEVICE_ID] = { { NULL, 0 }, MBOX_LAYOUT(device_id_result) },
	[MBOX_ATTEST] = { MBOX_LAYOUT(attest_request), MBOX_LAYOUT(attest_result) },
	[MBOX_RANDOM] = { MBOX_LAYOUT(random_request), MBOX_LAYOUT(random_result) },
	[MBOX_CAPABILITY] = { MBOX_LAYOUT(capability_request), MBOX_LAYOUT(capability_result) },
	[MBOX_VERIFY_STAGED_IMAGE] = { MBOX_LAYOUT(verify_staged_request), MBOX_LAYOUT(verify_result) },
	[MBOX_INSTALL_OS] = { MBOX_LAYOUT(install_os_request), MBOX_LAYOUT(install_os_result) },
	[MBOX_OS_BOOT_STATE] = { { NULL, 0 }, MBOX_LAYOUT(os_boot_state_result) },
	[MBOX_CONFIRM_OS] = { { NULL, 0 }, MBOX_LAYOUT(confirm_os_result) },
};

const struct mbox_message *mbox_message(uint16_t type)
{
	if (type < 1 || type > MBOX_TYPE_LAST)
		return NULL;
	return &messages[type];
}

enum mbox_status mbox_request_check(const struct mbox_request *req)
{
	if (req->id == 0)
		return MBOX_ST_OUT_OF_RANGE;
	return mbox_message(req->type) ? MBOX_OK : MBOX_ST_UNKNOWN_TYPE;
}

/* Measurements: none unless OK, each kind at most once, in increasing order
 * (one encoding for each set). */
static enum mbox_status attest_rules(const struct mbox_attest_result *a, bool ok)
{
	if (a->count > MBOX_MEASUREMENTS_MAX || (!ok && a->count))
		return MBOX_ST_OUT_OF_RANGE;
	for (uint16_t i = 1; i < a->count; i++)
		if (a->measurements[i].kind <= a->measurements[i - 1].kind)
			return MBOX_ST_OUT_OF_RANGE;
	return MBOX_OK;
}

/* The rules across fields of a response with a body. */
static enum mbox_status body_rules(const struct mbox_response *resp)
{
	bool ok = resp->status == MBOX_OK;

	switch (resp->type) {
	case MBOX_ATTEST: return attest_rules(&resp->res.attest, ok);
	case MBOX_RANDOM:
		return resp->res.random.count == (ok ? resp->req.random.count : 0)
			       ? MBOX_OK
			       : MBOX_ST_OUT_OF_RANGE;
	default: return MBOX_OK;
	}
}

enum mbox_status mbox_response_check(const struct mbox_response *resp)
{
	if (!mbox_status_name(resp->status) || (resp->type & MBOX_RESPONSE_BIT))
		return MBOX_ST_OUT_OF_RANGE;
	if (mbox_status_is_protocol_error(resp->status))
		return MBOX_OK;
	if (resp->id == 0)
		return MBOX_ST_OUT_OF_RANGE;
	if (!mbox_message(resp->type))
		return MBOX_ST_UNKNOWN_TYPE;
	return body_rules(resp);
}
