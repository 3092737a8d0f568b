/*
 * qmp.h - the one QEMU Machine Protocol exchange the CLI needs: connect to
 * a running QEMU's QMP unix socket (-qmp unix:PATH,server=on,wait=off),
 * leave capability negotiation ({"execute":"qmp_capabilities"}) and run
 * one command, e.g. system_powerdown, or dump-guest-memory with its
 * arguments; or stay connected and watch for QEMU's SHUTDOWN event (the
 * emulator's power loop, power_loop.h).
 */
#ifndef SPHERULE_QMP_H
#define SPHERULE_QMP_H

#include <stddef.h>

/*
 * Runs command with arguments (a JSON object's text, or NULL for none) on
 * the QMP socket at path, waiting at most timeout_ms for each answer. 0
 * when QEMU returned; -errno otherwise, with the reason in why: the
 * socket's errors (-ENOENT: no socket there), -ETIMEDOUT, or -EPROTO when
 * QEMU answered with an error or something that is not QMP.
 */
int qmp_execute(const char *path, const char *command, const char *arguments, int timeout_ms, char *why,
		size_t why_len);

struct qmp_conn;

/* Connects to the QMP socket at path and leaves capability negotiation,
 * waiting at most timeout_ms for each answer: the connection, or NULL with
 * the reason in why (errno set: ENOENT when no socket is there yet). */
struct qmp_conn *qmp_open(const char *path, int timeout_ms, char *why, size_t why_len);

/* The connection's socket, to poll() for what QEMU sends. */
int qmp_fd(const struct qmp_conn *c);

/* Reads all QEMU has sent (call when qmp_fd() is readable): 1 when a line
 * of it was a SHUTDOWN event, its "reason" (e.g. "guest-reset") in reason;
 * 0 when none was; -errno when the connection ended or failed. */
int qmp_shutdown_event(struct qmp_conn *c, char *reason, size_t reason_len);

void qmp_close(struct qmp_conn *c);

#endif
