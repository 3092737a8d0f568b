/* gpio_sim_ctl.h — the host's buttons and LEDs on a simulation board:
 * devctl's GPIO_GET and GPIO_SET (spherule/appmgr_ctl.h) on the board-wide
 * GPIO numbers of gpio.conf (gpio_map.h) whose chip is a simulated bank
 * (gpio-sim), through the kernel's control device /dev/gpio-sim
 * (linux/gpio_sim_ctl.h, root's only). Development mode only: secmon is
 * asked at every request. */
#ifndef APPMGR_GPIO_SIM_CTL_H
#define APPMGR_GPIO_SIM_CTL_H

#include <stdbool.h>
#include <stdint.h>

#include "board_conf.h"
#include "gpio_map.h"
#include "spherule/appmgr_ctl.h"
#include "spherule/error_detail.h"
#include "supervisor.h"

/* Reads GPIO number (GPIO_GET, set false) or first drives it (GPIO_SET,
 * set true: value 1 pulls the simulated input up, 0 down), and fills *out
 * with the line's state. 0, or -errno with why: -EPERM when the device is
 * not in development mode (or secmon cannot say), -ENODEV for a number the
 * board does not have (or whose chip was not found), -EOPNOTSUPP for a line
 * that is not simulated, -EBUSY to drive a line an app drives as an output,
 * another -errno when the control device fails. */
int gpio_sim_ctl_line(const struct supervisor *s, uint64_t number, bool set, bool value,
		      struct appmgr_ctl_gpio *out, struct error_detail *why);

/* At boot: pulls up each simulated line of lines (board.conf's
 * gpio_idle_high), so that it reads High until the host pulls it down, as
 * the RDB's buttons; logs what it did and each line it could not. No
 * development mode needed: this is the board's wiring, not the host's
 * hand. */
void gpio_sim_ctl_idle_high(const struct gpio_map *map, const struct board_idle_high *lines);

#endif
