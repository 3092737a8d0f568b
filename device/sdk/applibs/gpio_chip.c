/* gpio_chip.c — finds a GPIO chip by its label among /dev/gpiochip0 ..
 * 31 (their numbers follow probe order). The Spherule LSM lets an app open
 * only the chips of which it is granted a line, and refuses the others
 * with EACCES (as their root-only modes do without it): those are skipped,
 * and remembered, since the chip sought may be one of them. An app may not
 * list /dev, so the nodes are tried by name. */
#include "gpio_chip.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/gpio.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define GPIO_CHIP_NODES 32u

/* Whether the open chip fd is labelled label. */
static bool chip_labelled(int fd, const char *label)
{
	struct gpiochip_info info;

	memset(&info, 0, sizeof(info));
	if (ioctl(fd, GPIO_GET_CHIPINFO_IOCTL, &info) != 0)
		return false;
	info.label[sizeof(info.label) - 1] = '\0';
	return strcmp(info.label, label) == 0;
}

int gpio_chip_open(const char *label)
{
	bool refused = false;

	for (unsigned n = 0; n < GPIO_CHIP_NODES; n++) {
		char path[32];
		int fd;

		snprintf(path, sizeof(path), "/dev/gpiochip%u", n);
		fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd < 0) {
			refused = refused || errno == EACCES || errno == EPERM;
			continue;
		}
		if (chip_labelled(fd, label))
			return fd;
		close(fd);
	}
	return refused ? -EACCES : -ENODEV;
}
