/* cases_mailbox.c — the secmon mailbox is closed to an app without
 * "SecurityMonitor": its port's node is mode 0666 (appmgr opens it as it
 * does GPIO chips), so only the Spherule LSM refuses the open, for reading
 * or writing; the app cannot name another device as the mailbox (the LSM's
 * mailbox file takes appmgr's one write) nor make a node of its own. The
 * gdbserver port beside it (virtio-serial port 2, the board booted with
 * --gdb-port) is root's alone: no app opens it (the LSM's default for
 * character devices), so no app can talk to a debugged app's gdbserver. */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <linux/spherule.h>

#include "../attempts.h"
#include "attack.h"

#define MAILBOX_NODE "/dev/vport0p1"
#define GDB_PORT_NODE "/dev/vport0p2"

static int open_rw(void) { return try_open(MAILBOX_NODE, O_RDWR); }
static int open_ro(void) { return try_open(MAILBOX_NODE, O_RDONLY | O_NONBLOCK); }
static int open_wo(void) { return try_open(MAILBOX_NODE, O_WRONLY | O_NONBLOCK); }
static int open_gdb_port(void) { return try_open(GDB_PORT_NODE, O_RDWR | O_NONBLOCK); }
static int node_is_open_to_all(void)
{
	struct stat st;

	if (stat(MAILBOX_NODE, &st) != 0)
		return -errno;
	return S_ISCHR(st.st_mode) && (st.st_mode & 0777) == 0666 ? 0 : -EINVAL;
}
/* /dev/null's number: if the write were taken, the LSM would call it the mailbox. */
static int rename_mailbox(void) { return try_write_file(SPHERULE_FS_MAILBOX, "1:3\n", 4); }
static int mknod_copy(void)
{
	struct stat st;

	if (stat(MAILBOX_NODE, &st) != 0)
		return -errno;
	return attempt_result(mknod("/run/mailbox", S_IFCHR | 0666, st.st_rdev));
}

const struct attack_case mailbox_cases[] = {
	{ "mailbox: its node is a character device of mode 0666 (the LSM decides)", 0, node_is_open_to_all },
	{ "mailbox: open the secmon port for reading and writing", -EACCES, open_rw },
	{ "mailbox: open the secmon port for reading", -EACCES, open_ro },
	{ "mailbox: open the secmon port for writing", -EACCES, open_wo },
	{ "mailbox: name /dev/null as the mailbox", -EPERM, rename_mailbox },
	{ "mailbox: make a node of the port's number in /run", -EPERM, mknod_copy },
	{ "mailbox: open the gdbserver port (virtio-serial port 2)", -EACCES, open_gdb_port },
};
const unsigned mailbox_case_count = CASE_COUNT(mailbox_cases);
