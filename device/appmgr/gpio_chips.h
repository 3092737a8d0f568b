/* gpio_chips.h — the board's GPIO chips on the running device: finds the
 * character device of each chip of the board's GPIO map (gpio_map.h) by the
 * label the kernel reports for it, and opens up the nodes of the chips apps
 * are granted lines of. */
#ifndef APPMGR_GPIO_CHIPS_H
#define APPMGR_GPIO_CHIPS_H

#include "gpio_map.h"

/* Looks at every gpiochip* node of dev_dir ("/dev"): a chip whose label is
 * one of m's, with at least the lines m gives numbers to, becomes present
 * (its device number and node name are recorded). Logs one line per chip of
 * m: where it is, or why it is not there (no such label, too few lines, two
 * chips with that label). Returns the number of m's chips not present, or
 * -errno when dev_dir cannot be read. */
int gpio_chips_find(const char *dev_dir, struct gpio_map *m);

/* Makes the node of the present chip c readable and writable by every uid,
 * so that the Spherule LSM alone decides which app opens it (those its
 * policy grants a line of) and which lines each may use. 0 or -errno. */
int gpio_chips_open_up(const char *dev_dir, const struct gpio_map_chip *c);

/* Opens the node of the present chip c (close-on-exec): the fd or -errno. */
int gpio_chips_open(const char *dev_dir, const struct gpio_map_chip *c);

#endif
