/* app_sandbox.h — the child side of an app launch: everything between fork
 * and exec that confines the app. */
#ifndef APPMGR_APP_SANDBOX_H
#define APPMGR_APP_SANDBOX_H

#include "app.h"
#include "app_limits.h"
#include "gpio_map.h"

/* In the forked child: new session; stdin /dev/null, stdout and stderr to
 * out_fd, its app service socket on fd 5 (app_service.h), every other fd
 * closed (devctl keeps 3 and 4: devctl_link.h); into the app's memory cgroup
 * (app_cgroup_join); default signals; rlimits; working
 * directory at the image; capability bounding set emptied; the app's
 * identity (app_identity_assume); all capability sets empty and
 * no_new_privs; its LSM policy (its GPIO lines through the board's map gpio)
 * and LSM identity; a debugged app (app_debug.h) then stops itself
 * (SIGSTOP) until gdbserver lets it go on; then execve() of the entry point
 * with CmdArgs and an environment of SPHERULE_APP_SERVICE=5,
 * SPHERULE_STORAGE_DIR when its storage
 * directory is set up (app_storage.h) and SPHERULE_SECMON_MAILBOX when it is
 * granted SecurityMonitor and the board has the port (secmon_port.h), and
 * devctl's two. On any failure it writes "appmgr: <step> failed: <reason>"
 * to the app's log and exits with status 127. Never returns. */
__attribute__((noreturn))
void app_sandbox_exec(const struct app *a, const struct app_limit limits[APP_LIMIT_COUNT],
		      const struct gpio_map *gpio, int out_fd);

#endif
