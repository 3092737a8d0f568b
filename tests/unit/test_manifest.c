/*
 * test_manifest.c - unit tests of the manifest compiler (app_manifest.json ->
 * TLV, with exact error messages naming the JSON path), of hardware
 * definitions, and of the device-side parser of the compiled form.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hwdef.h"
#include "pkg_internal.h"
#include "spherule/le.h"
#include "spherule/manifest_compile.h"
#include "test_pkg_support.h"

#define UUID "6b9a3c0e-1f2d-4c8a-9e7b-0a1b2c3d4e5f"
#define BASE "'SchemaVersion': 1, 'Name': 'app', 'ComponentId': '" UUID "', 'EntryPoint': '/bin/app'"
#define WITH_CAPS(caps) "{" BASE ", 'Capabilities': {" caps "}}"
#define NEED_HWDEF "needs a hardware definition (pass --hardware-definition FILE)"
#define PERIPHERAL "expected a peripheral name (letters, digits, _ and -) or $NAME"
#define HOST "expected a host name or IPv4 address (no scheme, port or path)"

static const char hwdef_json[] =
	"{'Metadata': {'Type': 'Azure Sphere Hardware Definition', 'Version': 1},"
	" 'Peripherals': [{'Name': 'SAMPLE_LED', 'Type': 'Gpio', 'Mapping': 'PL061', 'AppManifestValue': 5},"
	" {'Name': 'SAMPLE_UART', 'Type': 'Uart', 'AppManifestValue': 'ISU1'}]}";

/* Test JSON is written with single quotes; turn them into double quotes. */
static char *dq(const char *text)
{
	char *out = strdup(text);

	for (char *p = out; *p; p++)
		if (*p == '\'')
			*p = '"';
	return out;
}

static struct hwdef *test_hwdef(void)
{
	struct error_detail err = { "" };
	struct hwdef *hw = NULL;
	char *text = dq(hwdef_json);

	if (hwdef_parse(text, strlen(text), &hw, &err) < 0)
		printf("Bail out! test hardware definition: %s\n", err.msg);
	free(text);
	return hw;
}

struct compile_case {
	const char *json;
	const char *error; /* "" = valid; a trailing '*' compares only the prefix */
	bool hwdef;
};

static const struct compile_case cases[] = {
	{ "{" BASE "}", "", false },
	{ "{" BASE ", 'CmdArgs': [], 'ApplicationType': 'Default', 'Capabilities': {}}", "", false },
	{ WITH_CAPS("'Gpio': ['$SAMPLE_LED', 6], 'Uart': ['$SAMPLE_UART', 'ISU0']"), "", true },
	{ WITH_CAPS("'AllowedConnections': ['*.example.com', '10.0.2.2', 'a-b.c0']"), "", false },
	{ WITH_CAPS("'SoftwareUpdateDeferral': false, 'PowerControls': ['ForceReboot']"), "", false },
	{ "{" BASE, "line 1, column *", false },
	{ "[1]", "expected a JSON object at the top level", false },
	{ "{" BASE ", 'Name': 'twice'}", "line 1, column *", false },
	{ "7", "line 1, column *", false },
	{ "{" BASE ", 'Foo': 1}", "Foo: unknown key", false },
	{ "{'Name': 'a', 'ComponentId': '" UUID "', 'EntryPoint': '/a'}", "SchemaVersion: required", false },
	{ "{'SchemaVersion': 2, 'Name': 'a', 'ComponentId': '" UUID "', 'EntryPoint': '/a'}",
	  "SchemaVersion: unsupported version (expected 1)", false },
	{ "{'SchemaVersion': 1, 'ComponentId': '" UUID "', 'EntryPoint': '/a'}", "Name: required", false },
	{ "{'SchemaVersion': 1, 'Name': 7, 'ComponentId': '" UUID "', 'EntryPoint': '/a'}",
	  "Name: expected a string", false },
	{ "{'SchemaVersion': 1, 'Name': 'x\\u0007y', 'ComponentId': '" UUID "', 'EntryPoint': '/a'}",
	  "Name: expected 1 to 64 bytes without control characters", false },
	{ "{'SchemaVersion': 1, 'Name': 'a', 'ComponentId': '6b9a3c0e', 'EntryPoint': '/a'}",
	  "ComponentId: expected a UUID like 6b9a3c0e-1f2d-4c8a-9e7b-0a1b2c3d4e5f", false },
	{ "{'SchemaVersion': 1, 'Name': 'a', 'ComponentId': '6b9a3c0e-1f2d-4c8a-9e7b-0a1b2c3d4e5g', 'EntryPoint': '/a'}",
	  "ComponentId: expected a UUID like 6b9a3c0e-1f2d-4c8a-9e7b-0a1b2c3d4e5f", false },
	{ "{'SchemaVersion': 1, 'Name': 'a', 'ComponentId': '00000000-0000-0000-0000-000000000000', 'EntryPoint': '/a'}",
	  "ComponentId: the nil UUID is not allowed", false },
	{ "{'SchemaVersion': 1, 'Name': 'a', 'ComponentId': '" UUID "'}", "EntryPoint: required", false },
	{ "{'SchemaVersion': 1, 'Name': 'a', 'ComponentId': '" UUID "', 'EntryPoint': 'bin/a'}",
	  "EntryPoint: expected an absolute path inside the image like /bin/app (no . or .. or empty components)", false },
	{ "{'SchemaVersion': 1, 'Name': 'a', 'ComponentId': '" UUID "', 'EntryPoint': '/bin/../a'}",
	  "EntryPoint: expected an absolute path inside the image like /bin/app (no . or .. or empty components)", false },
	{ "{" BASE ", 'CmdArgs': 'x'}", "CmdArgs: expected an array", false },
	{ "{" BASE ", 'CmdArgs': ['a', 1]}", "CmdArgs[1]: expected a string of at most 255 bytes", false },
	{ "{" BASE ", 'CmdArgs': ['a\\u0000b']}", "line 1, column *", false },
	{ "{" BASE ", 'CmdArgs': ['1','2','3','4','5','6','7','8','9','10','11','12','13','14','15','16','17']}",
	  "CmdArgs: 17 entries, limit is 16", false },
	{ "{" BASE ", 'ApplicationType': 'Service'}",
	  "ApplicationType: expected \"Default\" or \"Debugger\"", false },
	{ "{" BASE ", 'Capabilities': []}", "Capabilities: expected an object", false },
	{ WITH_CAPS("'WifiConfig': true"), "Capabilities.WifiConfig: unknown key", false },
	{ WITH_CAPS("'Gpio': 8"), "Capabilities.Gpio: expected an array", false },
	{ WITH_CAPS("'Gpio': [1, 'x']"), "Capabilities.Gpio[1]: expected integer or $NAME", false },
	{ WITH_CAPS("'Gpio': [1, 2.5]"), "Capabilities.Gpio[1]: expected integer or $NAME", false },
	{ WITH_CAPS("'Gpio': [1, 2000]"), "Capabilities.Gpio[1]: line 2000 out of range 0..1023", false },
	{ WITH_CAPS("'Gpio': [-1]"), "Capabilities.Gpio[0]: line -1 out of range 0..1023", false },
	{ WITH_CAPS("'Gpio': [8, 3, 8]"), "Capabilities.Gpio[2]: duplicate of Capabilities.Gpio[0]", false },
	{ WITH_CAPS("'Gpio': ['$SAMPLE_LED']"), "Capabilities.Gpio[0]: $SAMPLE_LED " NEED_HWDEF, false },
	{ WITH_CAPS("'Gpio': ['$NOPE']"), "Capabilities.Gpio[0]: $NOPE is not in the hardware definition",
	  true },
	{ WITH_CAPS("'Gpio': [5, '$SAMPLE_LED']"),
	  "Capabilities.Gpio[1]: duplicate of Capabilities.Gpio[0]", true },
	{ WITH_CAPS("'Uart': ['$SAMPLE_LED']"), "Capabilities.Uart[0]: $SAMPLE_LED is a Gpio, not a Uart",
	  true },
	{ WITH_CAPS("'Uart': ['ISU 0']"), "Capabilities.Uart[0]: " PERIPHERAL, false },
	{ WITH_CAPS("'I2cMaster': [3]"), "Capabilities.I2cMaster[0]: " PERIPHERAL, false },
	{ WITH_CAPS("'SpiMaster': ['']"), "Capabilities.SpiMaster[0]: " PERIPHERAL, false },
	{ WITH_CAPS("'Pwm': ['PWM0', 'PWM0']"), "Capabilities.Pwm[1]: duplicate of Capabilities.Pwm[0]", false },
	{ WITH_CAPS("'Adc': ['A','B','C','D','E','F','G','H','I']"), "Capabilities.Adc: 9 entries, limit is 8", false },
	{ WITH_CAPS("'AllowedConnections': ['https://example.com']"),
	  "Capabilities.AllowedConnections[0]: " HOST, false },
	{ WITH_CAPS("'AllowedConnections': ['example.com:80']"), "Capabilities.AllowedConnections[0]: " HOST, false },
	{ WITH_CAPS("'AllowedConnections': ['10.0.2.256']"), "Capabilities.AllowedConnections[0]: " HOST, false },
	{ WITH_CAPS("'AllowedConnections': ['*.10.0.2.2']"), "Capabilities.AllowedConnections[0]: " HOST, false },
	{ WITH_CAPS("'AllowedConnections': ['-bad.example.com']"), "Capabilities.AllowedConnections[0]: " HOST, false },
	{ WITH_CAPS("'AllowedTcpServerPorts': [70000]"),
	  "Capabilities.AllowedTcpServerPorts[0]: port 70000 out of range 1..65535", false },
	{ WITH_CAPS("'AllowedUdpServerPorts': [53, 0]"),
	  "Capabilities.AllowedUdpServerPorts[1]: port 0 out of range 1..65535", false },
	{ WITH_CAPS("'AllowedUdpServerPorts': ['53']"),
	  "Capabilities.AllowedUdpServerPorts[0]: expected a port number", false },
	{ WITH_CAPS("'AllowedTcpServerPorts': [80, 80]"),
	  "Capabilities.AllowedTcpServerPorts[1]: duplicate of Capabilities.AllowedTcpServerPorts[0]", false },
	{ WITH_CAPS("'MutableStorage': {'SizeKB': 100}"),
	  "Capabilities.MutableStorage.SizeKB: 100 exceeds the board limit of 64", false },
	{ WITH_CAPS("'MutableStorage': {}"), "Capabilities.MutableStorage.SizeKB: required", false },
	{ WITH_CAPS("'MutableStorage': {'SizeKB': 0}"),
	  "Capabilities.MutableStorage.SizeKB: expected a positive integer", false },
	{ WITH_CAPS("'MutableStorage': {'SizeKB': 8, 'Quota': 1}"),
	  "Capabilities.MutableStorage.Quota: unknown key", false },
	{ WITH_CAPS("'MutableStorage': 8"),
	  "Capabilities.MutableStorage: expected an object like {\"SizeKB\": 8}", false },
	{ WITH_CAPS("'DeviceAuthentication': 'tenant'"),
	  "Capabilities.DeviceAuthentication: expected a UUID like 6b9a3c0e-1f2d-4c8a-9e7b-0a1b2c3d4e5f", false },
	{ WITH_CAPS("'HostResolver': 1"), "Capabilities.HostResolver: expected true or false", false },
	{ WITH_CAPS("'SecurityMonitor': 'yes'"), "Capabilities.SecurityMonitor: expected true or false", false },
	{ WITH_CAPS("'SoftwareUpdateDeferral': 'yes'"),
	  "Capabilities.SoftwareUpdateDeferral: expected true or false", false },
	{ WITH_CAPS("'PowerControls': ['Reboot']"),
	  "Capabilities.PowerControls[0]: expected ForcePowerDown, ForceReboot or SetPowerProfile", false },
};

static void test_compile_cases(void)
{
	struct hwdef *hw = test_hwdef();

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct manifest_compile_opts opts = { cases[i].hwdef ? hw : NULL, 0 };
		struct error_detail err = { "" };
		uint8_t out[PKG_MANIFEST_MAX];
		char *json = dq(cases[i].json), name[240];
		size_t len, want_len = strlen(cases[i].error);
		int rc = manifest_compile(json, strlen(json), &opts, out, sizeof(out), &len, &err);
		bool prefix = want_len && cases[i].error[want_len - 1] == '*';
		struct manifest m;

		snprintf(name, sizeof(name), "manifest case %zu: %s", i + 1,
			 want_len ? cases[i].error : "valid");
		if (!want_len && rc == 0) {
			rc = manifest_parse(out, len, &m, &err); /* what compiles must parse */
			tap_ok(rc == 0, "%s (compiled form parses: %s)", name, rc ? err.msg : "ok");
		} else if (prefix) {
			tap_ok(rc == -EINVAL && !strncmp(err.msg, cases[i].error, want_len - 1),
				  "%s (%s)", name, err.msg);
		} else {
			tap_ok_str(rc ? err.msg : "", cases[i].error, name);
		}
		free(json);
	}
	hwdef_free(hw);
}

static void test_gpio_limit_and_board_limit(void)
{
	char json[1024], *p = json;
	struct manifest_compile_opts opts = { NULL, 0 };
	struct error_detail err = { "" };
	uint8_t out[PKG_MANIFEST_MAX];
	size_t len;
	int rc;

	p += sprintf(p, "{\"SchemaVersion\": 1, \"Name\": \"a\", \"ComponentId\": \"%s\","
			" \"EntryPoint\": \"/a\", \"Capabilities\": {\"Gpio\": [0", UUID);
	for (int i = 1; i < 33; i++)
		p += sprintf(p, ", %d", i);
	strcpy(p, "]}}");
	rc = manifest_compile(json, strlen(json), &opts, out, sizeof(out), &len, &err);
	tap_ok(rc == -E2BIG && !strcmp(err.msg, "Capabilities.Gpio: 33 entries, limit is 32"),
		  "33 GPIOs: -E2BIG (%s)", err.msg);

	char *big = dq(WITH_CAPS("'MutableStorage': {'SizeKB': 100}"));
	opts.mutable_storage_max_kb = 128;
	rc = manifest_compile(big, strlen(big), &opts, out, sizeof(out), &len, &err);
	tap_ok(rc == 0, "a board limit of 128 KiB admits SizeKB 100");
	free(big);
	rc = manifest_compile("{}", 2, &opts, out, 3, &len, &err);
	tap_ok_str(rc == -E2BIG ? err.msg : "", "no room for the compiled manifest",
		      "output buffer smaller than the header");
}

/* Compiles a manifest using every field and checks the parsed result field by field. */
static void test_full_round_trip(void)
{
	char *json = dq("{'SchemaVersion': 1, 'Name': 'Telemetry äpp', 'ComponentId': '" UUID "',"
			" 'EntryPoint': '/bin/telemetry', 'CmdArgs': ['-v', ''], 'ApplicationType': 'Debugger',"
			" 'Capabilities': {'PowerControls': ['ForcePowerDown', 'SetPowerProfile'],"
			" 'Gpio': ['$SAMPLE_LED', 7], 'Uart': ['$SAMPLE_UART'], 'I2cMaster': ['ISU2'],"
			" 'SpiMaster': ['ISU3'], 'Pwm': ['PWM-CONTROLLER-0'], 'Adc': ['ADC_CONTROLLER0'],"
			" 'AllowedConnections': ['example.com', '192.168.35.2'],"
			" 'AllowedTcpServerPorts': [1, 65535], 'AllowedUdpServerPorts': [5353],"
			" 'MutableStorage': {'SizeKB': 64},"
			" 'DeviceAuthentication': 'AABBCCDD-0011-2233-4455-66778899aabb',"
			" 'SoftwareUpdateDeferral': true, 'HostResolver': true, 'SecurityMonitor': true,"
			" 'DeviceControl': true}}");
	struct hwdef *hw = test_hwdef();
	struct manifest_compile_opts opts = { hw, 0 };
	struct error_detail err = { "" };
	uint8_t out[PKG_MANIFEST_MAX];
	struct manifest m;
	size_t len;
	int rc = manifest_compile(json, strlen(json), &opts, out, sizeof(out), &len, &err);

	if (rc == 0)
		rc = manifest_parse(out, len, &m, &err);
	tap_ok(rc == 0, "full manifest compiles and parses (%s)", rc ? err.msg : "ok");
	if (rc == 0) {
		tap_ok(!strcmp(m.name, "Telemetry äpp") && !strcmp(m.entry_point, "/bin/telemetry") &&
				  !memcmp(m.component_id, "\x6b\x9a\x3c\x0e\x1f\x2d\x4c\x8a", 8) &&
				  m.args.count == 2 && !strcmp(m.args.item[0], "-v") &&
				  !strcmp(m.args.item[1], "") && m.app_type == MANIFEST_APP_DEBUGGER,
			  "full manifest: identity, args, application type");
		tap_ok(m.gpio.count == 2 && m.gpio.item[0] == 5 && m.gpio.item[1] == 7 &&
				  m.uart.count == 1 && !strcmp(m.uart.item[0], "ISU1") &&
				  !strcmp(m.i2c_master.item[0], "ISU2") && !strcmp(m.spi_master.item[0], "ISU3") &&
				  !strcmp(m.pwm.item[0], "PWM-CONTROLLER-0") &&
				  !strcmp(m.adc.item[0], "ADC_CONTROLLER0"),
			  "full manifest: peripherals, $NAME resolved through the hardware definition");
		tap_ok(m.allowed_connections.count == 2 &&
				  !strcmp(m.allowed_connections.item[1], "192.168.35.2") &&
				  m.tcp_server_ports.count == 2 && m.tcp_server_ports.item[1] == 65535 &&
				  m.udp_server_ports.count == 1 && m.udp_server_ports.item[0] == 5353,
			  "full manifest: connections and ports");
		tap_ok(m.mutable_storage_kb == 64 && m.device_auth_tenant &&
				  !memcmp(m.device_auth_tenant, "\xaa\xbb\xcc\xdd\x00\x11", 6) &&
				  m.software_update_deferral && m.power_controls.count == 2 &&
				  !strcmp(m.power_controls.item[1], "SetPowerProfile") && m.host_resolver &&
				  m.security_monitor && m.device_control,
			  "full manifest: storage, tenant, update deferral, power controls, host resolver, "
			  "security monitor, device control");
	}
	/* Every shorter prefix of the compiled form is refused without reading past it. */
	unsigned accepted = 0;
	for (size_t cut = 0; rc == 0 && cut < len; cut++) {
		uint8_t *copy = malloc(cut ? cut : 1);
		memcpy(copy, out, cut);
		if (manifest_parse(copy, cut, &m, &err) == 0)
			accepted++;
		free(copy);
	}
	tap_ok(rc == 0 && accepted == 0, "every truncation of the compiled manifest is rejected");
	hwdef_free(hw);
	free(json);
}

/* Hand-made compiled manifests for the parser's own checks. */
struct tlv {
	uint8_t buf[1024];
	size_t len;
	uint16_t count;
};

static void tlv_add(struct tlv *t, uint16_t tag, const void *data, uint16_t len)
{
	put_le16(t->buf + t->len, tag);
	put_le16(t->buf + t->len + 2, len);
	memset(t->buf + t->len + 4, 0, pkg_align4(len));
	memcpy(t->buf + t->len + 4, data, len);
	t->len += 4 + pkg_align4(len);
	put_le16(t->buf, 1);
	put_le16(t->buf + 2, ++t->count);
}

static void tlv_base(struct tlv *t)
{
	t->len = 4;
	t->count = 0;
	tlv_add(t, MANIFEST_TAG_NAME, "app", 4);
	tlv_add(t, MANIFEST_TAG_COMPONENT_ID, "0123456789abcdef", 16);
}

static void expect_parse(const struct tlv *t, int want_rc, const char *want, const char *name)
{
	struct error_detail err = { "" };
	struct manifest m;
	int rc = manifest_parse(t->buf, t->len, &m, &err);

	tap_ok_str(rc == want_rc ? err.msg : "(wrong return code)", want, name);
}

static void test_parser(void)
{
	uint8_t le[4];
	struct tlv t;

	tlv_base(&t);
	expect_parse(&t, -EINVAL, "manifest: missing EntryPoint", "parse: missing EntryPoint");
	tlv_add(&t, MANIFEST_TAG_ENTRY_POINT, "bin/app", 8);
	expect_parse(&t, -EINVAL, "manifest: EntryPoint record at offset 32: invalid value",
		     "parse: relative EntryPoint");
	tlv_base(&t);
	tlv_add(&t, MANIFEST_TAG_ENTRY_POINT, "/bin/app", 8);
	expect_parse(&t, -EINVAL, "manifest: EntryPoint record at offset 32 is not one NUL-terminated string",
		     "parse: string without NUL");
	tlv_base(&t);
	tlv_add(&t, MANIFEST_TAG_NAME, "again", 6);
	expect_parse(&t, -EINVAL, "manifest: duplicate Name record at offset 32", "parse: duplicate Name");
	tlv_base(&t);
	tlv_add(&t, 99, "", 0);
	expect_parse(&t, -EINVAL, "manifest: unknown record tag 99 at offset 32", "parse: unknown tag");
	tlv_base(&t);
	put_le16(le, 0);
	tlv_add(&t, MANIFEST_TAG_TCP_SERVER_PORT, le, 2);
	expect_parse(&t, -EINVAL, "manifest: AllowedTcpServerPorts record at offset 32: invalid value 0",
		     "parse: port 0");
	tlv_base(&t);
	tlv_add(&t, MANIFEST_TAG_GPIO, le, 2);
	expect_parse(&t, -EINVAL, "manifest: Gpio record at offset 32 is 2 bytes, expected 4",
		     "parse: GPIO of the wrong size");
	tlv_base(&t);
	tlv_add(&t, MANIFEST_TAG_ENTRY_POINT, "/a", 3);
	for (uint32_t i = 0; i < 33; i++) {
		put_le32(le, i);
		tlv_add(&t, MANIFEST_TAG_GPIO, le, 4);
	}
	expect_parse(&t, -E2BIG, "manifest: more than 32 Gpio records", "parse: 33 GPIO records");
	tlv_base(&t);
	tlv_add(&t, MANIFEST_TAG_ENTRY_POINT, "/a", 3);
	t.buf[t.len - 1] = 1;
	expect_parse(&t, -EINVAL, "manifest: EntryPoint record at offset 32 has non-zero padding",
		     "parse: non-zero padding");
	tlv_base(&t);
	tlv_add(&t, MANIFEST_TAG_ENTRY_POINT, "/a", 3);
	put_le16(t.buf, 2);
	expect_parse(&t, -EINVAL, "manifest: unsupported format version 2 (expected 1)",
		     "parse: format version 2");
	put_le16(t.buf, 1);
	t.len += 4;
	expect_parse(&t, -EINVAL, "manifest: 4 bytes after the last of 3 records", "parse: trailing bytes");
}

static void test_hwdef_errors(void)
{
	static const struct {
		const char *json, *error;
	} bad[] = {
		{ "{'Metadata': {'Type': 'Board', 'Version': 1}, 'Peripherals': []}",
		  "Metadata.Type: expected \"Azure Sphere Hardware Definition\"" },
		{ "{'Peripherals': []}", "Metadata: required object" },
		{ "{'Metadata': {'Type': 'Azure Sphere Hardware Definition', 'Version': 1}, 'Imports': []}",
		  "Imports: not supported: list every peripheral in one file" },
		{ "{'Metadata': {'Type': 'Azure Sphere Hardware Definition', 'Version': 1},"
		  " 'Peripherals': [{'Name': 'A', 'Type': 'Gpio', 'AppManifestValue': 1},"
		  " {'Name': 'B', 'Type': 'Gpio', 'AppManifestValue': 'x'}]}",
		  "Peripherals[1].AppManifestValue: expected a GPIO line 0..1023" },
		{ "{'Metadata': {'Type': 'Azure Sphere Hardware Definition', 'Version': 1},"
		  " 'Peripherals': [{'Name': 'A', 'Type': 'Gpio', 'AppManifestValue': 1},"
		  " {'Name': 'A', 'Type': 'Uart', 'AppManifestValue': 'ISU0'}]}",
		  "Peripherals[1]: duplicate name A (Peripherals[0])" },
		{ "{'Metadata': {'Type': 'Azure Sphere Hardware Definition', 'Version': 1},"
		  " 'Peripherals': [{'Name': 'A', 'Type': 'Can', 'AppManifestValue': 1}]}",
		  "Peripherals[0].Type: expected Gpio, Uart, I2cMaster, SpiMaster, Pwm or Adc" },
		{ "{'Metadata': {'Type': 'Azure Sphere Hardware Definition', 'Version': 1},"
		  " 'Peripherals': [{'Name': 'A', 'Type': 'Gpio', 'AppManifestValue': 1, 'Pin': 3}]}",
		  "Peripherals[0].Pin: unknown key" },
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct error_detail err = { "" };
		struct hwdef *hw = NULL;
		char *json = dq(bad[i].json), name[200];
		int rc = hwdef_parse(json, strlen(json), &hw, &err);

		snprintf(name, sizeof(name), "hardware definition: %s", bad[i].error);
		tap_ok_str(rc == -EINVAL && !hw ? err.msg : "(accepted)", bad[i].error, name);
		free(json);
	}
}

static void test_board_hwdef(void)
{
	FILE *f = fopen("pkg/hwdef/qemu-armv7.json", "r");
	static char text[65536];
	size_t n = f ? fread(text, 1, sizeof(text), f) : 0;
	struct error_detail err = { "" };
	struct hwdef *hw = NULL;
	int rc;

	if (f)
		fclose(f);
	rc = hwdef_parse(text, n, &hw, &err);
	tap_ok(rc == 0 && n < sizeof(text), "pkg/hwdef/qemu-armv7.json parses (%s)", rc ? err.msg : "ok");
	tap_ok(hw && hwdef_find(hw, "QEMU_ARMV7_GPIO80") && hwdef_find(hw, "SAMPLE_RELAY"),
	       "it names MT3620's GPIO numbers up to QEMU_ARMV7_GPIO80, and SAMPLE_RELAY");
	hwdef_free(hw);
}

int main(void)
{
	test_compile_cases();
	test_gpio_limit_and_board_limit();
	test_full_round_trip();
	test_parser();
	test_hwdef_errors();
	test_board_hwdef();
	return tap_done();
}
