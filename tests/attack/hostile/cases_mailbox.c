/* cases_mailbox.c — the secmon mailbox is closed to an app without
 * "SecurityMonitor": its port's node is mode 0666 (appmgr opens it as it
 * does GPIO chips), so only the Spherule LSM refuses the open, for reading
 * or writing; the app cannot name another device as the mailbox (the LSM's
 * mailbox file is root's, mode 0644, and takes appmgr's one write). The
 * gdbserver port beside it (virtio-serial port 2, the board booted with
 * --gdb-port) is root's alone: no app opens it (the LSM's default for
 * character devices), so no app can talk to a debugged app's gdbserver.
 * The same holds for the service link (port 3, the emulator attaches it by
 * default): only appmgr opens it, and hands it to devctl alone, so no app
 * can reach the device API or pose as devctl to the host.
 * The nodes are vport<D>p<port>, D the serial device's index among the
 * virtio devices (1 after the NIC, which the attack suite attaches): the
 * app, which may not list /dev, tries the first few names and takes the
 * first that exists. */
#include <errno.h>
#include <fcntl.h>

#include <linux/spherule.h>

#include "../attempts.h"
#include "attack.h"

static int open_rw(void) { return try_virtio_port(1, O_RDWR); }
static int open_ro(void) { return try_virtio_port(1, O_RDONLY | O_NONBLOCK); }
static int open_wo(void) { return try_virtio_port(1, O_WRONLY | O_NONBLOCK); }
static int open_gdb_port(void) { return try_virtio_port(2, O_RDWR | O_NONBLOCK); }
static int open_service_link(void) { return try_virtio_port(3, O_RDWR | O_NONBLOCK); }
static int read_service_link(void) { return try_virtio_port(3, O_RDONLY | O_NONBLOCK); }
/* /dev/null's number: if the write were taken, the LSM would call it the mailbox. */
static int rename_mailbox(void) { return try_write_file(SPHERULE_FS_MAILBOX, "1:3\n", 4); }

const struct attack_case mailbox_cases[] = {
	{ "mailbox: open the secmon port (mode 0666) for reading and writing", -EACCES, open_rw },
	{ "mailbox: open the secmon port for reading", -EACCES, open_ro },
	{ "mailbox: open the secmon port for writing", -EACCES, open_wo },
	{ "mailbox: name /dev/null as the mailbox (the file is root's, 0644)", -EACCES, rename_mailbox },
	{ "mailbox: open the gdbserver port (virtio-serial port 2)", -EACCES, open_gdb_port },
	{ "service link: open the device API's port (virtio-serial port 3)", -EACCES, open_service_link },
	{ "service link: open the device API's port for reading", -EACCES, read_service_link },
};
const unsigned mailbox_case_count = CASE_COUNT(mailbox_cases);
