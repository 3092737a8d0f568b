/* app_service_client.h — applibs' end of the app service protocol
 * (spherule/app_service.h): one request to appmgr and its response, over
 * the socket appmgr gave the app (the descriptor named by the environment
 * variable SPHERULE_APP_SERVICE, read once). Thread safe: one exchange at
 * a time. */
#ifndef APPLIBS_APP_SERVICE_CLIENT_H
#define APPLIBS_APP_SERVICE_CLIENT_H

#include <stddef.h>
#include <stdint.h>

#include "app_svc_transport.h"

/* Makes the call: 0, or a negative errno value: appmgr's answer (-EACCES,
 * ...), -ENOTCONN (the app has no app service: it was not started by
 * appmgr, or the socket is gone), -EPROTO (a response that does not fit
 * the request), or a system call's error. On 0, *call->fd is a new
 * descriptor (close-on-exec) when call->fd was given. */
int app_svc_call(const struct app_svc_call *call);

/* A call of op with arg and nothing else to send or take. */
int app_svc_simple(uint16_t op, uint32_t arg, uint32_t arg2);

#endif
