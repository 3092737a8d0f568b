/* wx_init.c — PID 1 of the executable-memory VM test (tests/vm/test_wx.sh):
 * the kernel's own refusal of writable and executable memory, which appmgr's
 * image check (docs/image-package.md) otherwise keeps out of reach. It
 * mounts the test image (slot app0: programs asking for an executable
 * stack, a writable and executable segment, and brkprobe) and runs each
 * case in a child that takes an app identity the way appmgr's children do
 * (forked by PID 1, working directory the image, policy then identity), or
 * none for the control cases, then executes one program of the image. It
 * prints one TAP line per case ("wx: ok N - name"), "wx: done P passed, F
 * failed" and powers off. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/reboot.h>
#include <sys/wait.h>
#include <unistd.h>

#include <endian.h>
#include <linux/spherule.h>

#define IMAGE_DIR "/mnt/apps"
#define TEST_APP_ID "5c0a9e3d-7f21-4b6e-8d4c-2a1f0e9b7c35\n"
#define CHILD_SETUP_FAILED 120

struct wx_case {
	const char *name;
	bool identity;        /* run as an app */
	bool read_implies_exec; /* personality set before the identity */
	const char *program;  /* in the image */
	int expected;         /* exit status, or -signal number */
};

static const struct wx_case cases[] = {
	{ "without identity, an executable-stack program runs (control)", false, false,
	  "bin/execstack", 1 },
	{ "an app cannot execute a program asking for an executable stack (EACCES)", true, false,
	  "bin/execstack", EACCES },
	{ "an app cannot execute a program with a writable and executable segment (EACCES)", true,
	  false, "bin/rwxload", EACCES },
	{ "without identity, READ_IMPLIES_EXEC gives an executable heap that grows (control)",
	  false, true, "bin/brkprobe", 1 },
	{ "an app's heap grows (positive)", true, false, "bin/brkprobe", 1 },
	{ "an app with READ_IMPLIES_EXEC cannot grow an executable heap (brk refused)", true, true,
	  "bin/brkprobe", 0 },
	{ "an app with READ_IMPLIES_EXEC cannot map a writable segment executable (SIGSEGV at exec)",
	  true, true, "bin/hello", -SIGSEGV },
};

static int write_file(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, data, len);
	close(fd);
	return n == (ssize_t)len ? 0 : -1;
}

/* The child: as appmgr's children do, then execve; exits with errno when
 * the exec fails, CHILD_SETUP_FAILED when a step before it does. */
__attribute__((noreturn))
static void run_child(const struct wx_case *c)
{
	const struct spherule_policy_header policy = { .version = htole16(SPHERULE_POLICY_VERSION) };
	char *const argv[] = { (char *)c->program, NULL };
	char *const envp[] = { NULL };

	if (chdir(IMAGE_DIR) != 0)
		_exit(CHILD_SETUP_FAILED);
	if (c->read_implies_exec && personality(READ_IMPLIES_EXEC) < 0)
		_exit(CHILD_SETUP_FAILED);
	if (c->identity && (write_file(SPHERULE_FS_POLICY, &policy, sizeof(policy)) != 0 ||
			    write_file(SPHERULE_FS_IDENTITY, TEST_APP_ID, strlen(TEST_APP_ID)) != 0))
		_exit(CHILD_SETUP_FAILED);
	execve(c->program, argv, envp);
	_exit(errno);
}

/* The exit status of the case's child, or minus the signal that ended it. */
static int run_case(const struct wx_case *c)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -1000;
	if (pid == 0)
		run_child(c);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1000;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

int main(void)
{
	unsigned failed = 0, n = sizeof(cases) / sizeof(cases[0]);

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (mount("proc", "/proc", "proc", 0, NULL) != 0 ||
	    mount("securityfs", "/sys/kernel/security", "securityfs", 0, NULL) != 0 ||
	    mount("mtd:app0", IMAGE_DIR, "cramfs", MS_RDONLY, NULL) != 0) {
		printf("wx: setup failed: %s\n", strerror(errno));
		n = 0;
	}
	for (unsigned i = 0; i < n; i++) {
		int got = run_case(&cases[i]);

		if (got == cases[i].expected) {
			printf("wx: ok %u - %s\n", i + 1, cases[i].name);
		} else {
			printf("wx: not ok %u - %s (expected %d, got %d)\n", i + 1, cases[i].name,
			       cases[i].expected, got);
			failed++;
		}
	}
	printf("wx: done %u passed, %u failed\n", n - failed, failed);
	sync();
	reboot(RB_POWER_OFF);
	for (;;)
		pause();
}
