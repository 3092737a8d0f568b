/* power_key.c — the power key's GPIO line (see power_key.h). */
#include "power_key.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/gpio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "gpio_chips.h"
#include "log.h"

#define EVENTS_PER_READ 4u

static const char consumer[] = "appmgr power key";

/* Requests line of the present chip c: its fd, or -errno. */
static int request_line(const char *dev_dir, const struct gpio_map_chip *c, uint32_t line)
{
	struct gpio_v2_line_request req;
	int chip = gpio_chips_open(dev_dir, c);
	int err = 0;

	if (chip < 0)
		return chip;
	memset(&req, 0, sizeof(req));
	req.offsets[0] = line;
	req.num_lines = 1;
	req.config.flags = GPIO_V2_LINE_FLAG_INPUT | GPIO_V2_LINE_FLAG_EDGE_RISING;
	memcpy(req.consumer, consumer, sizeof(consumer));
	if (ioctl(chip, GPIO_V2_GET_LINE_IOCTL, &req) != 0)
		err = -errno;
	close(chip);
	if (err != 0)
		return err;
	/* The kernel makes the line's fd close-on-exec. */
	if (fcntl(req.fd, F_SETFL, O_NONBLOCK) != 0) {
		err = -errno;
		close(req.fd);
		return err;
	}
	return req.fd;
}

int power_key_open(const char *dev_dir, const struct gpio_map *m, uint32_t number)
{
	uint32_t line;
	const struct gpio_map_chip *c = gpio_map_find(m, number, &line);
	int fd;

	if (!c) {
		log_line("power key: GPIO %u is not a line of this board: no power key", number);
		return -ENOENT;
	}
	if (!c->present) {
		log_line("power key: GPIO %u (line %u of %s): chip not found: no power key", number,
			 line, c->label);
		return -ENODEV;
	}
	fd = request_line(dev_dir, c, line);
	if (fd < 0)
		log_line("power key: GPIO %u (line %u of %s): cannot request it: %s: no power key",
			 number, line, c->label, strerror(-fd));
	else
		log_line("power key: GPIO %u (line %u of %s)", number, line, c->label);
	return fd;
}

int power_key_presses(int fd)
{
	struct gpio_v2_line_event ev[EVENTS_PER_READ];
	ssize_t n = read(fd, ev, sizeof(ev));
	int presses = 0;

	if (n < 0)
		return errno == EAGAIN || errno == EINTR ? 0 : -errno;
	for (size_t i = 0; i < (size_t)n / sizeof(ev[0]); i++)
		presses += ev[i].id == GPIO_V2_LINE_EVENT_RISING_EDGE;
	return presses;
}
