/* gdb_signals.h — signal numbers in the RSP: GDB numbers signals its own
 * way (gdb/signals.def: SIGBUS is 10, SIGUSR1 30, SIGSTOP 17, ...), not as
 * Linux on ARM does; stop replies and 'C' packets carry GDB's numbers. */
#ifndef GDBSERVER_GDB_SIGNALS_H
#define GDBSERVER_GDB_SIGNALS_H

/* GDB's "unknown signal" (GDB_SIGNAL_UNKNOWN). */
#define GDB_SIGNAL_UNKNOWN 143

/* GDB's number for Linux signal sig (GDB_SIGNAL_UNKNOWN for one it has
 * none for, such as SIGSTKFLT or a real-time signal). */
int gdb_signal_from_linux(int sig);

/* The Linux signal for GDB's number gsig, 0 for GDB's 0 (no signal), or -1
 * when Linux has none. */
int gdb_signal_to_linux(int gsig);

#endif
