/*
 * qmp.h - the one QEMU Machine Protocol exchange the CLI needs: connect to
 * a running QEMU's QMP unix socket (-qmp unix:PATH,server=on,wait=off),
 * leave capability negotiation ({"execute":"qmp_capabilities"}) and run
 * one command, e.g. system_powerdown, or dump-guest-memory with its
 * arguments.
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

#endif
