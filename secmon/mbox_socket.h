/*
 * mbox_socket.h - the mailbox's UNIX stream socket in the emulator's state
 * directory (docs/secmon.md, *The mailbox socket*): secmon listens on it
 * before its verdict; QEMU connects to it once, as the chardev of its
 * virtio-serial port, when it starts.
 */
#ifndef SECMON_MBOX_SOCKET_H
#define SECMON_MBOX_SOCKET_H

#include <sys/types.h>

#include "spherule/error_detail.h"

/* How often secmon, waiting for QEMU, checks that its parent is alive. */
#define MBOX_SOCKET_POLL_MS 100

/*
 * Listens on path (mode 0600, one connection). A socket file left there by
 * a secmon that ended is replaced; one a live process listens on is refused.
 * The listening fd, or -errno with err set.
 */
int mbox_socket_listen(const char *path, struct error_detail *err);

/*
 * Accepts QEMU's connection on lfd. QEMU connects while it starts, before
 * it is running (and before a detached QEMU's first process ends), so a
 * parent that is gone (getppid() is no longer parent) with no connection
 * waiting means QEMU never came: -ECHILD. The connected fd, or -errno.
 */
int mbox_socket_accept(int lfd, pid_t parent);

#endif
