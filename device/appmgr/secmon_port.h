/* secmon_port.h — the secmon mailbox's port on the board: port 1 of the
 * board's one virtio-serial device, which the emulator always attaches with
 * the secmon socket behind it and the name "org.spherule.secmon"; the kernel
 * has no sysfs to read the name from, so the board fixes the port number
 * (docs/board-qemu-armv7.md). devtmpfs names the node vport<D>p1, D the
 * device's index among all virtio devices (0, or 1 after the NIC).
 * Here: finding that character device, and naming it to the Spherule LSM
 * (SPHERULE_FS_MAILBOX), which then lets only the apps granted
 * SecurityMonitor open it (as for GPIO chips, the node's mode lets every
 * app try; the LSM decides). */
#ifndef APPMGR_SECMON_PORT_H
#define APPMGR_SECMON_PORT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "spherule/error_detail.h"

#define SECMON_PORT_NR 1u
/* Finds the node of port nr of the board's virtio-serial device under
 * dev_dir (/dev), the first vport<D>p<nr>: its path into node (len bytes)
 * and its device number into *dev. 0, -ENOENT (no such port), -ENODEV (not
 * a character device) or -errno, with why. */
int virtio_port_find(const char *dev_dir, unsigned nr, char *node, size_t len, dev_t *dev,
		     struct error_detail *why);

/* virtio_port_find(), polling every 20 ms until the node exists or wait_ms
 * have passed: the driver adds the ports in a work item that may run after
 * init started. */
int virtio_port_wait(const char *dev_dir, unsigned nr, unsigned wait_ms, char *node, size_t len, dev_t *dev,
		     struct error_detail *why);

/* virtio_port_find() of the mailbox's port, SECMON_PORT_NR. */
int secmon_port_find(const char *dev_dir, char *node, size_t len, dev_t *dev, struct error_detail *why);

/* The driver adds the port after the host answered its probe, in a work
 * item that may run after init started: how long appmgr waits for the
 * node at boot before it says the board has no mailbox. */
#define SECMON_PORT_WAIT_MS 10000u

/* virtio_port_wait() of the mailbox's port for SECMON_PORT_WAIT_MS. */
int secmon_port_wait(const char *dev_dir, char *node, size_t len, dev_t *dev, struct error_detail *why);

/* Names the port to the LSM and makes its node 0666, once, before any app
 * starts, and remembers its path for secmon_port_env(). A kernel without
 * the Spherule LSM has no such file: then the node stays 0600 (no app may
 * open it). 0 or -errno. */
int secmon_port_publish(const char *node, dev_t dev, struct error_detail *why);

/* "SPHERULE_SECMON_MAILBOX=<node>", the environment variable that tells an
 * app granted SecurityMonitor where the port is, into out: true, or false
 * when no port was published. */
#define SECMON_PORT_ENV_NAME "SPHERULE_SECMON_MAILBOX"
#define SECMON_PORT_ENV_SIZE 96
bool secmon_port_env(char out[SECMON_PORT_ENV_SIZE]);

#endif
