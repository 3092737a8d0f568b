/* gpio_map.h — the board-wide GPIO numbering. A manifest names GPIO lines by
 * number (pkg/hwdef/<board>.json resolves names at pack time); the board
 * file /etc/spherule/gpio.conf says which line of which chip each number is:
 *
 *   # first count label
 *   0 8 9030000.pl061
 *   8 16 sim0
 *
 * numbers first .. first + count - 1 are lines 0 .. count - 1 of the GPIO
 * chip with that label (the label the kernel reports for the chip). Chips
 * are named by label because their /dev/gpiochipN numbers depend on probe
 * order. This file is pure; gpio_chips.c finds the chips on the device. */
#ifndef APPMGR_GPIO_MAP_H
#define APPMGR_GPIO_MAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spherule/error_detail.h"
#include "spherule/manifest.h"

#define GPIO_MAP_NUMBERS (MANIFEST_MAX_GPIO_LINE + 1u) /* numbers 0 .. 1023 */
#define GPIO_MAP_MAX_CHIPS 8u
#define GPIO_MAP_LABEL_MAX 32u    /* with its NUL: the kernel's GPIO_MAX_NAME_SIZE */
#define GPIO_MAP_NODE_MAX 24u

/* One GPIO line an app is granted, as the LSM policy names it: the device
 * number of its chip's character device and its offset on that chip. */
struct app_gpio_grant {
	uint32_t chip_major, chip_minor, line;
};

struct gpio_map_chip {
	char label[GPIO_MAP_LABEL_MAX];
	uint32_t first;                 /* board-wide number of its line 0 */
	uint32_t count;                 /* lines of it that have numbers */
	/* set by gpio_chips_find() on the device */
	bool present;
	uint32_t major, minor;          /* its character device */
	char node[GPIO_MAP_NODE_MAX];   /* "gpiochipN" */
};

struct gpio_map {
	struct gpio_map_chip chip[GPIO_MAP_MAX_CHIPS];
	unsigned count;
};

/* Adds every valid line of text to m (which the caller zeroed or filled
 * before). Returns the number of lines refused (not three fields, a number
 * out of range, a label too long, numbers or a label already mapped, too
 * many chips); why receives the reason for the first of them. */
int gpio_map_parse(const char *text, size_t len, struct gpio_map *m, struct error_detail *why);

/* Reads path into m (zeroed first): refused lines as above, or -errno when
 * the file cannot be read (-ENOENT when it does not exist: no numbers). */
int gpio_map_load(const char *path, struct gpio_map *m, struct error_detail *why);

/* The chip that board-wide number is a line of, with the line's offset in
 * *line, or NULL when the board has no such number. */
const struct gpio_map_chip *gpio_map_find(const struct gpio_map *m, uint32_t number,
					  uint32_t *line);

/* True when gpio asks for a line of chip c. */
bool gpio_map_chip_asked(const struct gpio_map_chip *c, const struct manifest_gpios *gpio);

/* Resolves the numbers of gpio into out[0 .. gpio->count). 0; -ENOENT when
 * a number is not a line of the board, -ENODEV when its chip was not found
 * on the device, with the number in *number. */
int gpio_map_grants(const struct gpio_map *m, const struct manifest_gpios *gpio,
		    struct app_gpio_grant out[MANIFEST_MAX_GPIOS], uint32_t *number);

#endif
