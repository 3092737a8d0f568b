/* test_appmgr_admit.c — app_admit(): the rules that admit a verified image
 * next to the accepted apps, at boot and for an image installed while the
 * device runs (the app it replaces is skipped), among them what the board
 * itself must offer (a real-time core, the peripherals named); and how an
 * app's peripherals are taken from its manifest. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "app_admit.h"
#include "tap.h"

static struct app apps[3];
static struct gpio_map gpio;
static struct board_conf board;

static void make_app(struct app *a, const char *name, uint8_t id, uint32_t line, uint32_t storage_kib)
{
	memset(a, 0, sizeof(*a));
	snprintf(a->name, sizeof(a->name), "%s", name);
	a->component_id[15] = id;
	snprintf(a->component_str, sizeof(a->component_str), "00000000-0000-0000-0000-0000000000%02x", id);
	a->slot = id;
	if (line != UINT32_MAX) {
		a->gpio.item[0] = line;
		a->gpio.count = 1;
	}
	a->storage_kib = storage_kib;
}

/* The typed peripherals of a parsed manifest, in capability order. */
static void test_from_manifest(void)
{
	static struct manifest m;
	struct peripherals list;
	struct error_detail why = { "" };
	char text[256];

	memset(&m, 0, sizeof(m));
	m.adc.item[0] = "ADC-CONTROLLER-0";
	m.adc.count = 1;
	m.uart.item[0] = "ISU0";
	m.uart.item[1] = "ISU1";
	m.uart.count = 2;
	m.external_interrupt.item[0] = "EINT4";
	m.external_interrupt.count = 1;
	tap_ok(peripherals_from_manifest(&list, &m, &why) == 0, "a manifest's peripherals taken");
	peripherals_text(&list, text, sizeof(text));
	tap_ok_str(text, "Uart:ISU0, Uart:ISU1, Adc:ADC-CONTROLLER-0, ExternalInterrupt:EINT4",
		   "every kind, in capability order");
	for (unsigned i = 0; i < 8; i++) {
		m.i2c_master.item[i] = m.spi_master.item[i] = "ISU2";
		m.pwm.item[i] = "PWM-CONTROLLER-0";
	}
	m.i2c_master.count = m.spi_master.count = m.pwm.count = 8;
	tap_ok(peripherals_from_manifest(&list, &m, &why) == -E2BIG &&
		       !strcmp(why.msg, "asks for more than 16 peripherals (Uart, I2cMaster, ...); a board offers at most 16"),
	       "more than a board can offer is refused (%s)", why.msg);
}

int main(void)
{
	static const char conf[] = "0 8 9030000.pl061\n8 8 sim0\n";
	struct error_detail why = { "" };
	struct app a;
	size_t dup = 99;
	int err;

	board_conf_defaults(&board);
	board.power.power_key_gpio = 3;
	board.budgets.app_storage_kib = 64;
	board.budgets.app_storage_total_kib = 128;
	tap_ok(gpio_map_parse(conf, strlen(conf), &gpio, &why) == 0, "board numbering parsed");
	make_app(&apps[0], "blink", 1, 0, 64);
	make_app(&apps[1], "counter", 2, UINT32_MAX, 32);

	make_app(&a, "new", 3, 9, 16);
	tap_ok(app_admit(apps, 2, 2, &a, &board, &gpio, &dup, &why) == 0, "a free line and storage that fits");

	make_app(&a, "blink", 1, 1, 0);
	err = app_admit(apps, 2, 2, &a, &board, &gpio, &dup, &why);
	tap_ok(err == -EEXIST && dup == 0 &&
		       !strcmp(why.msg, "component id 00000000-0000-0000-0000-000000000001 is already installed in app1"),
	       "an installed component id is refused, naming its slot");
	tap_ok(app_admit(apps, 2, 0, &a, &board, &gpio, &dup, &why) == 0,
	       "the same component replacing the app it skips is admitted");

	make_app(&a, "rival", 4, 0, 0);
	err = app_admit(apps, 2, 2, &a, &board, &gpio, &dup, &why);
	tap_ok(err == -EADDRINUSE &&
		       !strcmp(why.msg, "rival asks for GPIO 0 (line 0 of 9030000.pl061), already granted to blink"),
	       "a line another app holds is refused with the holder's name");
	tap_ok(app_admit(apps, 2, 0, &a, &board, &gpio, &dup, &why) == 0,
	       "the line of the app being replaced is free for its replacement");

	make_app(&a, "key", 5, 3, 0);
	tap_ok(app_admit(apps, 2, 2, &a, &board, &gpio, &dup, &why) == -EPERM &&
		       strstr(why.msg, "reserved for the power key"),
	       "the power key's line is refused");

	make_app(&a, "far", 6, 40, 0);
	tap_ok(app_admit(apps, 2, 2, &a, &board, &gpio, &dup, &why) == -ENOENT &&
		       !strcmp(why.msg, "far asks for GPIO 40, which is not a line of this board"),
	       "a number that is no line of the board is refused");

	make_app(&a, "adc", 8, UINT32_MAX, 0);
	a.peripherals.count = 1;
	a.peripherals.item[0].tag = MANIFEST_TAG_ADC;
	snprintf(a.peripherals.item[0].name, sizeof(a.peripherals.item[0].name), "ADC-CONTROLLER-0");
	err = app_admit(apps, 2, 2, &a, &board, &gpio, &dup, &why);
	tap_ok(err == -ENODEV && !strcmp(why.msg, "adc: Capabilities.Adc: ADC-CONTROLLER-0: this board has no such "
						 "peripheral (its peripherals: none)"),
	       "an ADC on a board without peripherals is refused (%s)", why.msg);
	static const char conf_board[] = "name=qemu-armv7\nperipherals=Uart:ISU0\n";
	tap_ok(board_conf_parse(conf_board, strlen(conf_board), &board, &why) == 0, "board qemu-armv7 with a UART");
	err = app_admit(apps, 2, 2, &a, &board, &gpio, &dup, &why);
	tap_ok(err == -ENODEV && !strcmp(why.msg, "adc: Capabilities.Adc: ADC-CONTROLLER-0: board qemu-armv7 has no "
						 "such peripheral (its peripherals: Uart:ISU0)"),
	       "the reason names the board and what it offers (%s)", why.msg);
	a.peripherals.item[0].tag = MANIFEST_TAG_UART;
	snprintf(a.peripherals.item[0].name, sizeof(a.peripherals.item[0].name), "ISU0");
	tap_ok(app_admit(apps, 2, 2, &a, &board, &gpio, &dup, &why) == 0, "the board's UART is admitted");
	a.peripherals.item[0].tag = MANIFEST_TAG_I2C_MASTER;
	err = app_admit(apps, 2, 2, &a, &board, &gpio, &dup, &why);
	tap_ok(err == -ENODEV && strstr(why.msg, "Capabilities.I2cMaster: ISU0: board qemu-armv7 has no such"),
	       "the same ISU as another kind is another peripheral: refused");
	a.peripherals.count = 0;
	a.app_type = MANIFEST_APP_REAL_TIME_CAPABLE;
	err = app_admit(apps, 2, 2, &a, &board, &gpio, &dup, &why);
	tap_ok(err == -ENODEV &&
		       !strcmp(why.msg, "adc: ApplicationType RealTimeCapable: board qemu-armv7 has no real-time core"),
	       "a real-time app is refused (%s)", why.msg);

	make_app(&a, "big", 7, UINT32_MAX, 64);
	tap_ok(app_admit(apps, 2, 2, &a, &board, &gpio, &dup, &why) == -EDQUOT,
	       "storage past the total budget (64 + 32 + 64 > 128 KiB) is refused");
	tap_ok(app_admit(apps, 2, 0, &a, &board, &gpio, &dup, &why) == 0,
	       "the quota of the app being replaced is not counted");
	test_from_manifest();
	return tap_done();
}
