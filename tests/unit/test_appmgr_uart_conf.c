/* test_appmgr_uart_conf.c — unit tests of the board's UARTs for apps
 * (/etc/spherule/uart.conf, uart_conf.h) and of the app service's
 * capabilities compiled from a manifest (app_svc_caps.h). */
#include <errno.h>
#include <string.h>

#include "app_svc_caps.h"
#include "tap.h"
#include "uart_conf.h"

static int parse(const char *text, struct uart_conf *c, struct error_detail *why)
{
	memset(c, 0, sizeof(*c));
	why->msg[0] = '\0';
	return uart_conf_parse(text, strlen(text), c, why);
}

static void test_parse(void)
{
	struct uart_conf c;
	struct error_detail why;

	tap_ok(parse("# name id port\n ISU0 4 4 \nISU1\t5\t6\n", &c, &why) == 0 && c.count == 2 &&
		       !strcmp(c.uart[0].name, "ISU0") && c.uart[0].id == 4 && c.uart[0].port == 4 &&
		       !strcmp(c.uart[1].name, "ISU1") && c.uart[1].id == 5 && c.uart[1].port == 6,
	       "two UARTs: name, UART id, virtio-serial port");
	tap_ok(uart_conf_find_id(&c, 5) == 1 && uart_conf_find_id(&c, 6) == -1 &&
		       uart_conf_find_name(&c, "ISU0") == 0 && uart_conf_find_name(&c, "isu0") == -1,
	       "found by id and by name (names are case-sensitive, as in manifests)");
	tap_ok(parse("ISU0 4\nISU0 4 4 4\n", &c, &why) == 2 && c.count == 0 &&
		       strstr(why.msg, "line 1: expected <name> <UART id> <port>") != NULL,
	       "a missing or an extra field is refused (%s)", why.msg);
	tap_ok(parse("ISU0 4 1\nISU0 4 3\nISU0 4 32\n", &c, &why) == 3 &&
		       strstr(why.msg, "line 1: port 1 out of range 4..31") != NULL,
	       "ports 1 to 3 (mailbox, gdbserver, service link) and above 31 are refused (%s)", why.msg);
	tap_ok(parse("ISU 0 4 4\n", &c, &why) == 1 && parse("IS.U0 4 4\n", &c, &why) == 1 &&
		       strstr(why.msg, "no peripheral name") != NULL,
	       "a name that is no manifest peripheral name is refused (%s)", why.msg);
	tap_ok(parse("ISU0 x 4\n", &c, &why) == 1 && strstr(why.msg, "UART id x is not a number") != NULL,
	       "an id that is no number is refused");
	tap_ok(parse("ISU0 4 4\nISU0 5 5\nISU1 4 6\nISU2 6 4\n", &c, &why) == 3 && c.count == 1 &&
		       strstr(why.msg, "line 2: name given twice") != NULL,
	       "a name, an id or a port given twice is refused (%s)", why.msg);
	tap_ok(parse("A 1 4\nB 2 5\nC 3 6\nD 4 7\nE 5 8\nF 6 9\nG 7 10\nH 8 11\nI 9 12\n", &c, &why) == 1 &&
		       c.count == UART_CONF_MAX && strstr(why.msg, "line 9: too many UARTs") != NULL,
	       "more than %u UARTs are refused", UART_CONF_MAX);
	tap_ok(uart_conf_load("device/rootfs/etc/spherule/uart.conf", &c, &why) == 0 && c.count == 1 &&
		       !strcmp(c.uart[0].name, "ISU0") && c.uart[0].id == 4 && c.uart[0].port == 4,
	       "the board's own file: ISU0, UART id 4, port 4");
	tap_ok(uart_conf_load("/nonexistent/uart.conf", &c, &why) == -ENOENT && c.count == 0,
	       "no file: no UART (ENOENT)");
}

static void test_caps(void)
{
	struct uart_conf c;
	struct error_detail why;
	struct manifest m;
	struct app_svc_caps caps;

	(void)parse("ISU0 4 4\nISU1 5 5\nISU2 6 6\n", &c, &why);
	memset(&m, 0, sizeof(m));
	app_svc_caps_compile(&m, &c, &caps);
	tap_ok(caps.uarts == 0 && caps.grants == 0, "a manifest without capabilities grants nothing");
	m.uart.item[0] = "ISU2";
	m.uart.item[1] = "ISU7";
	m.uart.item[2] = "ISU0";
	m.uart.count = 3;
	m.power_controls.item[0] = "ForceReboot";
	m.power_controls.item[1] = "SetPowerProfile";
	m.power_controls.count = 2;
	m.software_update_deferral = true;
	app_svc_caps_compile(&m, &c, &caps);
	tap_ok(caps.uarts == 0x5 && caps.grants == (APP_SVC_GRANT_FORCE_REBOOT | APP_SVC_GRANT_SET_POWER_PROFILE |
							APP_SVC_GRANT_UPDATE_DEFERRAL),
	       "Uart ISU2 and ISU0 (ISU7 is not on the board), two PowerControls, SoftwareUpdateDeferral");
	m.power_controls.item[0] = "ForcePowerDown";
	m.power_controls.count = 1;
	m.software_update_deferral = false;
	m.system_event_notifications = true;
	m.system_time = true;
	app_svc_caps_compile(&m, NULL, &caps);
	tap_ok(caps.uarts == 0 && caps.grants == (APP_SVC_GRANT_FORCE_POWER_DOWN | APP_SVC_GRANT_SYSTEM_EVENTS |
						  APP_SVC_GRANT_SYSTEM_TIME),
	       "ForcePowerDown, SystemEventNotifications, SystemTime; no UART on a board without uart.conf");
	tap_ok(!strcmp(app_svc_grant_name(APP_SVC_GRANT_FORCE_REBOOT), "PowerControls ForceReboot") &&
		       !strcmp(app_svc_grant_name(APP_SVC_GRANT_SYSTEM_TIME), "SystemTime"),
	       "grants are named as manifests write them");
}

int main(void)
{
	test_parse();
	test_caps();
	return tap_done();
}
