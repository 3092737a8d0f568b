/* gpio_line.h — requesting the line of a board-wide GPIO number through
 * the GPIO character device (v2 API). */
#ifndef APPLIBS_GPIO_LINE_H
#define APPLIBS_GPIO_LINE_H

#include <linux/gpio.h>

#include <applibs/gpio.h>

/* Requests the line of gpio_id with config: the line's descriptor, or a
 * negative errno value: -ENODEV (no such line on the board), -EACCES (not
 * granted to the app), -EBUSY (already requested), or another. */
int gpio_line_request(GPIO_Id gpio_id, const struct gpio_v2_line_config *config);

/* The errno an applibs GPIO function reports for err, the errno of an
 * ioctl or read on a descriptor: a descriptor that is no GPIO line's
 * (ENOTTY, EINVAL) is EBADF. */
int gpio_fd_error(int err);

#endif
