/* api_error.h — a refusal of the device API: the HTTP status, the stable
 * error code and the one-line message of {"error":{"code","message"}}
 * (docs/device-api.md, "Errors"), and how appmgr's answers map to them. */
#ifndef DEVCTL_API_ERROR_H
#define DEVCTL_API_ERROR_H

#include <stdint.h>

struct api_error {
	int status;
	const char *code;
	const char *message;
};

/* The refusal for a failed appmgr_ctl op: status is appmgr's negative
 * errno, reason its one-line reason ("" for none, then the table's
 * message is used). One table in ctl_errors.c says which errno of which op
 * becomes which code. */
struct api_error ctl_error(uint16_t op, int status, const char *reason);

#endif
