/* ctl_errors.c — the one table from appmgr's negative errno statuses to the
 * device API's HTTP statuses and stable codes (docs/device-api.md, "Errors",
 * repeats it). The first row whose errno (0: any) and ops match wins. */
#include "api_error.h"

#include <errno.h>
#include <stddef.h>

#include <spherule/appmgr_ctl.h>

#define OP(o) (1u << APPMGR_CTL_##o)
#define OPS_ANY 0xffffffffu
/* Ops that carry an image: a refusal of theirs is the image's. */
#define OPS_IMAGE (OP(STAGE_BEGIN) | OP(STAGE_DATA) | OP(STAGE_END) | OP(INSTALL))
/* Ops that devctl itself (a system app) is not open to. */
#define OPS_SYSTEM_APP (OP(APP_STOP) | OP(DELETE))

struct ctl_error_row {
	int err;            /* positive errno; 0: any */
	uint32_t ops;       /* OP() bits */
	int status;
	const char *code;
	const char *message; /* when appmgr gave no reason */
};

static const struct ctl_error_row rows[] = {
	{ ENOENT, OP(INSTALL), 409, "not_staged", "no image is staged: PUT /update/stage first" },
	{ ENODATA, OPS_ANY, 409, "not_staged", "no image is staged: PUT /update/stage first" },
	{ ENOENT, OPS_ANY, 404, "not_found", "no such component" },
	{ ENODEV, OP(GPIO_GET) | OP(GPIO_SET), 404, "not_found", "no such GPIO on this board" },
	{ ESRCH, OPS_ANY, 404, "not_found", "no such component" },
	{ ENOSPC, OPS_ANY, 507, "out_of_slots", "no free app slot" },
	{ EFBIG, OPS_ANY, 413, "payload_too_large", "the package is larger than an app slot" },
	{ EBUSY, OPS_ANY, 409, "busy", "busy: another operation is in progress" },
	{ EEXIST, OPS_ANY, 409, "conflict", "conflicts with an installed app" },
	{ EADDRINUSE, OPS_ANY, 409, "conflict", "a resource is already granted to another app" },
	{ EPERM, OPS_SYSTEM_APP, 403, "system_app", "a system app cannot be stopped or deleted" },
	{ EIO, OPS_ANY, 500, "internal", "flash or storage error" },
	{ ENOMEM, OPS_ANY, 500, "internal", "out of memory" },
	{ 0, OPS_IMAGE, 422, "image_refused", "the image was refused" },
	{ EPERM, OPS_ANY, 403, "forbidden", "not allowed on this device" },
	{ EACCES, OPS_ANY, 403, "forbidden", "not allowed on this device" },
	{ EINVAL, OPS_ANY, 400, "bad_request", "appmgr refused the request" },
	{ EOPNOTSUPP, OPS_ANY, 400, "bad_request", "not supported on this device or app" },
	{ 0, OPS_ANY, 500, "internal", "appmgr failed" },
};

struct api_error ctl_error(uint16_t op, int status, const char *reason)
{
	uint32_t bit = op < 32 ? 1u << op : 0;
	const struct ctl_error_row *row = &rows[sizeof(rows) / sizeof(rows[0]) - 1];

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		if ((rows[i].err == 0 || rows[i].err == -status) && (rows[i].ops & bit)) {
			row = &rows[i];
			break;
		}
	}
	return (struct api_error){ row->status, row->code, reason && reason[0] ? reason : row->message };
}
