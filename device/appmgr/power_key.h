/* power_key.h — the board's power key: a GPIO line (board.conf
 * power_key_gpio, a board-wide number of gpio.conf) that appmgr requests
 * through the GPIO character device as an input with rising-edge events,
 * so that a press wakes up its event loop. On qemu-armv7 it is line 3 of
 * the PL061, which QEMU pulses on the monitor command system_powerdown. */
#ifndef APPMGR_POWER_KEY_H
#define APPMGR_POWER_KEY_H

#include <stdint.h>

#include "gpio_map.h"

/* Requests GPIO number of m (its chip found on the device by
 * gpio_chips_find(), with its node in dev_dir) and logs where the power key
 * is or why there is none. Returns the line's non-blocking, close-on-exec
 * fd, or -errno (-ENOENT: not a line of the board; -ENODEV: its chip was
 * not found). */
int power_key_open(const char *dev_dir, const struct gpio_map *m, uint32_t number);

/* Reads the events queued on the line fd: the number of presses (rising
 * edges), 0 when none are queued, or -errno. */
int power_key_presses(int fd);

#endif
