/* test_appmgr_gpio_map.c — unit tests of the board-wide GPIO numbering
 * appmgr reads from /etc/spherule/gpio.conf (device/appmgr/gpio_map.h):
 * parsing, refused lines, number to chip line, and grants for the policy. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gpio_map.h"
#include "tap.h"

/* A board with three chips: the PL061 and two gpio-sim banks. */
static const char board_text[] =
	"# first count label\n"
	"0 8 9030000.pl061\n"
	"8 8 sim0\n"
	"16 4 sim1\n";

static int parse(const char *text, struct gpio_map *m, struct error_detail *why)
{
	memset(m, 0, sizeof(*m));
	why->msg[0] = '\0';
	return gpio_map_parse(text, strlen(text), m, why);
}

static void test_parse(void)
{
	struct gpio_map m;
	struct error_detail why;
	int n;

	n = parse(board_text, &m, &why);
	tap_ok(n == 0 && m.count == 3 && strcmp(m.chip[0].label, "9030000.pl061") == 0 &&
	       m.chip[0].first == 0 && m.chip[0].count == 8 && strcmp(m.chip[1].label, "sim0") == 0 &&
	       m.chip[1].first == 8 && m.chip[1].count == 8 && m.chip[2].first == 16 &&
	       !m.chip[1].present, "three chips, none present yet");
	n = parse("  1000\t24  \tmy chip label \r\n\n# no newline at the end\n0 1 x", &m, &why);
	tap_ok(n == 0 && m.count == 2 && strcmp(m.chip[0].label, "my chip label") == 0 &&
	       m.chip[0].first == 1000 && m.chip[0].count == 24 && strcmp(m.chip[1].label, "x") == 0,
	       "blanks, tabs, CR, a label with spaces, numbers up to 1023, no final newline");
	n = parse("0 8\n", &m, &why);
	tap_ok(n == 1 && m.count == 0 &&
	       strcmp(why.msg, "line 1: expected <first> <count> <chip label>") == 0,
	       "a line without a label is refused (%s)", why.msg);
	n = parse("0 8 a\n8 0 b\n1024 1 c\n1000 25 d\n-1 2 e\nx 2 f\n99999999999 1 g\n", &m, &why);
	tap_ok(n == 6 && m.count == 1 && strcmp(why.msg, "line 2: numbers must lie in 0..1023") == 0,
	       "no lines, past 1023, negative, not a number, overflow: refused (%d, %s)", n,
	       why.msg);
	n = parse("0 8 a\n4 8 b\n8 8 b\n16 8 a\n", &m, &why);
	tap_ok(n == 2 && m.count == 2 && strcmp(m.chip[1].label, "b") == 0 &&
	       m.chip[1].first == 8 && strcmp(why.msg, "line 2: numbers already mapped") == 0,
	       "overlapping numbers refused, then a label mapped twice refused");
	n = parse("0 1 a234567890123456789012345678901\n1 1 a2345678901234567890123456789012\n",
		  &m, &why);
	tap_ok(n == 1 && m.count == 1 &&
	       strcmp(why.msg, "line 2: chip label longer than 31 bytes") == 0,
	       "a label of 31 bytes accepted, 32 refused (the kernel's limit)");
	n = parse("0 1 a\n1 1 b\n2 1 c\n3 1 d\n4 1 e\n5 1 f\n6 1 g\n7 1 h\n8 1 i\n", &m, &why);
	tap_ok(n == 1 && m.count == GPIO_MAP_MAX_CHIPS &&
	       strcmp(why.msg, "line 9: too many chips") == 0,
	       "at most %u chips", GPIO_MAP_MAX_CHIPS);
}

static void test_find(void)
{
	const struct gpio_map_chip *c;
	struct gpio_map m;
	struct error_detail why;
	uint32_t line = 99;
	struct manifest_gpios led = { .item = { 0 }, .count = 1 };
	struct manifest_gpios sims = { .item = { 9, 19 }, .count = 2 };

	parse(board_text, &m, &why);
	c = gpio_map_find(&m, 0, &line);
	tap_ok(c == &m.chip[0] && line == 0, "number 0: PL061 line 0");
	c = gpio_map_find(&m, 15, &line);
	tap_ok(c == &m.chip[1] && line == 7, "number 15: sim0 line 7");
	c = gpio_map_find(&m, 16, &line);
	tap_ok(c == &m.chip[2] && line == 0, "number 16: sim1 line 0");
	line = 99;
	tap_ok(!gpio_map_find(&m, 20, &line) && !gpio_map_find(&m, 1023, &line) &&
	       !gpio_map_find(&m, 4000000000u, &line) && line == 99,
	       "numbers past the board's lines are not found");
	tap_ok(gpio_map_chip_asked(&m.chip[0], &led) && !gpio_map_chip_asked(&m.chip[1], &led) &&
	       gpio_map_chip_asked(&m.chip[1], &sims) && gpio_map_chip_asked(&m.chip[2], &sims) &&
	       !gpio_map_chip_asked(&m.chip[0], &sims), "which chips an app asks lines of");
}

static void test_grants(void)
{
	struct app_gpio_grant g[MANIFEST_MAX_GPIOS];
	struct manifest_gpios asks = { .item = { 0, 9, 19 }, .count = 3 };
	struct manifest_gpios outside = { .item = { 1, 40 }, .count = 2 };
	struct manifest_gpios none = { .count = 0 };
	struct gpio_map m;
	struct error_detail why;
	uint32_t number = 99;

	parse(board_text, &m, &why);
	tap_ok(gpio_map_grants(&m, &asks, g, &number) == -ENODEV && number == 0,
	       "a chip not found on the device: -ENODEV naming the number");
	m.chip[0] = (struct gpio_map_chip){ "9030000.pl061", 0, 8, true, 254, 0, "gpiochip0" };
	m.chip[1].present = true;
	m.chip[1].major = 254;
	m.chip[1].minor = 1;
	tap_ok(gpio_map_grants(&m, &asks, g, &number) == -ENODEV && number == 19,
	       "every chip must be there: sim1 missing fails number 19");
	m.chip[2].present = true;
	m.chip[2].major = 254;
	m.chip[2].minor = 2;
	tap_ok(gpio_map_grants(&m, &asks, g, &number) == 0 && g[0].chip_major == 254 &&
	       g[0].chip_minor == 0 && g[0].line == 0 && g[1].chip_minor == 1 && g[1].line == 1 &&
	       g[2].chip_minor == 2 && g[2].line == 3,
	       "numbers 0, 9, 19: PL061 line 0, sim0 line 1, sim1 line 3");
	tap_ok(gpio_map_grants(&m, &outside, g, &number) == -ENOENT && number == 40,
	       "a number the board lacks: -ENOENT naming it");
	tap_ok(gpio_map_grants(&m, &none, g, &number) == 0, "no numbers: nothing to grant");
}

static void test_load(void)
{
	char path[] = "/tmp/test_appmgr_gpio_mapXXXXXX";
	int fd = mkstemp(path);
	struct gpio_map m;
	struct error_detail why = { "" };

	tap_ok(fd >= 0 && write(fd, board_text, strlen(board_text)) == (ssize_t)strlen(board_text) &&
	       close(fd) == 0, "gpio.conf written");
	m.count = 5;
	tap_ok(gpio_map_load(path, &m, &why) == 0 && m.count == 3,
	       "gpio.conf loaded from a file (the map is emptied first)");
	fd = open(path, O_WRONLY | O_TRUNC);
	for (int i = 0; fd >= 0 && i < 4096 / 8; i++)
		if (write(fd, "# 34567\n", 8) != 8)
			break;
	tap_ok(fd >= 0 && close(fd) == 0 && gpio_map_load(path, &m, &why) == -EFBIG &&
	       strcmp(why.msg, "larger than 4095 bytes") == 0,
	       "a file of 4096 bytes: -EFBIG, the limit named (%s)", why.msg);
	unlink(path);
	tap_ok(gpio_map_load(path, &m, &why) == -ENOENT && m.count == 0,
	       "a missing file: -ENOENT and no numbers");
	/* make test runs the unit tests from the top of the tree */
	tap_ok(gpio_map_load("device/rootfs/etc/spherule/gpio.conf", &m, &why) == 0 &&
	       m.count == 2 && strcmp(m.chip[0].label, "9030000.pl061") == 0 &&
	       m.chip[0].first == 0 && m.chip[0].count == 8 && strcmp(m.chip[1].label, "sim0") == 0 &&
	       m.chip[1].first == 8 && m.chip[1].count == 73,
	       "board qemu-armv7's gpio.conf: PL061 0..7, sim0 8..80 (MT3620's numbers), no line refused");
}

int main(void)
{
	test_parse();
	test_find();
	test_grants();
	test_load();
	return tap_done();
}
