/* gpio_echo.c — the app of tests/e2e/test_board_gpio.sh: a simulated button
 * lights a simulated LED. It holds board-wide GPIO 12 (the MT3620 reference
 * board's button A: line 4 of the gpio-sim bank sim0) as an input with edge
 * events on both edges and GPIO 9 (an LED: sim0 line 1) as an output, and
 * on every edge of the button copies its level to the LED, printing
 *   gpio_echo: GPIO 12 rising edge, level 1, GPIO 9 set to 1
 * The host presses the button with `spherule device gpio set` and reads the
 * LED with `spherule device gpio get`. It finds sim0 by label among the
 * /dev/gpiochipN it may open (their numbers depend on probe order). */
#include <errno.h>
#include <fcntl.h>
#include <linux/gpio.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define SIM0_LABEL "sim0"
#define MAX_CHIPS 16
#define BUTTON_GPIO 12u
#define LED_GPIO 9u
#define SIM0_FIRST 8u /* the board-wide number of sim0's line 0 (gpio.conf) */

/* The chip labelled sim0: its descriptor, or -1. */
static int open_sim0(void)
{
	for (int i = 0; i < MAX_CHIPS; i++) {
		struct gpiochip_info info;
		char path[32];
		int fd;

		snprintf(path, sizeof(path), "/dev/gpiochip%d", i);
		fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			continue;
		memset(&info, 0, sizeof(info));
		if (ioctl(fd, GPIO_GET_CHIPINFO_IOCTL, &info) == 0 && strcmp(info.label, SIM0_LABEL) == 0)
			return fd;
		close(fd);
	}
	return -1;
}

/* Requests board-wide GPIO number on chip with flags: the line's descriptor, or -1. */
static int request_line(int chip, unsigned number, uint64_t flags)
{
	struct gpio_v2_line_request req;

	memset(&req, 0, sizeof(req));
	req.offsets[0] = number - SIM0_FIRST;
	req.num_lines = 1;
	req.config.flags = flags;
	snprintf(req.consumer, sizeof(req.consumer), "gpio_echo");
	if (ioctl(chip, GPIO_V2_GET_LINE_IOCTL, &req) != 0) {
		printf("gpio_echo: cannot request GPIO %u: %s\n", number, strerror(errno));
		return -1;
	}
	return req.fd;
}

int main(void)
{
	struct gpio_v2_line_event e;
	int chip = open_sim0(), button, led;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (chip < 0) {
		printf("gpio_echo: no GPIO chip labelled %s\n", SIM0_LABEL);
		return 1;
	}
	button = request_line(chip, BUTTON_GPIO,
			      GPIO_V2_LINE_FLAG_INPUT | GPIO_V2_LINE_FLAG_EDGE_RISING | GPIO_V2_LINE_FLAG_EDGE_FALLING);
	led = request_line(chip, LED_GPIO, GPIO_V2_LINE_FLAG_OUTPUT);
	if (button < 0 || led < 0)
		return 1;
	printf("gpio_echo: ready: GPIO %u in (edges), GPIO %u out\n", BUTTON_GPIO, LED_GPIO);
	while (read(button, &e, sizeof(e)) == (ssize_t)sizeof(e)) {
		struct gpio_v2_line_values v = { .mask = 1 };

		if (ioctl(button, GPIO_V2_LINE_GET_VALUES_IOCTL, &v) != 0)
			break;
		v.bits &= 1;
		if (ioctl(led, GPIO_V2_LINE_SET_VALUES_IOCTL, &v) != 0)
			break;
		printf("gpio_echo: GPIO %u %s edge, level %u, GPIO %u set to %u\n", BUTTON_GPIO,
		       e.id == GPIO_V2_LINE_EVENT_RISING_EDGE ? "rising" : "falling", (unsigned)v.bits, LED_GPIO,
		       (unsigned)v.bits);
	}
	printf("gpio_echo: %s\n", strerror(errno));
	return 1;
}
