/* app_admit.h — the rules that admit a verified image next to the apps
 * already accepted, at boot (app_scan.c, in slot order) and when an image is
 * installed while the device runs (app_install.c): its component id is not
 * installed yet (unless it replaces that app), the board can honour what it
 * asks of it (no real-time app: Spherule boards have no real-time core; each
 * typed peripheral it names, a Uart, I2cMaster, I2cSlave, SpiMaster, Pwm, Adc
 * or ExternalInterrupt entry, is one board.conf's peripherals= offers), every
 * GPIO number it asks for is a line of the board, is not the power key's and
 * is not granted to another app (a line belongs to at most one app), and its
 * storage quota fits the board's storage budgets (storage_budget.h). */
#ifndef APPMGR_APP_ADMIT_H
#define APPMGR_APP_ADMIT_H

#include <stddef.h>

#include "app.h"
#include "board_conf.h"
#include "gpio_map.h"
#include "spherule/error_detail.h"

/* Checks candidate a against apps[0 .. count), skipping apps[skip] (the app
 * a replaces; count or more: none). 0, or with why set to the reason:
 * -EEXIST its component id is installed (*dup = that app's index),
 * -ENODEV a real-time app or a peripheral the board does not offer
 * ("adc: Capabilities.Adc: ADC-CONTROLLER-0: board qemu-armv7 has no such
 * peripheral (its peripherals: Uart:ISU0)"), -ENOENT a GPIO number that is
 * not a line of the board, -EPERM the power key's line, -EADDRINUSE a line
 * another app holds, -EDQUOT its storage quota. */
int app_admit(const struct app *apps, size_t count, size_t skip, const struct app *a,
	      const struct board_conf *board, const struct gpio_map *gpio, size_t *dup,
	      struct error_detail *why);

#endif
