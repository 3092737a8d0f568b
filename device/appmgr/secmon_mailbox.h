/* secmon_mailbox.h — appmgr's side of the secmon mailbox
 * (docs/secmon-protocol.md): one request out, its response back. On the
 * board the mailbox is a virtio-serial port (secmon_port.h); `appmgr --check --mailbox SOCKET` on the host talks to a
 * secmon serving a Unix socket instead. The port has one opener at a time:
 * appmgr opens it for a batch of requests and closes it again, so that apps
 * granted SecurityMonitor can use it in between. */
#ifndef APPMGR_SECMON_MAILBOX_H
#define APPMGR_SECMON_MAILBOX_H

#include <stdbool.h>
#include <stdint.h>

#include "mbox_proto.h"
#include "spherule/error_detail.h"

/* How long one response may take (secmon reads and hashes up to a 1 MiB
 * slot of the flash file; the mailbox is a slow link). */
#define SECMON_MAILBOX_TIMEOUT_MS 10000

struct secmon_mailbox {
	int fd;           /* the port or the socket; -1 when closed */
	uint32_t next_id; /* the id of the next request (never 0) */
};

/* Opens the mailbox: the Unix socket socket_path when it is not NULL, else
 * the board's port under dev_dir (secmon_port.h). 0, or -errno with why
 * saying what is missing. */
int secmon_mailbox_open(struct secmon_mailbox *mb, const char *socket_path, const char *dev_dir,
			struct error_detail *why);

/* Sends req (its id is set here) and waits for the response that answers
 * it, dropping late answers to earlier requests. 0 with resp filled (its
 * status may be any), or -errno (-ETIMEDOUT, -EPROTO for bytes that are no
 * response: the mailbox is then closed) with why set. */
int secmon_mailbox_call(struct secmon_mailbox *mb, struct mbox_request *req,
			struct mbox_response *resp, struct error_detail *why);

/* secmon_mailbox_call() waiting up to timeout_ms instead of
 * SECMON_MAILBOX_TIMEOUT_MS (installing a staged OS takes longer). */
int secmon_mailbox_call_within(struct secmon_mailbox *mb, struct mbox_request *req, struct mbox_response *resp,
			       uint32_t timeout_ms, struct error_detail *why);

void secmon_mailbox_close(struct secmon_mailbox *mb);

/* Asks secmon whether the device is in development mode (its development
 * capability, MBOX_CAP_APP_DEVELOPMENT): 0 with *granted set, or -errno
 * with why. */
int secmon_mailbox_development(struct secmon_mailbox *mb, bool *granted, struct error_detail *why);

/* For what only a device in development mode allows (what: a clause, "the
 * host drives and reads simulated GPIO lines"): asks secmon now over the
 * board's port. 0 when it grants development mode; else -EPERM with why,
 * "<what> only in development mode (spherule device enable-development)",
 * or that secmon cannot say. */
int secmon_require_development(const char *what, struct error_detail *why);

#endif
