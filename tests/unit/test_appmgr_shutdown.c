/* test_appmgr_shutdown.c — unit tests of appmgr's orderly shutdown: the
 * board.conf keys of the board's power (and its update warning), which signals are shutdown requests
 * (and that PID 1's signal setup queues them instead of dying or ignoring
 * them), and the shutdown state machine. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "board_conf.h"
#include "pid1_signals.h"
#include "shutdown.h"
#include "signal_name.h"
#include "tap.h"

static int parse(const char *text, struct board_conf *c, struct error_detail *why)
{
	board_conf_defaults(c);
	why->msg[0] = '\0';
	return board_conf_parse(text, strlen(text), c, why);
}

static void test_board_conf(void)
{
	struct board_conf c;
	struct error_detail why;
	int n;

	board_conf_defaults(&c);
	tap_ok(c.power.power_key_gpio == BOARD_NO_POWER_KEY && c.power.shutdown_deadline_ms == 3000,
	       "defaults: no power key, apps get 3000 ms to stop");
	n = parse("power_key_gpio=3\nshutdown_deadline_ms = 500\n", &c, &why);
	tap_ok(n == 0 && c.power.power_key_gpio == 3 && c.power.shutdown_deadline_ms == 500,
	       "power_key_gpio and shutdown_deadline_ms read");
	n = parse("power_key_gpio=0\nshutdown_deadline_ms=0\n", &c, &why);
	tap_ok(n == 0 && c.power.power_key_gpio == 0 && c.power.shutdown_deadline_ms == 0,
	       "GPIO 0 is a power key; a deadline of 0 kills at once");
	n = parse("power_key_gpio=1024\n", &c, &why);
	tap_ok(n == 1 && c.power.power_key_gpio == BOARD_NO_POWER_KEY &&
	       strcmp(why.msg, "line 1: power_key_gpio must be a number from 0 to 1023") == 0,
	       "a power key beyond the GPIO numbers refused (%s)", why.msg);
	n = parse("shutdown_deadline_ms=60001\npower_key_gpio=\n", &c, &why);
	tap_ok(n == 2 && c.power.shutdown_deadline_ms == 3000 &&
	       c.power.power_key_gpio == BOARD_NO_POWER_KEY &&
	       strcmp(why.msg, "line 1: shutdown_deadline_ms must be a number from 0 to 60000") == 0,
	       "a deadline over a minute and an empty power key refused (%s)", why.msg);
	board_conf_defaults(&c);
	tap_ok(c.power.update_warning_s == 10, "default: update events warn 10 s ahead, as Azure Sphere's");
	n = parse("update_warning_s=2\n", &c, &why);
	tap_ok(n == 0 && c.power.update_warning_s == 2, "update_warning_s read");
	n = parse("update_warning_s=0\nupdate_warning_s=601\n", &c, &why);
	tap_ok(n == 2 && c.power.update_warning_s == 10 &&
	       strcmp(why.msg, "line 1: update_warning_s must be a number from 1 to 600") == 0,
	       "an update warning of 0 s or over 10 minutes refused (%s)", why.msg);
	board_conf_defaults(&c);
	tap_ok(board_conf_load("device/rootfs/etc/spherule/board.conf", &c, &why) == 0 &&
	       c.power.power_key_gpio == 3 && c.power.shutdown_deadline_ms == 3000,
	       "qemu-armv7's board.conf: power key GPIO 3 (PL061 line 3), 3000 ms");
}

static void test_signal_requests(void)
{
	static const struct {
		int sig;
		int kind; /* -1: not a request */
	} cases[] = {
		{ SIGTERM, SHUTDOWN_REBOOT }, { SIGINT, SHUTDOWN_REBOOT },
		{ SIGPWR, SHUTDOWN_POWER_OFF }, { SIGUSR2, SHUTDOWN_POWER_OFF },
		{ SIGHUP, -1 }, { SIGUSR1, -1 }, { SIGCHLD, -1 }, { SIGQUIT, -1 },
	};
	bool right = true;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum shutdown_kind kind = SHUTDOWN_POWER_OFF;
		bool asks = pid1_signal_requests(cases[i].sig, &kind);

		right &= cases[i].kind < 0 ? !asks : asks && (int)kind == cases[i].kind;
	}
	tap_ok(right, "SIGTERM and SIGINT ask to reboot, SIGPWR and SIGUSR2 to power off, "
		      "SIGHUP, SIGUSR1, SIGCHLD, SIGQUIT nothing");
	tap_ok(strcmp(signal_name(SIGPWR), "SIGPWR") == 0 &&
	       strcmp(shutdown_kind_name(SHUTDOWN_POWER_OFF), "power off") == 0 &&
	       strcmp(shutdown_kind_name(SHUTDOWN_REBOOT), "reboot") == 0,
	       "names for the log lines");
}

/* In a child set up as PID 1: SIGHUP is ignored, SIGTERM and SIGPWR are
 * queued on the signalfd (the child lives on; the kernel hands out pending
 * signals lowest number first). */
static void test_signal_setup(void)
{
	int status = -1;
	pid_t pid = fork();

	if (pid == 0) {
		struct signalfd_siginfo info[2];
		int fd = pid1_signals_setup();

		if (fd < 0)
			_exit(2);
		if (kill(getpid(), SIGHUP) != 0 || kill(getpid(), SIGTERM) != 0 ||
		    kill(getpid(), SIGPWR) != 0)
			_exit(3);
		if (read(fd, &info[0], sizeof(info[0])) != (ssize_t)sizeof(info[0]) ||
		    read(fd, &info[1], sizeof(info[1])) != (ssize_t)sizeof(info[1]))
			_exit(4);
		if (info[0].ssi_signo != SIGTERM || info[1].ssi_signo != SIGPWR)
			_exit(5);
		if (read(fd, &info[0], sizeof(info[0])) >= 0 || errno != EAGAIN)
			_exit(6);
		_exit(pid1_signals_reset() == 0 ? 0 : 7);
	}
	if (pid > 0)
		(void)waitpid(pid, &status, 0);
	tap_ok(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	       "PID 1's setup ignores SIGHUP and queues SIGTERM and SIGPWR on its signalfd "
	       "(status %d)", status);
}

static void test_state_machine(void)
{
	struct shutdown s;

	shutdown_init(&s, 3000);
	tap_ok(shutdown_next(&s, true, 1000) == SHUTDOWN_WAIT && shutdown_timeout(&s, 1000) == -1,
	       "idle: nothing to do, nothing to wait for");
	tap_ok(shutdown_request(&s, SHUTDOWN_POWER_OFF, "power key", 0, 1000) && s.phase == SHUTDOWN_TERM,
	       "a request starts the shutdown");
	tap_ok(!shutdown_request(&s, SHUTDOWN_REBOOT, "SIGTERM", 0, 1100) &&
	       s.kind == SHUTDOWN_POWER_OFF && strcmp(s.why, "power key") == 0,
	       "a second request is ignored: still a power off for the power key");
	tap_ok(shutdown_timeout(&s, 1000) == SHUTDOWN_CHECK_MS && shutdown_timeout(&s, 3950) == 50,
	       "while waiting, the apps are looked at every %u ms and at the deadline",
	       SHUTDOWN_CHECK_MS);
	tap_ok(shutdown_next(&s, true, 3999) == SHUTDOWN_WAIT, "apps alive before the deadline: wait");
	tap_ok(shutdown_next(&s, true, 4000) == SHUTDOWN_KILL_LEFTOVERS && s.phase == SHUTDOWN_KILL,
	       "apps alive at the deadline: killed");
	tap_ok(shutdown_next(&s, true, 4000 + SHUTDOWN_KILL_GRACE_MS - 1) == SHUTDOWN_WAIT,
	       "killed apps not yet reaped: wait");
	tap_ok(shutdown_next(&s, false, 4500) == SHUTDOWN_FINISH && s.phase == SHUTDOWN_FINAL,
	       "killed apps reaped: finish");
	tap_ok(shutdown_next(&s, false, 4600) == SHUTDOWN_WAIT && shutdown_timeout(&s, 4600) == -1,
	       "finish comes once");

	shutdown_init(&s, 3000);
	shutdown_request(&s, SHUTDOWN_REBOOT, "SIGTERM", 0, 0);
	tap_ok(shutdown_next(&s, false, 200) == SHUTDOWN_FINISH,
	       "apps that all ended before the deadline: finish at once, nobody killed");

	shutdown_init(&s, 3000);
	shutdown_request(&s, SHUTDOWN_REBOOT, "SIGTERM", 0, 0);
	(void)shutdown_next(&s, true, 3000);
	tap_ok(shutdown_next(&s, true, 3000 + SHUTDOWN_KILL_GRACE_MS) == SHUTDOWN_FINISH,
	       "an app still alive after the grace does not hold the shutdown forever");

	shutdown_init(&s, 0);
	shutdown_request(&s, SHUTDOWN_POWER_OFF, "SIGPWR", 0, 500);
	tap_ok(shutdown_next(&s, true, 500) == SHUTDOWN_KILL_LEFTOVERS,
	       "a deadline of 0 ms kills the apps at once");

	shutdown_init(&s, 3000);
	tap_ok(shutdown_request(&s, SHUTDOWN_POWER_DOWN, "ForcePowerDown", 60, 0) && s.residency_s == 60 &&
		       !shutdown_request(&s, SHUTDOWN_POWER_DOWN, "ForcePowerDown", 5, 10) && s.residency_s == 60 &&
		       strcmp(shutdown_kind_name(s.kind), "power down") == 0,
	       "a power down keeps its residency; a second one does not replace it");
}

int main(void)
{
	test_board_conf();
	test_signal_requests();
	test_signal_setup();
	test_state_machine();
	return tap_done();
}
