/* app_svc_transport.h — one exchange of the app service protocol
 * (spherule/app_service.h) on a given socket: a request and its response,
 * with the descriptor it may pass and appmgr's reason for a refusal; and
 * the descriptor an environment variable names. No state and no lock: the
 * caller makes one exchange at a time on a socket. Used by applibs
 * (app_service_client.c) and by the system apps devctl and netmgr. */
#ifndef APPLIBS_APP_SVC_TRANSPORT_H
#define APPLIBS_APP_SVC_TRANSPORT_H

#include <stddef.h>
#include <stdint.h>

#include "spherule/app_service.h"

struct app_svc_call {
	uint16_t op;              /* enum app_svc_op */
	uint32_t arg, arg2;
	const void *payload;      /* sent after the request header */
	size_t payload_len;
	void *record;             /* the response's record: exactly record_len bytes */
	size_t record_len;
	int *fd;                  /* the descriptor the response passes, or NULL: none */
	char *reason;             /* appmgr's reason for a refusal, or NULL: not wanted */
	size_t reason_len;
};

/* The open descriptor whose decimal number the environment variable name
 * holds, or -1 (unset, not a number, not open). */
int app_svc_env_fd(const char *name);

/* Sends call's request on fd and takes its response: 0, or a negative errno
 * value: appmgr's answer (-EACCES, ...; call->reason then holds its reason,
 * NUL-terminated, "" when it gave none), -ENOTCONN (the socket is gone),
 * -EPROTO (a response that does not fit the request), or a system call's
 * error. On 0, *call->fd is a new descriptor (close-on-exec) when call->fd
 * was given. */
int app_svc_exchange(int fd, const struct app_svc_call *call);

#endif
