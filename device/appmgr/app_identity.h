/* app_identity.h — the identity an app's processes run with. */
#ifndef APPMGR_APP_IDENTITY_H
#define APPMGR_APP_IDENTITY_H

#include "app.h"

/* Gives the calling process (a child of appmgr, still privileged) the
 * identity of app a. Returns 0, or -errno with *step naming what failed.
 *
 * LSM HOOK: this is the one place where the Spherule LSM identity of the
 * app (its component id) is to be set, first thing in this function while
 * the process still holds its privileges; it is then inherited by every
 * process the app starts and cannot be changed. Today the identity is the
 * app's own uid and gid (APP_ID_BASE + slot) with no supplementary groups.
 * The helper that ends an app's processes (app_kill_all) takes the same
 * identity, so that it signals as the app and reaches only the app. */
int app_identity_assume(const struct app *a, const char **step);

#endif
