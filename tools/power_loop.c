/*
 * power_loop.c - power-on, QEMU, and again at each power cycle
 * (power_loop.h).
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "emulator_state.h"
#include "flash_layout.h"
#include "power_loop.h"
#include "power_on.h"
#include "qmp.h"
#include "secmon_client.h"

#define WATCH_POLL_MS 100
#define QMP_ANSWER_MS 5000
#define SECMON_EXIT_WATCHDOG 3 /* secmon boot: a trial boot not confirmed by its deadline */
#define SECMON_END_TENTHS 10   /* secmon ends within 1 s of its QEMU, or is ended */

/* Why a QEMU run ended. */
enum ending {
	ENDED,    /* the board is off: the loop ends */
	REBOOTED, /* the guest reset the board: a power cycle */
	WATCHDOG, /* a trial boot was not confirmed in time: a power cycle */
};

static volatile sig_atomic_t stop_signal;

static void on_stop_signal(int sig)
{
	stop_signal = sig;
}

static void catch_stop_signals(void)
{
	struct sigaction sa = { .sa_handler = on_stop_signal };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

/* Detached: the CLI told that the first QEMU runs; from then on the loop's
 * own messages go to the log, the CLI's output closed. */
static void signal_ready(struct power_loop *p)
{
	if (p->ready_fd < 0)
		return;
	fflush(stdout);
	fflush(stderr);
	if (p->log_fd >= 0) {
		dup2(p->log_fd, STDOUT_FILENO);
		dup2(p->log_fd, STDERR_FILENO);
	}
	if (write(p->ready_fd, "1", 1) < 0) {
		/* the CLI is gone: it has nothing more to wait for */
	}
	close(p->ready_fd);
	p->ready_fd = -1;
}

static pid_t start_qemu(const struct power_loop *p)
{
	pid_t pid = fork();

	if (pid != 0)
		return pid;
	if (p->log_fd >= 0) {
		dup2(p->log_fd, STDOUT_FILENO);
		dup2(p->log_fd, STDERR_FILENO);
	}
	execvp(QEMU, (char **)p->qemu_args);
	fprintf(stderr, "spherule: %s: cannot run %s: %s (install it with scripts/deps.sh)\n", p->command, QEMU,
		strerror(errno));
	_exit(127);
}

/* secmon, once its QEMU ended: it ends as the mailbox closes, or (QEMU
 * never connected) is ended, and its socket removed. */
static void settle_secmon(const struct power_loop *p, pid_t secmon)
{
	for (int i = 0; secmon > 0 && i < SECMON_END_TENTHS; i++) {
		if (waitpid(secmon, NULL, WNOHANG) == secmon)
			return;
		nanosleep(&(struct timespec){ .tv_nsec = 100000000 }, NULL);
	}
	if (secmon > 0)
		secmon_end(secmon);
	if (p->mailbox)
		unlink(p->mailbox);
}

/* Reads QEMU's QMP events: true once it says the board was reset (by the
 * guest, "guest-reset", or through QEMU, "host-qmp-system-reset"). */
static bool guest_reset(struct qmp_conn **qmp)
{
	char reason[64] = "";
	int rc = qmp_shutdown_event(*qmp, reason, sizeof(reason));

	if (rc < 0) {
		qmp_close(*qmp);
		*qmp = NULL;
	}
	return rc == 1 && strstr(reason, "reset");
}

/* Watches QEMU until it ends: why, its exit status in *status. *secmon
 * becomes 0 once it was reaped here. */
static enum ending watch(struct power_loop *p, pid_t qemu, pid_t *secmon, int *status)
{
	struct qmp_conn *qmp = NULL;
	bool qmp_tried_out = false, reset = false, watchdog = false;
	char why[256];

	for (;;) {
		struct pollfd fd = { qmp ? qmp_fd(qmp) : -1, POLLIN, 0 };
		int secmon_status;

		if (stop_signal) {
			kill(qemu, SIGTERM);
			stop_signal = 0;
		}
		if (waitpid(qemu, status, WNOHANG) == qemu)
			break;
		if (*secmon && waitpid(*secmon, &secmon_status, WNOHANG) == *secmon) {
			*secmon = 0;
			if (WIFEXITED(secmon_status) && WEXITSTATUS(secmon_status) == SECMON_EXIT_WATCHDOG) {
				watchdog = true;
				kill(qemu, SIGKILL); /* the power cut */
			}
		}
		if (!qmp && !qmp_tried_out) {
			qmp = qmp_open(p->power_socket, QMP_ANSWER_MS, why, sizeof(why));
			qmp_tried_out = !qmp && errno != ENOENT && errno != ECONNREFUSED;
			if (qmp)
				signal_ready(p);
		}
		if (poll(&fd, 1, WATCH_POLL_MS) > 0 && qmp)
			reset |= guest_reset(&qmp);
	}
	if (qmp) {
		reset |= guest_reset(&qmp);
		qmp_close(qmp);
	}
	return watchdog ? WATCHDOG : reset ? REBOOTED : ENDED;
}

static void write_secmon_pid(const struct power_loop *p, pid_t secmon)
{
	FILE *f;

	if (!p->secmon_pid_file || !secmon)
		return;
	f = fopen(p->secmon_pid_file, "w");
	if (f) {
		fprintf(f, "%d\n", (int)secmon);
		fclose(f);
	}
}

int power_loop_run(struct power_loop *p)
{
	catch_stop_signals();
	for (bool first = true;; first = false) {
		struct secmon_verdict v;
		enum ending why;
		pid_t qemu, secmon;
		int status = 0;

		if (power_on(p->command, p->flash, p->state, p->mailbox, p->trial_timeout, &v) < 0)
			return -1;
		secmon = v.pid;
		if (stop_signal) { /* told to end while it powered on */
			if (secmon)
				secmon_end(secmon);
			return 0;
		}
		snprintf(p->bank0, p->bank0_len,
			 "if=pflash,unit=0,driver=raw,offset=%u,size=%u,readonly=on,file.driver=file,file.filename=%s",
			 v.slot == 'B' ? FLASH_SLOT_B_OFFSET : FLASH_BANK0_OFFSET, FLASH_BANK0_SIZE, p->flash);
		if (first && p->powered_on)
			p->powered_on(p->ctx);
		unlink(p->power_socket);
		qemu = start_qemu(p);
		if (qemu < 0) {
			int e = errno;

			if (secmon)
				secmon_end(secmon);
			return cli_fail(p->command, "fork: %s", strerror(e));
		}
		write_secmon_pid(p, secmon);
		why = watch(p, qemu, &secmon, &status);
		settle_secmon(p, secmon);
		if (p->secmon_pid_file)
			unlink(p->secmon_pid_file);
		unlink(p->power_socket);
		if (why == REBOOTED) {
			fprintf(stderr, "spherule: %s: the device rebooted: power-cycling the board\n", p->command);
			continue;
		}
		if (why == WATCHDOG) {
			fprintf(stderr, "spherule: %s: the trial boot of slot %c was not confirmed in time: "
				"power-cycling the board (watchdog)\n", p->command, v.slot);
			continue;
		}
		if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
			signal_ready(p);
			return 0;
		}
		return WIFEXITED(status) && WEXITSTATUS(status) == 127 ? -1
			: cli_fail(p->command, "%s ended with status %d", QEMU, status);
	}
}
