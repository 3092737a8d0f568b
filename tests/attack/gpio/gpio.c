/* gpio.c — the GPIO cases of the attack suite (docs/security-model.md): an
 * app whose manifest grants board-wide GPIO 0 ($SAMPLE_LED, line 0 of the
 * PL061) and GPIO 8 ($SAMPLE_RELAY, line 0 of the gpio-sim bank sim0)
 * drives both lines through the standard character device, and is refused
 * every other line of those chips (v1 and v2 requests, line info and
 * watches) and any change of its policy. Run with the argument "sim-only"
 * by an app granted only a line of sim0, it shows that the chip it has no
 * line of (the PL061) cannot even be opened. It finds chips by label among
 * /dev/gpiochipN, as their numbers depend on probe order. Prints, like the
 * hostile app:
 *   gpio: ok N - <case> (got <errno name>)
 *   gpio: not ok N - <case> (expected <name>, got <name>)
 * then "gpio: done P passed, F failed", and stays idle (it holds no line)
 * so that appmgr does not run it again. */
#include <endian.h>
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <linux/gpio.h>
#include <linux/spherule.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "attempts.h"
#include "hostile/attack.h"

#define PL061_LABEL "9030000.pl061"
#define SIM0_LABEL "sim0"
#define SIM0_LINE_NAME "QEMU_ARMV7_GPIO8"   /* the device tree's name of sim0 line 0 */
#define MAX_CHIPS 16
#define GRANTED_LINE 0u        /* on the PL061 and on sim0 */
#define OTHER_LINE 1u

/* Which chip a case gets a fresh descriptor of. */
enum chip_kind { CHIP_PL061, CHIP_SIM0, CHIP_NONE };

struct gpio_case {
	const char *name;
	int expected;          /* 0 or -errno */
	enum chip_kind chip;
	int (*run)(int chip_fd);
};

/* The nodes found at start: the two chips by label among those the app may
 * open, and the first node it may not open (in sim-only mode, the one chip
 * it has no line of) with the number of such nodes. */
static char chip_node[CHIP_NONE][32];
static char refused_node[32];
static unsigned refused_nodes;

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

/* The granted sim0 line carries the device tree's line name. */
static int name_granted_sim_line(int chip_fd)
{
	struct gpio_v2_line_info info;

	memset(&info, 0, sizeof(info));
	info.offset = GRANTED_LINE;
	if (ioctl(chip_fd, GPIO_V2_GET_LINEINFO_IOCTL, &info) != 0)
		return -errno;
	return strcmp(info.name, SIM0_LINE_NAME) == 0 ? 0 : -EIO;
}

/* The chip of its line opened (by the case runner). */
static int chip_opened(int chip_fd)
{
	return 0;
}

/* Opens the node of the chip without a granted line (the descriptor the
 * case is given is unused): its errno, or 0 if it opened. */
static int open_chip_without_line(int unused)
{
	char path[48];
	int fd;

	if (refused_nodes != 1)
		return -ENODEV;   /* the board has exactly one such chip */
	snprintf(path, sizeof(path), "/dev/%s", refused_node);
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
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

/* A valid policy, format version 2 (docs/security-model.md), granting line
 * 1 of the chip, written after appmgr sealed the app's own: refused for
 * that reason alone (EPERM). */
static int grant_itself_other_line(int chip_fd)
{
	struct {
		struct spherule_policy_header header;
		struct spherule_policy_gpio line;
	} __attribute__((packed)) policy = {
		.header = { .version = htole16(SPHERULE_POLICY_VERSION), .gpio_count = htole16(1) },
	};
	struct stat st;

	_Static_assert(sizeof(policy) == SPHERULE_POLICY_HEADER_SIZE + SPHERULE_POLICY_GPIO_SIZE,
		       "a policy of one line");
	if (fstat(chip_fd, &st) != 0)
		return -errno;
	policy.line.chip_major = htole32(major(st.st_rdev));
	policy.line.chip_minor = htole32(minor(st.st_rdev));
	policy.line.line = htole32(OTHER_LINE);
	return try_write_file(SPHERULE_FS_POLICY, &policy, sizeof(policy));
}

static const struct gpio_case cases[] = {
	{ "gpio: request, set 1, set 0 and read back the granted line 0 (v2, positive)", 0,
	  CHIP_PL061, toggle_granted_line },
	{ "gpio: line info of the granted line 0 (v2, positive)", 0, CHIP_PL061,
	  info_granted_line },
	{ "gpio: request line 1 (v2)", -EACCES, CHIP_PL061, request_other_v2 },
	{ "gpio: request lines 0 and 1 together (v2)", -EACCES, CHIP_PL061, request_both_v2 },
	{ "gpio: line handle of line 1 (v1)", -EACCES, CHIP_PL061, request_other_v1_handle },
	{ "gpio: line event of line 1 (v1)", -EACCES, CHIP_PL061, request_other_v1_event },
	{ "gpio: line info of line 1 (v2)", -EACCES, CHIP_PL061, info_other_v2 },
	{ "gpio: watch line 1 (v2)", -EACCES, CHIP_PL061, watch_other_v2 },
	{ "gpio: line info of line 1 (v1)", -EACCES, CHIP_PL061, info_other_v1 },
	{ "gpio: watch line 1 (v1)", -EACCES, CHIP_PL061, watch_other_v1 },
	{ "gpio: write a policy granting line 1 after the identity", -EPERM, CHIP_PL061,
	  grant_itself_other_line },
	{ "gpio: request, set 1, set 0 and read back the granted sim0 line 0 (v2, positive)", 0,
	  CHIP_SIM0, toggle_granted_line },
	{ "gpio: the granted sim0 line 0 is named " SIM0_LINE_NAME " (line info v2, positive)", 0,
	  CHIP_SIM0, name_granted_sim_line },
	{ "gpio: request sim0 line 1 (v2)", -EACCES, CHIP_SIM0, request_other_v2 },
	{ "gpio: request sim0 lines 0 and 1 together (v2)", -EACCES, CHIP_SIM0, request_both_v2 },
};

/* Granted a line of sim0 only; the PL061's node is mode 0666 (another app
 * has a line of it), so the Spherule LSM decides. */
static const struct gpio_case sim_only_cases[] = {
	{ "gpio: open sim0, the chip of its line (positive)", 0, CHIP_SIM0, chip_opened },
	{ "gpio: open the PL061, a chip of which it has no line", -EACCES, CHIP_NONE,
	  open_chip_without_line },
};

/* Opens /dev/gpiochip0 .. MAX_CHIPS - 1: records the node of each of its
 * two chips by label, and the nodes that exist but may not be opened. */
static void find_chips(void)
{
	static const char *const labels[CHIP_NONE] = { PL061_LABEL, SIM0_LABEL };

	for (unsigned n = 0; n < MAX_CHIPS; n++) {
		struct gpiochip_info info;
		char name[16], path[32];
		int fd;

		snprintf(name, sizeof(name), "gpiochip%u", n);
		snprintf(path, sizeof(path), "/dev/%s", name);
		fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd < 0) {
			if (errno != ENOENT && refused_nodes++ == 0)
				snprintf(refused_node, sizeof(refused_node), "%s", name);
			continue;
		}
		memset(&info, 0, sizeof(info));
		if (ioctl(fd, GPIO_GET_CHIPINFO_IOCTL, &info) == 0)
			for (unsigned k = 0; k < CHIP_NONE; k++)
				if (strcmp(info.label, labels[k]) == 0)
					snprintf(chip_node[k], sizeof(chip_node[k]), "%s", path);
		close(fd);
	}
	printf("gpio: chips: %s %s, %s %s; %u refused (%s)\n", labels[CHIP_PL061],
	       chip_node[CHIP_PL061], labels[CHIP_SIM0], chip_node[CHIP_SIM0], refused_nodes,
	       refused_node);
}

/* A fresh descriptor of chip k, so that a watch or the ABI version a case
 * fixes does not leak into the next case: the fd, or -errno (-ENODEV when
 * the chip was not found). */
static int open_chip(enum chip_kind k)
{
	int fd;

	if (!chip_node[k][0])
		return -ENODEV;
	fd = open(chip_node[k], O_RDWR | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

int main(int argc, char **argv)
{
	bool sim_only = argc > 1 && strcmp(argv[1], "sim-only") == 0;
	const struct gpio_case *table = sim_only ? sim_only_cases : cases;
	size_t count = sim_only ? sizeof(sim_only_cases) / sizeof(sim_only_cases[0])
				: sizeof(cases) / sizeof(cases[0]);
	unsigned failed = 0, n = 0;
	int chip_fd;

	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("gpio: start\n");
	find_chips();
	for (size_t i = 0; i < count; i++) {
		enum chip_kind k = table[i].chip;
		int got;

		chip_fd = k == CHIP_NONE ? -1 : open_chip(k);
		got = k != CHIP_NONE && chip_fd < 0 ? chip_fd : table[i].run(chip_fd);
		if (chip_fd >= 0)
			close(chip_fd);
		n++;
		if (got == table[i].expected) {
			printf("gpio: ok %u - %s (got %s)\n", n, table[i].name, errno_name(got));
		} else {
			failed++;
			printf("gpio: not ok %u - %s (expected %s, got %s)\n", n, table[i].name,
			       errno_name(table[i].expected), errno_name(got));
		}
	}
	printf("gpio: done %u passed, %u failed\n", n - failed, failed);
	for (;;)
		pause();
}
