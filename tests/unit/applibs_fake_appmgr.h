/* applibs_fake_appmgr.h — appmgr's end of the app service socket for
 * applibs' host tests. The library is synchronous, so no thread is
 * needed: a test queues appmgr's answer first (a SOCK_SEQPACKET message
 * waits in the socket), calls the library, which sends its request and
 * reads the answer, and then takes the request to check it. */
#ifndef APPLIBS_FAKE_APPMGR_H
#define APPLIBS_FAKE_APPMGR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spherule/app_service.h"

/* Makes the socket pair and names the app's end in SPHERULE_APP_SERVICE:
 * call before the library's first request. Exits on failure. */
void fake_appmgr_start(void);

/* Queues an answer to op: status, then len bytes of record, passing fd
 * (SCM_RIGHTS) unless it is -1. */
void fake_answer(uint16_t op, int32_t status, const void *record, size_t len, int fd);

/* Takes the oldest request into *req and its payload (at most size bytes)
 * into payload: the payload's length, or -1 when no request waits. */
long fake_request(struct app_svc_req *req, void *payload, size_t size);

/* Whether no request waits (the library refused before asking). */
bool fake_no_request(void);

/* Takes any request and answer still queued: a test's leftovers do not
 * reach the next. */
void fake_drain(void);

#endif
