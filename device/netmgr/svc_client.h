/* svc_client.h — netmgr's end of the app service (spherule/app_service.h):
 * blocking calls, one request at a time, on the socket appmgr gave it (the
 * descriptor SPHERULE_APP_SERVICE names). appmgr answers promptly. */
#ifndef NETMGR_SVC_CLIENT_H
#define NETMGR_SVC_CLIENT_H

#include <stddef.h>
#include <stdint.h>

struct svc_client {
	int fd;                  /* -1: no app service */
};

/* Takes the socket from the environment: 0, or -ENOTCONN (none named). */
int svc_client_open(struct svc_client *c);

/* Sends op with arg, arg2 and payload[0 .. len), takes the response's record
 * (exactly record_len bytes into record): 0 or a negative errno (appmgr's
 * answer, -ENOTCONN, -EPROTO); on appmgr's refusal reason receives its
 * reason (NUL-terminated; reason may be NULL). */
int svc_call(struct svc_client *c, uint16_t op, uint32_t arg, uint32_t arg2, const void *payload,
	     size_t len, void *record, size_t record_len, char *reason, size_t reason_len);

#endif
