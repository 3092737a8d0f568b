/* secmon_port.h — the secmon mailbox's port on the board: port 1 of the
 * board's one virtio-serial device, which the emulator always attaches with
 * the secmon socket behind it and the name "org.spherule.secmon"; the kernel
 * has no sysfs to read the name from, so the board fixes the number
 * (docs/board-qemu-armv7.md) and devtmpfs names its node SECMON_PORT_NODE.
 * Here: finding that character device, and naming it to the Spherule LSM
 * (SPHERULE_FS_MAILBOX), which then lets only the apps granted
 * SecurityMonitor open it (as for GPIO chips, the node's mode lets every
 * app try; the LSM decides). */
#ifndef APPMGR_SECMON_PORT_H
#define APPMGR_SECMON_PORT_H

#include <stddef.h>
#include <sys/types.h>

#include "spherule/error_detail.h"

#define SECMON_PORT_NODE "vport0p1"
/* Finds the port's node under dev_dir (/dev): its path into node (len
 * bytes) and its device number into *dev. 0, -ENOENT (the board has no
 * mailbox), -ENODEV (not a character device) or -errno, with why. */
int secmon_port_find(const char *dev_dir, char *node, size_t len, dev_t *dev, struct error_detail *why);

/* Names the port to the LSM and makes its node 0666, once, before any app
 * starts. A kernel without the Spherule LSM has no such file: then the
 * node stays 0600 (no app may open it). 0 or -errno. */
int secmon_port_publish(const char *node, dev_t dev, struct error_detail *why);

#endif
