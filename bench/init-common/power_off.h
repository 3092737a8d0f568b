/* power_off.h — how a bench init (PID 1) ends its boot: QEMU runs with
 * -no-reboot, so the board powering off ends the emulator, and the host
 * script reads the console. */
#ifndef BENCH_POWER_OFF_H
#define BENCH_POWER_OFF_H

/* Flushes stdout to the console, syncs the filesystems and powers the board
 * off; never returns (PID 1 must not exit). */
_Noreturn void power_off(void);

#endif
