/* rsp_session.h — the packets gdbserver answers (GDB Remote Serial
 * Protocol, "Packets" and "General Query Packets"), for one single-threaded
 * ARM Linux program that is stopped while a packet is handled:
 *
 *   ?                      the last stop reply
 *   g / G                  all registers (r0..r12, sp, lr, pc, cpsr) / set them
 *   p n / P n=v            one register (0..15, cpsr 0x19) / set it
 *   m a,l / M a,l:xx       read (at most RSP_PACKET_MAX / 2 bytes) / write memory
 *   c [a] / C s[;a]        continue (at a; with GDB signal s)
 *   Z0,a,k / z0,a,k        software breakpoint of kind k (arm_breakpoints.h)
 *   H, T                   any thread: OK (there is one)
 *   k / D                  kill / detach
 *   qSupported             PacketSize and qXfer:features:read
 *   qXfer:features:read:target.xml:o,l   the target description (ARM core
 *                          registers, architecture arm, OS ABI GNU/Linux)
 *   qC, qfThreadInfo, qsThreadInfo, qAttached (1: gdb detaches on quit)
 *
 * and the empty reply (not supported) to anything else: 's' and 'vCont'
 * above all, so that GDB steps with breakpoints of its own (ARM Linux has
 * no PTRACE_SINGLESTEP). A malformed packet of a known command gets an
 * error reply "Exx"; nothing in a packet is read past its length. */
#ifndef GDBSERVER_RSP_SESSION_H
#define GDBSERVER_RSP_SESSION_H

#include <stddef.h>
#include <stdint.h>

#include "arm_breakpoints.h"
#include "gdb_target.h"
#include "stop_status.h"

#define RSP_STOP_REPLY_MAX 48

enum rsp_action {
	RSP_REPLY,  /* send the reply */
	RSP_RESUME, /* let the program run (with signal *resume_sig, Linux's,
		     * 0 for none); its stop is the reply */
	RSP_KILL,   /* kill the program; no reply */
	RSP_DETACH, /* send the reply (OK), then let the program go */
};

struct rsp_session {
	struct gdb_target target;
	uint32_t tid;                 /* the program's only thread */
	struct arm_breakpoints breakpoints;
	char stop_reply[RSP_STOP_REPLY_MAX]; /* what '?' answers */
};

void rsp_session_init(struct rsp_session *s, const struct gdb_target *target, uint32_t tid);

/* Writes the stop reply for st (T05 for an exec stop, T02 for an
 * interrupt, Txx for a signal or group-stop, Wxx / Xxx for the end) into
 * the session, for '?', and returns it. */
const char *rsp_session_stopped(struct rsp_session *s, struct stop st);

/* Handles the packet pkt (len bytes): its reply (at most RSP_PACKET_MAX
 * bytes) into reply and *reply_len; what to do next is the return value
 * and, for RSP_RESUME, *resume_sig. */
enum rsp_action rsp_session_handle(struct rsp_session *s, const char *pkt, size_t len, char *reply,
				   size_t *reply_len, int *resume_sig);

#endif
