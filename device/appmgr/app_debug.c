/* app_debug.c — starting a debug build under gdbserver (see app_debug.h). */
#include "app_debug.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "log.h"
#include "pid1_signals.h"
#include "secmon_port.h"
#include "signal_name.h"

#define EXEC_FAILED 127

/* The gdbserver port's node, found by app_debug_choose(). */
static char port_path[128];

bool app_debug_development_mode(struct secmon_mailbox *mb)
{
	struct error_detail why = { "" };
	bool granted = false;

	if (secmon_mailbox_development(mb, &granted, &why) != 0) {
		log_line("development mode off: cannot ask secmon (%s)", why.msg);
		return false;
	}
	log_line("development mode %s (secmon)", granted ? "on" : "off");
	return granted;
}

/* Why a debug build cannot be debugged on this board ("" when it can). */
static const char *board_refuses(bool development, const char *dev_dir)
{
	struct error_detail why;
	dev_t dev;

	if (!development)
		return "the device is not in development mode (spherule device enable-development)";
	if (virtio_port_find(dev_dir, APP_DEBUG_PORT_NR, port_path, sizeof(port_path), &dev, &why) != 0)
		return "the board has no gdbserver port /dev/vport<D>p2 (spherule emulator start --gdb-port)";
	if (access(APP_DEBUG_SERVER, X_OK) != 0)
		return "no " APP_DEBUG_SERVER " in the OS";
	return "";
}

void app_debug_choose(struct app *apps, size_t count, bool development, const char *dev_dir)
{
	const char *refused = NULL;
	const struct app *chosen = NULL;

	for (size_t i = 0; i < count; i++) {
		struct app *a = &apps[i];

		a->debugged = false;
		a->debugger_pid = 0;
		if (!a->debug_build)
			continue;
		if (!refused)
			refused = board_refuses(development, dev_dir);
		if (*refused)
			log_line("%s: debug build, not debuggable: %s", a->name, refused);
		else if (chosen)
			log_line("%s: debug build, not debuggable: the gdbserver port is %s's (one app at a time)",
				 a->name, chosen->name);
		else {
			a->debugged = true;
			chosen = a;
		}
	}
}

/* In the forked child: gdbserver with stdin from /dev/null, stdout and
 * stderr on appmgr's console, no other fd, default signals. */
__attribute__((noreturn))
static void exec_server(pid_t app_pid)
{
	char pid[16];
	char *argv[] = { "gdbserver", "--attach", pid, port_path, NULL };
	char *envp[] = { NULL };
	int null_fd = open("/dev/null", O_RDONLY);

	snprintf(pid, sizeof(pid), "%d", (int)app_pid);
	if (null_fd < 0 || dup2(null_fd, STDIN_FILENO) < 0 || setsid() < 0 ||
	    syscall(SYS_close_range, 3u, ~0u, 0u) != 0 || pid1_signals_reset() != 0)
		_exit(EXEC_FAILED);
	execve(APP_DEBUG_SERVER, argv, envp);
	_exit(EXEC_FAILED);
}

static void run_without_debugger(struct app *a, const char *why)
{
	log_line("%s: %s: it runs without the debugger", a->name, why);
	if (a->pid > 0)
		kill(a->pid, SIGCONT);
}

void app_debug_attach(struct app *a)
{
	pid_t pid = fork();

	if (pid == 0)
		exec_server(a->pid);
	if (pid < 0) {
		run_without_debugger(a, strerror(errno));
		return;
	}
	a->debugger_pid = pid;
	log_line("%s: debug build in development mode: waiting for the debugger on the gdbserver port "
		 "(gdbserver pid %d)", a->name, (int)pid);
}

bool app_debug_reaped(struct app *apps, size_t count, pid_t pid, int st)
{
	char why[64];

	for (size_t i = 0; i < count; i++) {
		struct app *a = &apps[i];

		if (a->debugger_pid != pid)
			continue;
		a->debugger_pid = 0;
		if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
			return true;
		if (WIFEXITED(st))
			snprintf(why, sizeof(why), "gdbserver exited with status %d", WEXITSTATUS(st));
		else
			snprintf(why, sizeof(why), "gdbserver killed by signal %d (%s)", WTERMSIG(st),
				 signal_name(WTERMSIG(st)));
		run_without_debugger(a, why);
		return true;
	}
	return false;
}
