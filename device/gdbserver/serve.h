/* serve.h — gdbserver's loop: the RSP on the port (a byte stream: the
 * board's virtio-serial port, no tty), the traced program's stops through
 * SIGCHLD on a signalfd. Until the debugger connects the program waits
 * stopped at its exec; a virtio-serial port with nothing connected on the
 * host reads as end of file, so the loop looks again every 250 ms until
 * bytes come. It ends when the program ends (its exit or killing reported
 * to a connected debugger), on 'k' (the program killed), on 'D' or when the
 * debugger goes away after it was connected (breakpoints taken out, the
 * program let go to run on untraced). */
#ifndef GDBSERVER_SERVE_H
#define GDBSERVER_SERVE_H

#include "tracee.h"

/* Serves the debugger on port_fd (non-blocking) for the program t, stopped
 * at its exec; signal_fd is a non-blocking signalfd for SIGCHLD. Returns
 * gdbserver's exit status: 0 when the session ended as above, 1 on an
 * error of the port or of ptrace (the program is then killed). */
int serve(int port_fd, int signal_fd, struct tracee *t);

#endif
