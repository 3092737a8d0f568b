/*
 * mbox_stream.h - the mailbox over a byte stream (docs/secmon.md, *The
 * mailbox socket*): framed messages read one at a time into a buffer of the
 * protocol's largest message, each answered by mbox_serve(), until the peer
 * (QEMU's virtio-serial port) closes the stream.
 */
#ifndef SECMON_MBOX_STREAM_H
#define SECMON_MBOX_STREAM_H

#include "mbox_server.h"

/* How long a message may stall in the middle, and how long the stream must
 * be quiet after lost framing before a byte starts a message again. */
#define MBOX_STREAM_QUIET_MS 2000

/*
 * The environment variable naming a file to which a serving secmon appends
 * every message it read and answered, one line each, "in <hex>" and "out
 * <hex>" (a debugging aid; the secmon suite scans it for the device key).
 */
#define MBOX_TRANSCRIPT_ENV "SPHERULE_SECMON_TRANSCRIPT"

/*
 * Serves the connected stream fd: each message framed by its header
 * (mbox_frame_size()) and answered, both written to srv->transcript when
 * there is one. After a header it cannot frame (bad
 * magic or length) it answers the error and discards every byte until the
 * stream has been quiet for quiet_ms; a message that stalls for quiet_ms
 * is answered as it is (TRUNCATED) and dropped. 0 when the peer closed the
 * stream, -errno when reading or writing it failed.
 */
int mbox_stream_serve(const struct mbox_server *srv, int fd, int quiet_ms);

#endif
