/* main.c — gdbserver, Spherule's own minimal debugging stub for one app
 * process (docs/appmgr.md, "Debugging an app"):
 *
 *   gdbserver --attach PID DEVICE
 *
 * seizes process PID, which appmgr stopped right before its execve, lets
 * it reach the exec (the app's entry point) and serves GDB's Remote Serial
 * Protocol on DEVICE, a byte stream (the board's virtio-serial port
 * /dev/vport<D>p2, forwarded by `spherule emulator start --gdb-port`). appmgr
 * starts it as root, without an app identity: the Spherule LSM lets no app
 * trace anything. Exit status: 0 when the session ended (the program ended,
 * was killed, or runs on detached), 1 on an error (the program is killed:
 * PTRACE_O_EXITKILL), 2 for a usage error. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include "serve.h"
#include "tracee.h"

/* A virtio-serial port has one opener at a time: the gdbserver of the
 * app's previous run may still be ending. */
#define PORT_BUSY_TRIES 50
#define PORT_BUSY_WAIT_NS 100000000L

static int usage(void)
{
	fputs("usage: gdbserver --attach PID DEVICE\n", stderr);
	return 2;
}

static int fail(const char *what, const char *arg, int err)
{
	fprintf(stderr, "gdbserver: %s %s: %s\n", what, arg, strerror(-err));
	return 1;
}

static int open_port(const char *path)
{
	int fd;

	for (int i = 0; i < PORT_BUSY_TRIES; i++) {
		fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
		if (fd >= 0 || errno != EBUSY)
			break;
		nanosleep(&(struct timespec){ .tv_nsec = PORT_BUSY_WAIT_NS }, NULL);
	}
	return fd < 0 ? -errno : fd;
}

/* SIGCHLD blocked and read from a signalfd (the tracee's stops). */
static int chld_signalfd(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	if (sigprocmask(SIG_BLOCK, &set, NULL) != 0)
		return -errno;
	int fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

int main(int argc, char **argv)
{
	struct tracee t;
	struct stop end;
	char *rest;
	long pid;
	int port, sfd, err;

	if (argc != 4 || strcmp(argv[1], "--attach") != 0)
		return usage();
	errno = 0;
	pid = strtol(argv[2], &rest, 10);
	if (errno || *rest || pid <= 1)
		return usage();
	signal(SIGPIPE, SIG_IGN);
	port = open_port(argv[3]);
	if (port < 0)
		return fail("cannot open", argv[3], port);
	sfd = chld_signalfd();
	if (sfd < 0)
		return fail("cannot watch", "SIGCHLD", sfd);
	err = tracee_seize(&t, (pid_t)pid);
	if (err < 0)
		return fail("cannot attach to pid", argv[2], err);
	err = tracee_run_to_exec(&t, &end);
	if (err == -ESRCH) {
		fprintf(stderr, "gdbserver: pid %ld ended before its exec\n", pid);
		return 1;
	}
	if (err < 0) {
		tracee_kill(&t);
		return fail("cannot follow pid", argv[2], err);
	}
	fprintf(stderr, "gdbserver: pid %ld stopped at its entry point: waiting for the debugger on %s\n",
		pid, argv[3]);
	return serve(port, sfd, &t);
}
