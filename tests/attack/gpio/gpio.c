/* gpio.c — the GPIO cases of the attack suite (docs/security-model.md): an
 * app whose manifest grants line 0 of gpiochip0 ($SAMPLE_LED) drives that
 * line through the standard character device, and is refused every other
 * line (v1 and v2 requests, line info and watches) and any change of its
 * policy. Prints, like the hostile app:
 *   gpio: ok N - <case> (got <errno name>)
 *   gpio: not ok N - <case> (expected <name>, got <name>)
 * then "gpio: done P passed, F failed", and stays idle (it holds no line)
 * so that appmgr does not run it again. */
#include <errno.h>
#include <fcntl.h>
#include <linux/gpio.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "hostile/attack.h"

#define CHIP_NODE "/dev/gpiochip0"
#define POLICY_FILE "/sys/kernel/security/spherule/policy"
#define GRANTED_LINE 0u
#define OTHER_LINE 1u

struct gpio_case {
	const char *name;
	int expected;          /* 0 or -errno */
	int (*run)(int chip_fd);
};

/* A v2 request of the given lines as outputs, set low; the line fd or -errno. */
static int request_v2(int chip_fd, const uint32_t *lines, unsigned count)
{
	struct gpio_v2_line_request req;

	memset(&req, 0, sizeof(req));
	for (unsigned i = 0; i < count; i++)
		req.offsets[i] = lines[i];
	req.num_lines = count;
	req.config.flags = GPIO_V2_LINE_FLAG_OUTPUT;
	snprintf(req.consumer, sizeof(req.consumer), "attack-gpio");
	if (ioctl(chip_fd, GPIO_V2_GET_LINE_IOCTL, &req) != 0)
		return -errno;
	return req.fd;
}

/* Sets the one line of line_fd to value and reads it back. */
static int set_and_check(int line_fd, unsigned value)
{
	struct gpio_v2_line_values v = { .bits = value, .mask = 1 };

	if (ioctl(line_fd, GPIO_V2_LINE_SET_VALUES_IOCTL, &v) != 0)
		return -errno;
	v.bits = value ? 0 : 1;
	v.mask = 1;
	if (ioctl(line_fd, GPIO_V2_LINE_GET_VALUES_IOCTL, &v) != 0)
		return -errno;
	return (v.bits & 1) == value ? 0 : -EIO;
}

static int toggle_granted_line(int chip_fd)
{
	uint32_t line = GRANTED_LINE;
	int fd = request_v2(chip_fd, &line, 1);
	int err;

	if (fd < 0)
		return fd;
	err = set_and_check(fd, 1);
	if (err == 0)
		err = set_and_check(fd, 0);
	close(fd);
	return err;
}

static int info_granted_line(int chip_fd)
{
	struct gpio_v2_line_info info;

	memset(&info, 0, sizeof(info));
	info.offset = GRANTED_LINE;
	if (ioctl(chip_fd, GPIO_V2_GET_LINEINFO_IOCTL, &info) != 0)
		return -errno;
	return info.offset == GRANTED_LINE ? 0 : -EIO;
}

static int request_other_v2(int chip_fd)
{
	uint32_t line = OTHER_LINE;
	int fd = request_v2(chip_fd, &line, 1);

	if (fd < 0)
		return fd;
	close(fd);
	return 0;
}

/* The granted line and another in one request: all or nothing. */
static int request_both_v2(int chip_fd)
{
	uint32_t lines[2] = { GRANTED_LINE, OTHER_LINE };
	int fd = request_v2(chip_fd, lines, 2);

	if (fd < 0)
		return fd;
	close(fd);
	return 0;
}

static int request_other_v1_handle(int chip_fd)
{
	struct gpiohandle_request req;

	memset(&req, 0, sizeof(req));
	req.lineoffsets[0] = OTHER_LINE;
	req.lines = 1;
	req.flags = GPIOHANDLE_REQUEST_OUTPUT;
	snprintf(req.consumer_label, sizeof(req.consumer_label), "attack-gpio");
	if (ioctl(chip_fd, GPIO_GET_LINEHANDLE_IOCTL, &req) != 0)
		return -errno;
	close(req.fd);
	return 0;
}

static int request_other_v1_event(int chip_fd)
{
	struct gpioevent_request req;

	memset(&req, 0, sizeof(req));
	req.lineoffset = OTHER_LINE;
	req.handleflags = GPIOHANDLE_REQUEST_INPUT;
	req.eventflags = GPIOEVENT_REQUEST_BOTH_EDGES;
	snprintf(req.consumer_label, sizeof(req.consumer_label), "attack-gpio");
	if (ioctl(chip_fd, GPIO_GET_LINEEVENT_IOCTL, &req) != 0)
		return -errno;
	close(req.fd);
	return 0;
}

static int info_other_v2(int chip_fd)
{
	struct gpio_v2_line_info info;

	memset(&info, 0, sizeof(info));
	info.offset = OTHER_LINE;
	return ioctl(chip_fd, GPIO_V2_GET_LINEINFO_IOCTL, &info) == 0 ? 0 : -errno;
}

static int watch_other_v2(int chip_fd)
{
	struct gpio_v2_line_info info;

	memset(&info, 0, sizeof(info));
	info.offset = OTHER_LINE;
	return ioctl(chip_fd, GPIO_V2_GET_LINEINFO_WATCH_IOCTL, &info) == 0 ? 0 : -errno;
}

static int info_other_v1(int chip_fd)
{
	struct gpioline_info info;

	memset(&info, 0, sizeof(info));
	info.line_offset = OTHER_LINE;
	return ioctl(chip_fd, GPIO_GET_LINEINFO_IOCTL, &info) == 0 ? 0 : -errno;
}

static int watch_other_v1(int chip_fd)
{
	struct gpioline_info info;

	memset(&info, 0, sizeof(info));
	info.line_offset = OTHER_LINE;
	return ioctl(chip_fd, GPIO_GET_LINEINFO_WATCH_IOCTL, &info) == 0 ? 0 : -errno;
}

static void put_le32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* A version 1 policy granting line 1 of the chip (docs/security-model.md),
 * written after appmgr sealed the app's own. */
static int grant_itself_other_line(int chip_fd)
{
	uint8_t policy[16] = { 1, 0, 1, 0 };
	struct stat st;
	int fd, err = 0;

	if (fstat(chip_fd, &st) != 0)
		return -errno;
	put_le32(policy + 4, major(st.st_rdev));
	put_le32(policy + 8, minor(st.st_rdev));
	put_le32(policy + 12, OTHER_LINE);
	fd = open(POLICY_FILE, O_WRONLY);
	if (fd < 0)
		return -errno;
	if (write(fd, policy, sizeof(policy)) < 0)
		err = -errno;
	close(fd);
	return err;
}

static const struct gpio_case cases[] = {
	{ "gpio: request, set 1, set 0 and read back the granted line 0 (v2, positive)", 0,
	  toggle_granted_line },
	{ "gpio: line info of the granted line 0 (v2, positive)", 0, info_granted_line },
	{ "gpio: request line 1 (v2)", -EACCES, request_other_v2 },
	{ "gpio: request lines 0 and 1 together (v2)", -EACCES, request_both_v2 },
	{ "gpio: line handle of line 1 (v1)", -EACCES, request_other_v1_handle },
	{ "gpio: line event of line 1 (v1)", -EACCES, request_other_v1_event },
	{ "gpio: line info of line 1 (v2)", -EACCES, info_other_v2 },
	{ "gpio: watch line 1 (v2)", -EACCES, watch_other_v2 },
	{ "gpio: line info of line 1 (v1)", -EACCES, info_other_v1 },
	{ "gpio: watch line 1 (v1)", -EACCES, watch_other_v1 },
	{ "gpio: write a policy granting line 1 after the identity", -EPERM,
	  grant_itself_other_line },
};

int main(void)
{
	unsigned failed = 0, n = 0;
	int chip_fd;

	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("gpio: start\n");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int got;

		/* A fresh chip fd per case: a watch or the ABI version a case
		 * fixes does not leak into the next. */
		chip_fd = open(CHIP_NODE, O_RDWR | O_CLOEXEC);
		got = chip_fd < 0 ? -errno : cases[i].run(chip_fd);
		if (chip_fd >= 0)
			close(chip_fd);
		n++;
		if (got == cases[i].expected) {
			printf("gpio: ok %u - %s (got %s)\n", n, cases[i].name, errno_name(got));
		} else {
			failed++;
			printf("gpio: not ok %u - %s (expected %s, got %s)\n", n, cases[i].name,
			       errno_name(cases[i].expected), errno_name(got));
		}
	}
	printf("gpio: done %u passed, %u failed\n", n - failed, failed);
	for (;;)
		pause();
}
