/* app_identity.h — the identity an app's processes run with. */
#ifndef APPMGR_APP_IDENTITY_H
#define APPMGR_APP_IDENTITY_H

#include "app.h"
#include "gpio_map.h"

/* Gives the calling process (a child of appmgr, still privileged) the uid
 * and gid of app a (APP_ID_BASE + slot) with no supplementary groups.
 * Returns 0, or -errno with *step naming what failed. */
int app_identity_assume(const struct app *a, const char **step);

/* Gives the calling process the Spherule LSM identity of app a, its
 * component id, by writing it to SPHERULE_FS_IDENTITY (docs/security-model.md).
 * The kernel accepts it once, from a single-threaded child of appmgr whose
 * working directory is the app's image mount (which becomes the only place
 * the app may execute from); it is then inherited by every process the app
 * starts and never changes. Call it last before execve: once it is set the
 * process may no longer change its ids or use any capability.
 * A kernel built without the Spherule LSM (the `nolsm` bench baseline) has
 * no such file: when /sys/kernel/security/lsm does not list "spherule",
 * nothing is set and 0 is returned; when it does (or securityfs is not
 * mounted) the missing file is an error. 0 or -errno. */
int app_identity_set(const struct app *a);

/* Whether the kernel reads the policies appmgr writes (format
 * SPHERULE_POLICY_VERSION), from SPHERULE_FS_VERSION: 1 when it does, 0
 * when the kernel has no Spherule LSM (apps then run without identity),
 * -EPROTONOSUPPORT when it reads other formats only, -ENOENT when it has
 * the LSM but its files are missing (securityfs not mounted), -errno. */
int app_identity_kernel_check(void);

/* Loads the Spherule LSM policy of app a, the GPIO lines its manifest
 * grants as chip lines of the board's GPIO map gpio (app_policy.h), into
 * the calling process, a child of appmgr that has no identity yet: call it
 * just before app_identity_set, which seals it. With no Spherule LSM in the
 * kernel nothing is loaded and 0 is returned, as for the identity. 0 or
 * -errno (-ENOENT, -ENODEV: a line the board or the device lacks, see
 * gpio_map_grants). */
int app_policy_set(const struct app *a, const struct gpio_map *gpio);

#endif
