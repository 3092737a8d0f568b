/* app_debug.h — debugging an app (docs/appmgr.md, "Debugging an app"), as
 * on Azure Sphere: a debug build (`image-package pack-application --debug`:
 * secmon's verification says MBOX_IMAGE_DEBUG_BUILD) on a device in
 * development mode (secmon grants the AppDevelopment capability) starts
 * stopped under gdbserver and waits for the debugger on the board's
 * gdbserver port: port APP_DEBUG_PORT_NR of the virtio-serial device, which
 * devtmpfs names vport<D>p2 (the board fixes the number, as for the
 * mailbox's port 1; secmon_port.h) and `spherule emulator start --gdb-port PORT` connects to the
 * host's 127.0.0.1:PORT. One port, so one app: the first debug build in
 * slot order. Its process stops itself (SIGSTOP) right before its execve,
 * confined and with its identity; appmgr then starts APP_DEBUG_SERVER
 * --attach PID /dev/vport<D>p2 as root, without an app identity
 * and outside the app's cgroup (the Spherule LSM lets no app trace
 * anything), which lets it reach its entry point and serves GDB there.
 * Every start of the app, a restart too, gets a gdbserver of its own. */
#ifndef APPMGR_APP_DEBUG_H
#define APPMGR_APP_DEBUG_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "app.h"
#include "secmon_mailbox.h"

#define APP_DEBUG_PORT_NR 2u
#define APP_DEBUG_SERVER "/sbin/gdbserver"

/* Whether secmon, through the open mailbox mb, says the device is in
 * development mode; logs the answer (off when it cannot be asked). */
bool app_debug_development_mode(struct secmon_mailbox *mb);

/* Sets debugged on the app of apps[0 .. count) to debug, if any, and logs
 * for every other debug build why it is not debugged: development mode
 * off, no gdbserver port under dev_dir, no gdbserver, or the port taken by
 * an app before it. */
void app_debug_choose(struct app *apps, size_t count, bool development, const char *dev_dir);

/* Once the debugged app a's process is forked (it stops itself before its
 * execve): starts gdbserver for it and logs that the app waits for the
 * debugger. When gdbserver cannot be started, the app is continued
 * (SIGCONT) and runs without the debugger. */
void app_debug_attach(struct app *a);

/* For a reaped child: true when pid was the gdbserver of one of apps[0 ..
 * count). One that failed (status st not 0) is logged, and its app, if it
 * never took it over, continued without the debugger. */
bool app_debug_reaped(struct app *apps, size_t count, pid_t pid, int st);

#endif
