/* app_confirm.h — anti-rollback after an update: an app whose image has a
 * higher security version than its component's counter in secmon is
 * confirmed once it has started successfully — its main process ran for
 * APP_CONFIRM_MS, or ended with status 0 before that, not during a
 * shutdown — and only then does appmgr ask secmon to advance the counter to
 * that version (a power cut or a crash before that leaves the counter where
 * it was, so the previous version could still be installed again). From
 * then on secmon refuses every image of the component below it
 * (docs/secmon.md). An image signed by a development key is never
 * confirmed (secmon would refuse it as proof), nor an app started under the
 * debugger (app_debug.h), which may sit stopped. */
#ifndef APPMGR_APP_CONFIRM_H
#define APPMGR_APP_CONFIRM_H

#include <stdbool.h>
#include <stdint.h>

#include "app.h"

#define APP_CONFIRM_MS 10000u
/* After a failure to reach secmon (the port busy, no answer). */
#define APP_CONFIRM_RETRY_MS 60000u

/* When a running app a is due for confirmation (0: never, nothing to confirm). */
uint64_t app_confirm_at(const struct app *a);

/* Advances a's counter through the board's mailbox and logs the outcome.
 * When secmon cannot be reached it is tried again APP_CONFIRM_RETRY_MS
 * after now_ms; when secmon refuses, not before the next boot. */
void app_confirm(struct app *a, uint64_t now_ms);

#endif
