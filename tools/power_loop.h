/*
 * power_loop.h - the board's power in `spherule emulator start`: power-on
 * (secmon selects and checks the OS slot, power_on.h), QEMU with that slot
 * as bank 0, and again after every power cycle: a reboot of the device
 * (QEMU runs with -no-reboot and reports the guest's reset on a QMP
 * monitor the loop holds) and the board's watchdog (secmon ends at the
 * deadline of a trial boot never confirmed; the loop then cuts QEMU's
 * power) power-cycle the board, so secmon's selection runs again. Anything
 * else that ends QEMU (the device powering off, Ctrl-A X, `emulator stop`,
 * a signal to the loop) ends the loop. docs/cli.md, *emulator start*.
 */
#ifndef SPHERULE_POWER_LOOP_H
#define SPHERULE_POWER_LOOP_H

#include <stddef.h>

struct power_loop {
	const char *command;        /* "emulator start", for messages */
	const char *flash;
	const char *state;          /* the state directory */
	const char *mailbox;        /* secmon's socket, or NULL for none */
	unsigned trial_timeout;     /* seconds a trial boot has to confirm (0: secmon's default) */
	const char **qemu_args;     /* QEMU's argv, NULL-ended; one of them is bank0 */
	char *bank0;                /* the -drive value of bank 0, rewritten for each slot selected */
	size_t bank0_len;
	const char *power_socket;   /* the QMP monitor QEMU serves for the loop (STATE/power.sock) */
	int log_fd;                 /* detached: QEMU's stdout and stderr (STATE/emulator.log); -1: the loop's */
	int ready_fd;               /* detached: a byte written once the first QEMU runs, then closed; -1: none */
	const char *secmon_pid_file; /* detached: STATE/secmon.pid for each power-on's secmon; NULL: none */
	void (*powered_on)(void *ctx); /* called once, after the first power-on, before its QEMU; or NULL */
	void *ctx;
};

/* Runs the board until it is off: 0 when its last QEMU ended with status 0,
 * -1 after cli_fail() (a power-on refused, QEMU failed to start or ended
 * with an error). */
int power_loop_run(struct power_loop *p);

#endif
