/* gpio_chip.h — finding a GPIO chip's character device by its label. */
#ifndef APPLIBS_GPIO_CHIP_H
#define APPLIBS_GPIO_CHIP_H

/* Opens the /dev/gpiochipN labelled label: its descriptor (close-on-exec),
 * or -EACCES when it is not found but a chip the app may not open could be
 * it, -ENODEV when no chip has that label. */
int gpio_chip_open(const char *label);

#endif
