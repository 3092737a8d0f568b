/*
 * emulator_state.h - the state directory of the emulator, where a detached
 * emulator keeps its pid file (and its console log, QMP socket, secmon's
 * socket and log), and where `emulator start` records the host's ends of
 * the board's TCP ports, one line `127.0.0.1:PORT` each: the service link
 * for the `device` verbs (STATE/service-link), the apps' UART ISU0
 * (STATE/uart-isu0). Shared by `emulator` and `device` so that both find
 * the same directory.
 */
#ifndef SPHERULE_EMULATOR_STATE_H
#define SPHERULE_EMULATOR_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define QEMU "qemu-system-arm"

/* The default state directory: $SPHERULE_STATE_DIR, else
 * $XDG_RUNTIME_DIR/spherule, else ~/.cache/spherule/emulator. */
void emulator_default_state_dir(char *out, size_t len);

/* True when pid is a live QEMU process (not a zombie, whose cmdline is empty). */
bool emulator_is_qemu(pid_t pid);

/* Pid of the detached emulator running with state directory state_dir (its
 * pid file STATE/qemu.pid names a live QEMU), or 0. While its power loop
 * (STATE/power.pid) power-cycles the board, waits for the next QEMU (up to
 * EMULATOR_CYCLE_WAIT_S seconds). */
#define EMULATOR_CYCLE_WAIT_S 60
pid_t emulator_running_pid(const char *state_dir);

/* Pid of the power loop of a detached emulator (STATE/power.pid names a
 * live one), or 0. */
pid_t emulator_power_loop_pid(const char *state_dir);

/* The records of the host's ends (STATE/<record>). */
#define EMULATOR_SERVICE_LINK "service-link"
#define EMULATOR_UART_ISU0 "uart-isu0"

/* STATE/<record>. */
void emulator_record_path(const char *state_dir, const char *record, char *out, size_t len);

/* Records 127.0.0.1:port in STATE/<record> (atomically): 0 or -errno. */
int emulator_record_write(const char *state_dir, const char *record, uint16_t port);

/* The address STATE/<record> records (HOST:PORT, its one line without the
 * newline) into out: 0, -ENOENT when there is none, -EINVAL when it is not
 * one line of at most len - 1 bytes, or -errno. */
int emulator_record_read(const char *state_dir, const char *record, char *out, size_t len);

/* Removes STATE/<record> (nothing when there is none). */
void emulator_record_remove(const char *state_dir, const char *record);

/* Checks that TCP port want of 127.0.0.1 is free now by binding it, or with
 * want 0 has the kernel choose one: the port, or -errno (-EADDRINUSE). */
int emulator_free_port(uint16_t want);

#endif
