/* blink_raw.c — the SDK example blink (examples/blink) written without the
 * SDK, with raw system calls, as the baseline of bench/sdk.sh: the same
 * behaviour (the LED on board GPIO 8 blinks every 125 ms, the button on
 * board GPIO 12, polled every 10 ms, moves to the next interval of 125,
 * 250 and 500 ms when it reads Low) through epoll, timerfd and the GPIO
 * character device's v2 uAPI. Without applibs it cannot ask appmgr where
 * board numbers live, so it knows qemu-armv7's layout: GPIO 8..80 are lines
 * 0..72 of the gpio-sim chip labelled "sim0". */
#include <errno.h>
#include <fcntl.h>
#include <linux/gpio.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/timerfd.h>
#include <unistd.h>

#define SIM_CHIP_LABEL "sim0"
#define SIM_FIRST_GPIO 8
#define LED_GPIO 8
#define BUTTON_GPIO 12

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

/* The first /dev/gpiochipN this app may open whose label is SIM_CHIP_LABEL. */
static int open_sim_chip(void)
{
	for (int n = 0; n < 16; n++) {
		struct gpiochip_info info;
		char path[32];
		int fd;

		snprintf(path, sizeof(path), "/dev/gpiochip%d", n);
		fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			continue;
		if (ioctl(fd, GPIO_GET_CHIPINFO_IOCTL, &info) == 0 && strcmp(info.label, SIM_CHIP_LABEL) == 0)
			return fd;
		close(fd);
	}
	return -1;
}

/* A line request of board GPIO number on chip: its fd, or -1. */
static int request_line(int chip, int number, uint64_t flags, int value)
{
	struct gpio_v2_line_request req;

	memset(&req, 0, sizeof(req));
	req.offsets[0] = (uint32_t)(number - SIM_FIRST_GPIO);
	req.num_lines = 1;
	req.config.flags = flags;
	if (flags & GPIO_V2_LINE_FLAG_OUTPUT) {
		req.config.num_attrs = 1;
		req.config.attrs[0].attr.id = GPIO_V2_LINE_ATTR_ID_OUTPUT_VALUES;
		req.config.attrs[0].attr.values = (uint64_t)value;
		req.config.attrs[0].mask = 1;
	}
	snprintf(req.consumer, sizeof(req.consumer), "blink_raw");
	return ioctl(chip, GPIO_V2_GET_LINE_IOCTL, &req) == 0 ? req.fd : -1;
}

static int arm(int timer, long ms)
{
	struct itimerspec spec = { .it_interval = { 0, ms * 1000000 }, .it_value = { 0, ms * 1000000 } };

	return timerfd_settime(timer, 0, &spec, NULL);
}

int main(void)
{
	static const long intervals_ms[] = { 125, 250, 500 };
	struct gpio_v2_line_values led = { .mask = 1, .bits = 1 }, button = { .mask = 1 };
	struct sigaction action = { .sa_handler = on_term };
	int chip, led_fd, button_fd, blink, poll_timer, ep, interval = 0;
	uint64_t last_button = 1;

	sigaction(SIGTERM, &action, NULL);
	chip = open_sim_chip();
	led_fd = chip < 0 ? -1 : request_line(chip, LED_GPIO, GPIO_V2_LINE_FLAG_OUTPUT, 1);
	button_fd = chip < 0 ? -1 : request_line(chip, BUTTON_GPIO, GPIO_V2_LINE_FLAG_INPUT, 0);
	blink = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	poll_timer = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	ep = epoll_create1(EPOLL_CLOEXEC);
	if (led_fd < 0 || button_fd < 0 || blink < 0 || poll_timer < 0 || ep < 0 ||
	    arm(blink, intervals_ms[0]) != 0 || arm(poll_timer, 10) != 0 ||
	    epoll_ctl(ep, EPOLL_CTL_ADD, blink, &(struct epoll_event){ .events = EPOLLIN, .data.fd = blink }) != 0 ||
	    epoll_ctl(ep, EPOLL_CTL_ADD, poll_timer,
		      &(struct epoll_event){ .events = EPOLLIN, .data.fd = poll_timer }) != 0) {
		printf("blink_raw: setup failed: %s\n", strerror(errno));
		return 1;
	}
	printf("blink_raw: starting\n");
	fflush(stdout);
	while (!stop) {
		struct epoll_event ev;
		uint64_t expirations;

		if (epoll_wait(ep, &ev, 1, -1) != 1)
			continue;
		if (read(ev.data.fd, &expirations, sizeof(expirations)) != (ssize_t)sizeof(expirations))
			continue;
		if (ev.data.fd == blink) {
			led.bits ^= 1;
			ioctl(led_fd, GPIO_V2_LINE_SET_VALUES_IOCTL, &led);
			continue;
		}
		if (ioctl(button_fd, GPIO_V2_LINE_GET_VALUES_IOCTL, &button) != 0)
			continue;
		if ((button.bits & 1) != last_button && (button.bits & 1) == 0) {
			interval = (interval + 1) % 3;
			arm(blink, intervals_ms[interval]);
			printf("blink_raw: interval %ld ms\n", intervals_ms[interval]);
			fflush(stdout);
		}
		last_button = button.bits & 1;
	}
	return 0;
}
