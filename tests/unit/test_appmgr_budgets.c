/* test_appmgr_budgets.c — unit tests of appmgr's board.conf parsing (the
 * budgets, the board's name and the peripherals it offers) and of the
 * rlimits computed from the budgets and applied to an app process. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "app_limits.h"
#include "board_conf.h"
#include "tap.h"

/* Parses text over the defaults into *b (the budgets of the result). */
static int parse(const char *text, struct board_budgets *b, struct error_detail *why)
{
	struct board_conf c;
	int n;

	board_conf_defaults(&c);
	why->msg[0] = '\0';
	n = board_conf_parse(text, strlen(text), &c, why);
	*b = c.budgets;
	return n;
}

/* The default budgets. */
static struct board_budgets default_budgets(void)
{
	struct board_conf c;

	board_conf_defaults(&c);
	return c.budgets;
}

static void test_parse(void)
{
	struct board_budgets b;
	struct error_detail why;
	int n;

	b = default_budgets();
	tap_ok(b.app_ram_kib == 256 && b.app_flash_kib == 1024 && b.app_storage_kib == 64 &&
	       b.app_storage_total_kib == 512 && b.app_nproc == 4 && b.app_nofile == 32,
	       "defaults: 256 KiB RAM, 1 MiB image, 64 KiB storage (512 KiB for all apps), "
	       "4 processes, 32 files");
	n = parse("# board x\n\napp_ram_kib=512\n  app_flash_kib = 2048  \r\napp_storage_kib=0\n"
		  "app_storage_total_kib=0\napp_nproc=6\napp_nofile=64", &b, &why);
	tap_ok(n == 0 && b.app_ram_kib == 512 && b.app_flash_kib == 2048 &&
	       b.app_storage_kib == 0 && b.app_storage_total_kib == 0 && b.app_nproc == 6 &&
	       b.app_nofile == 64,
	       "every key set; comments, blanks, CR and a missing final newline accepted");
	n = parse("app_storage_total_kib=1048576\n", &b, &why);
	tap_ok(n == 0 && b.app_storage_total_kib == 1048576,
	       "app_storage_total_kib up to 1048576 (1 GiB)");
	n = parse("app_storage_total_kib=1048577\n", &b, &why);
	tap_ok(n == 1 && b.app_storage_total_kib == 512 &&
	       strcmp(why.msg, "line 1: app_storage_total_kib must be a number from 0 to 1048576") == 0,
	       "app_storage_total_kib past 1048576 refused, default 512 kept (%s)", why.msg);
	n = parse("app_ram_kib=128\nbogus=1\napp_nproc=8\n", &b, &why);
	tap_ok(n == 1 && b.app_ram_kib == 128 && b.app_nproc == 8 &&
	       strcmp(why.msg, "line 2: unknown key 'bogus'") == 0,
	       "unknown key refused, other lines applied (%s)", why.msg);
	n = parse("app_ram_kib=12k\n", &b, &why);
	tap_ok(n == 1 && b.app_ram_kib == 256 &&
	       strcmp(why.msg, "line 1: app_ram_kib must be a number from 16 to 65536") == 0,
	       "non-numeric value refused, default kept (%s)", why.msg);
	n = parse("app_nproc=0\napp_nofile=99999999999\napp_ram_kib=\n", &b, &why);
	tap_ok(n == 3 && b.app_nproc == 4 && b.app_nofile == 32 &&
	       strcmp(why.msg, "line 1: app_nproc must be a number from 1 to 4096") == 0,
	       "out-of-range, overflowing and empty values refused, first reason kept");
	n = parse("just words\n", &b, &why);
	tap_ok(n == 1 && strcmp(why.msg, "line 1: expected key=value") == 0,
	       "line without '=' refused");
}

/* name= and peripherals=: what admission names and checks (app_admit.h). */
static void test_board_identity(void)
{
	static const char text[] = "name=qemu-armv7\nperipherals= Uart:ISU0 , I2cSlave:ISU1,Adc:ADC-CONTROLLER-0\n";
	struct error_detail why = { "" };
	struct board_conf c;
	char offered[128];
	int n;

	board_conf_defaults(&c);
	tap_ok(c.name[0] == '\0' && c.peripherals.count == 0, "defaults: no name, no peripherals");
	n = board_conf_parse(text, strlen(text), &c, &why);
	peripherals_text(&c.peripherals, offered, sizeof(offered));
	tap_ok(n == 0 && !strcmp(c.name, "qemu-armv7") &&
	       !strcmp(offered, "Uart:ISU0, I2cSlave:ISU1, Adc:ADC-CONTROLLER-0"),
	       "name and peripherals, blanks around entries (%s)", offered);
	n = board_conf_parse("peripherals=\n", 13, &c, &why);
	tap_ok(n == 0 && c.peripherals.count == 0, "peripherals= empty: none");
	static const struct {
		const char *line, *why;
	} bad[] = {
		{ "peripherals=Uart:ISU0,Can:CAN0", "line 1: peripherals: 'Can:CAN0' is not Kind:NAME with Kind one of "
		  "Uart, I2cMaster, I2cSlave, SpiMaster, Pwm, Adc, ExternalInterrupt" },
		{ "peripherals=Gpio:8", "line 1: peripherals: 'Gpio:8' is not Kind:NAME with Kind one of "
		  "Uart, I2cMaster, I2cSlave, SpiMaster, Pwm, Adc, ExternalInterrupt" },
		{ "peripherals=Uart", "line 1: peripherals: 'Uart' is not Kind:NAME with Kind one of "
		  "Uart, I2cMaster, I2cSlave, SpiMaster, Pwm, Adc, ExternalInterrupt" },
		{ "peripherals=Uart:ISU 0", "line 1: peripherals: 'Uart:ISU 0' is not Kind:NAME with Kind one of "
		  "Uart, I2cMaster, I2cSlave, SpiMaster, Pwm, Adc, ExternalInterrupt" },
		{ "peripherals=Uart:ISU0,Uart:ISU0", "line 1: peripherals: Uart:ISU0 twice" },
		{ "name=", "line 1: name must be 1 to 31 letters, digits, '-', '_' or '.'" },
		{ "name=a board", "line 1: name must be 1 to 31 letters, digits, '-', '_' or '.'" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		board_conf_defaults(&c);
		n = board_conf_parse(bad[i].line, strlen(bad[i].line), &c, &why);
		tap_ok(n == 1 && c.peripherals.count == 0 && c.name[0] == '\0' && !strcmp(why.msg, bad[i].why),
		       "refused, nothing kept: %s (%s)", bad[i].line, why.msg);
	}
	char many[512] = "peripherals=";
	for (int i = 0; i < 17; i++)
		snprintf(many + strlen(many), sizeof(many) - strlen(many), "%sUart:U%d", i ? "," : "", i);
	board_conf_defaults(&c);
	n = board_conf_parse(many, strlen(many), &c, &why);
	tap_ok(n == 1 && c.peripherals.count == 0 && !strcmp(why.msg, "line 1: peripherals: more than 16"),
	       "17 peripherals refused (%s)", why.msg);
}

/* gpio_idle_high=: the simulated inputs pulled up at boot. */
static void test_idle_high(void)
{
	static const char *bad[][2] = {
		{ "gpio_idle_high=12,x", "line 1: gpio_idle_high: 'x' is not a GPIO number from 0 to 1023" },
		{ "gpio_idle_high=12,2000", "line 1: gpio_idle_high: '2000' is not a GPIO number from 0 to 1023" },
		{ "gpio_idle_high=1,2,3,4,5,6,7,8,9", "line 1: gpio_idle_high: more than 8" },
	};
	struct error_detail why = { "" };
	struct board_conf c;
	int n;

	board_conf_defaults(&c);
	tap_ok(c.idle_high.count == 0, "defaults: no line idles high");
	static const char good[] = "gpio_idle_high= 12 ,13\n";

	n = board_conf_parse(good, strlen(good), &c, &why);
	tap_ok(n == 0 && c.idle_high.count == 2 && c.idle_high.gpio[0] == 12 && c.idle_high.gpio[1] == 13,
	       "gpio_idle_high=12,13, blanks around entries");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		board_conf_defaults(&c);
		n = board_conf_parse(bad[i][0], strlen(bad[i][0]), &c, &why);
		tap_ok(n == 1 && c.idle_high.count == 0 && !strcmp(why.msg, bad[i][1]), "refused, nothing kept: %s (%s)",
		       bad[i][0], why.msg);
	}
}

static void test_load(void)
{
	char path[] = "/tmp/test_appmgr_confXXXXXX";
	int fd = mkstemp(path);
	static const char text[] = "app_ram_kib=300\n";
	struct board_conf c;
	struct error_detail why;

	board_conf_defaults(&c);
	tap_ok(fd >= 0 && write(fd, text, strlen(text)) == (ssize_t)strlen(text) && close(fd) == 0,
	       "board.conf written");
	tap_ok(board_conf_load(path, &c, &why) == 0 && c.budgets.app_ram_kib == 300,
	       "board.conf loaded from a file");
	unlink(path);
	board_conf_defaults(&c);
	tap_ok(board_conf_load(path, &c, &why) == -ENOENT &&
	       c.budgets.app_ram_kib == 256,
	       "a missing board.conf is -ENOENT and leaves the defaults");
}

static rlim_t limit_of(const struct app_limit *l, int resource)
{
	for (int i = 0; i < APP_LIMIT_COUNT; i++)
		if (l[i].resource == resource)
			return l[i].value;
	return (rlim_t)-1;
}

static void test_limits(void)
{
	struct board_budgets b;
	struct app_limit l[APP_LIMIT_COUNT];
	int status = -1;
	pid_t pid;

	b = default_budgets();
	app_limits_compute(&b, l);
	tap_ok(limit_of(l, RLIMIT_DATA) == 256 * 1024, "RLIMIT_DATA = RAM budget");
	tap_ok(limit_of(l, RLIMIT_AS) == (rlim_t)-1,
	       "no RLIMIT_AS: the memory cgroup holds the whole app to its budget");
	tap_ok(limit_of(l, RLIMIT_STACK) == 64 * 1024 && limit_of(l, RLIMIT_NPROC) == 4 &&
	       limit_of(l, RLIMIT_NOFILE) == 32, "stack 64 KiB, 4 processes, 32 files");
	tap_ok(limit_of(l, RLIMIT_CORE) == 0 && limit_of(l, RLIMIT_MEMLOCK) == 0 &&
	       limit_of(l, RLIMIT_MSGQUEUE) == 0,
	       "no core files, locked memory or message queues");
	tap_ok(limit_of(l, RLIMIT_FSIZE) == (rlim_t)-1,
	       "no RLIMIT_FSIZE: the storage quota and the LSM bound what an app writes");
	b.app_ram_kib = 1024;
	b.app_nproc = 3;
	app_limits_compute(&b, l);
	tap_ok(limit_of(l, RLIMIT_DATA) == 1024 * 1024 && limit_of(l, RLIMIT_NPROC) == 3,
	       "limits follow the board budgets");
	tap_ok(strcmp(app_limit_name(RLIMIT_NPROC), "RLIMIT_NPROC") == 0, "limit names for logs");

	/* Applied in a child: every limit reads back as computed. */
	b = default_budgets();
	app_limits_compute(&b, l);
	pid = fork();
	if (pid == 0) {
		int failed;

		if (app_limits_apply(l, &failed) != 0)
			_exit(2);
		for (int i = 0; i < APP_LIMIT_COUNT; i++) {
			struct rlimit rl;

			if (getrlimit(l[i].resource, &rl) != 0 || rl.rlim_cur != l[i].value ||
			    rl.rlim_max != l[i].value)
				_exit(3);
		}
		_exit(0);
	}
	tap_ok(pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	       WEXITSTATUS(status) == 0, "limits applied to a process read back soft = hard = value");
}

int main(void)
{
	test_parse();
	test_board_identity();
	test_idle_high();
	test_load();
	test_limits();
	return tap_done();
}
