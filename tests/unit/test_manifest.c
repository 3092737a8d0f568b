/*
 * test_manifest.c - unit tests of the manifest compiler (app_manifest.json ->
 * TLV, with exact error and warning messages naming the JSON path), of
 * hardware definitions (one file, and files importing others), and of the
 * device-side parser of the compiled form.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hwdef.h"
#include "pkg_internal.h"
#include "spherule/le.h"
#include "hwdef.h"
#include "spherule/manifest_compile.h"
#include "test_pkg_support.h"

#define UUID "6b9a3c0e-1f2d-4c8a-9e7b-0a1b2c3d4e5f"
#define BASE "'SchemaVersion': 1, 'Name': 'app', 'ComponentId': '" UUID "', 'EntryPoint': '/bin/app'"
#define WITH_CAPS(caps) "{" BASE ", 'Capabilities': {" caps "}}"
#define NEED_HWDEF "needs a hardware definition (pass --hardware-definition FILE)"
#define PERIPHERAL "expected a peripheral name (letters, digits, _ and -) or $NAME"
#define HOST "expected a host name or IPv4 address (no scheme, port or path)"

#define HWDEF_META "'Metadata': {'Type': 'Azure Sphere Hardware Definition', 'Version': 1}"

static const char hwdef_json[] =
	"{" HWDEF_META ","
	" 'Peripherals': [{'Name': 'SAMPLE_LED', 'Type': 'Gpio', 'Mapping': 'PL061', 'AppManifestValue': 5},"
	" {'Name': 'SAMPLE_UART', 'Type': 'Uart', 'AppManifestValue': 'ISU1'},"
	" {'Name': 'CHIP_ISU2', 'Type': 'I2cSlave', 'MainCoreHeaderValue': '(2)', 'AppManifestValue': 'ISU2'},"
	" {'Name': 'SAMPLE_SLAVE', 'Type': 'I2cSlave', 'Mapping': 'CHIP_ISU2'},"
	" {'Name': 'CHIP_PWM_CHANNEL1', 'Type': 'int', 'MainCoreHeaderValue': '(1)'},"
	" {'Name': 'SAMPLE_PWM_CHANNEL', 'Type': 'int', 'Mapping': 'CHIP_PWM_CHANNEL1'}]}";

/* The warnings of the last compilation, one per line. */
static char warnings[4096];

static void collect_warning(void *ctx, const char *msg)
{
	size_t used = strlen(warnings);

	(void)ctx;
	snprintf(warnings + used, sizeof(warnings) - used, "%s\n", msg);
}

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

#define PLACEHOLDER "00000000-0000-0000-0000-000000000000"
#define SERVICE_WARNING " is a DNS-SD service name: Spherule's network allowlist holds hosts only, " \
	"so it does not let the app reach the service's instances\n"

static const struct compile_case cases[] = {
	{ "{" BASE "}", "", false },
	{ "{" BASE ", 'CmdArgs': [], 'ApplicationType': 'Default', 'Capabilities': {}}", "", false },
	{ WITH_CAPS("'Gpio': ['$SAMPLE_LED', 6], 'Uart': ['$SAMPLE_UART', 'ISU0']"), "", true },
	{ WITH_CAPS("'AllowedConnections': ['*.example.com', '10.0.2.2', 'a-b.c0']"), "", false },
	{ WITH_CAPS("'SoftwareUpdateDeferral': false, 'PowerControls': ['ForceReboot']"), "", false },
	{ "{" BASE ", 'MallocVersion': 2, 'TargetApplicationRuntimeVersion': 3, 'TargetBetaApis': 'Beta2101',"
	  " 'ApplicationType': 'RealTimeCapable'}", "", false },
	{ WITH_CAPS("'AllowedConnections': ['_sample-service._tcp.local', 'a_b.example.com']"),
	  "Capabilities.AllowedConnections[1]: " HOST, false },
	{ WITH_CAPS("'I2cSlave': ['$SAMPLE_SLAVE', 'ISU3'], 'ExternalInterrupt': ['EINT4'],"
		    " 'AllowedApplicationConnections': ['005180BC-402F-4CB3-A662-72937DBCDE47'],"
		    " 'WifiConfig': false, 'Uart': [], 'CertStore': true"), "", true },
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
	  "Name: expected 1 or more bytes without control characters", false },
	{ "{'SchemaVersion': 1, 'Name': '', 'ComponentId': '" UUID "', 'EntryPoint': '/a'}",
	  "Name: expected 1 or more bytes without control characters", false },
	{ "{" BASE ", 'MallocVersion': 3}", "MallocVersion: expected 1 or 2", false },
	{ "{" BASE ", 'MallocVersion': '2'}", "MallocVersion: expected 1 or 2", false },
	{ "{" BASE ", 'TargetApplicationRuntimeVersion': 0}",
	  "TargetApplicationRuntimeVersion: expected a positive integer", false },
	{ "{" BASE ", 'TargetBetaApis': 'Beta 2101'}",
	  "TargetBetaApis: expected the name of a beta API set like Beta2101", false },
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
	  "ApplicationType: expected \"Default\", \"Debugger\" or \"RealTimeCapable\"", false },
	{ "{" BASE ", 'Capabilities': []}", "Capabilities: expected an object", false },
	{ WITH_CAPS("'NetworkProxyConfig': true"), "Capabilities.NetworkProxyConfig: unknown key", false },
	{ WITH_CAPS("'WifiConfig': 1"), "Capabilities.WifiConfig: expected true or false", false },
	{ WITH_CAPS("'HeapMemStats': 'yes'"), "Capabilities.HeapMemStats: expected true or false", false },
	{ WITH_CAPS("'Pwm': ['$SAMPLE_PWM_CHANNEL']"),
	  "Capabilities.Pwm[0]: $SAMPLE_PWM_CHANNEL is a constant (Type int), not a Pwm", true },
	{ WITH_CAPS("'I2cSlave': ['$SAMPLE_UART']"),
	  "Capabilities.I2cSlave[0]: $SAMPLE_UART is a Uart, not a I2cSlave", true },
	{ WITH_CAPS("'ExternalInterrupt': ['EINT 4']"),
	  "Capabilities.ExternalInterrupt[0]: expected an interrupt name (letters, digits, _ and -) like EINT4",
	  false },
	{ WITH_CAPS("'AllowedApplicationConnections': ['rtapp']"),
	  "Capabilities.AllowedApplicationConnections[0]: expected a UUID like 6b9a3c0e-1f2d-4c8a-9e7b-0a1b2c3d4e5f",
	  false },
	{ WITH_CAPS("'AllowedApplicationConnections': ['" PLACEHOLDER "']"),
	  "Capabilities.AllowedApplicationConnections[0]: the nil UUID is not allowed", false },
	{ WITH_CAPS("'AllowedApplicationConnections': ['005180bc-402f-4cb3-a662-72937dbcde47',"
		    " '005180BC-402F-4CB3-A662-72937DBCDE47']"),
	  "Capabilities.AllowedApplicationConnections[1]: duplicate of Capabilities.AllowedApplicationConnections[0]",
	  false },
	{ WITH_CAPS("'AllowedConnections': ['*._tcp.local']"), "Capabilities.AllowedConnections[0]: " HOST, false },
	{ WITH_CAPS("'AllowedConnections': ['_.local']"), "Capabilities.AllowedConnections[0]: " HOST, false },
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
	{ WITH_CAPS("'NetworkManager': 1"), "Capabilities.NetworkManager: expected true or false", false },
	{ WITH_CAPS("'UpdateAgent': 'yes'"), "Capabilities.UpdateAgent: expected true or false", false },
	{ WITH_CAPS("'SoftwareUpdateDeferral': 'yes'"),
	  "Capabilities.SoftwareUpdateDeferral: expected true or false", false },
	{ WITH_CAPS("'PowerControls': ['Reboot']"),
	  "Capabilities.PowerControls[0]: expected ForcePowerDown, ForceReboot or SetPowerProfile", false },
};

/* Manifests that compile with warnings, and the warnings (one per line). */
static const struct {
	const char *json, *warnings;
} warning_cases[] = {
	{ WITH_CAPS("'AllowedConnections': ['_sample-service._tcp.local']"),
	  "Capabilities.AllowedConnections[0]: _sample-service._tcp.local" SERVICE_WARNING },
	{ WITH_CAPS("'DeviceAuthentication': '" PLACEHOLDER "', 'HeapMemStats': true"),
	  "Capabilities.HeapMemStats: heap allocation tracking (Azure Sphere's libmalloc) is not available on "
	  "Spherule: ignored\n"
	  "Capabilities.DeviceAuthentication: " PLACEHOLDER " is the placeholder of Azure Sphere's samples, "
	  "not a tenant: packed without device authentication (put your tenant's id here)\n" },
	{ "{'SchemaVersion': 1, 'Name': 'a-name-of-seventy-bytes-is-longer-than-spherule-keeps-abcdefghijklmnop',"
	  " 'ComponentId': '" UUID "', 'EntryPoint': '/a'}",
	  "Name: 70 bytes, only the first 64 are stored: "
	  "\"a-name-of-seventy-bytes-is-longer-than-spherule-keeps-abcdefghij\"\n" },
	{ "{'SchemaVersion': 1, 'Name': '0123456789012345678901234567890123456789012345678901234567890\u00e4\u00e4',"
	  " 'ComponentId': '" UUID "', 'EntryPoint': '/a'}",
	  "Name: 65 bytes, only the first 63 are stored: "
	  "\"0123456789012345678901234567890123456789012345678901234567890\u00e4\"\n" },
};

static void test_warnings(void)
{
	for (size_t i = 0; i < sizeof(warning_cases) / sizeof(warning_cases[0]); i++) {
		struct manifest_compile_opts opts = { .warn = collect_warning };
		struct error_detail err = { "" };
		uint8_t out[PKG_MANIFEST_MAX];
		char *json = dq(warning_cases[i].json), name[80];
		struct manifest m;
		size_t len;
		int rc;

		warnings[0] = '\0';
		rc = manifest_compile(json, strlen(json), &opts, out, sizeof(out), &len, &err);
		if (rc == 0)
			rc = manifest_parse(out, len, &m, &err);
		snprintf(name, sizeof(name), "warning case %zu: compiles and parses", i + 1);
		tap_ok(rc == 0, "%s (%s)", name, rc ? err.msg : "ok");
		snprintf(name, sizeof(name), "warning case %zu: the warnings", i + 1);
		tap_ok_str(warnings, warning_cases[i].warnings, name);
		free(json);
	}
}

static void test_compile_cases(void)
{
	struct hwdef *hw = test_hwdef();

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct manifest_compile_opts opts = { .hwdef = cases[i].hwdef ? hw : NULL,
						      .warn = collect_warning };
		struct error_detail err = { "" };
		uint8_t out[PKG_MANIFEST_MAX];
		char *json = dq(cases[i].json), name[240];
		size_t len, want_len = strlen(cases[i].error);
		int rc = manifest_compile(json, strlen(json), &opts, out, sizeof(out), &len, &err);
		bool prefix = want_len && cases[i].error[want_len - 1] == '*';
		struct manifest m;

		warnings[0] = '\0';
		snprintf(name, sizeof(name), "manifest case %zu: %s", i + 1,
			 want_len ? cases[i].error : "valid");
		if (!want_len)
			tap_ok_str(warnings, "", "manifest case: no warning");
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
	struct manifest_compile_opts opts = { 0 };
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
			" 'DeviceControl': true, 'NetworkManager': true, 'UpdateAgent': true,"
			" 'SystemEventNotifications': true, 'SystemTime': true,"
			" 'NetworkConfig': true, 'TimeSyncConfig': true, 'WifiConfig': true,"
			" 'EnterpriseWifiConfig': true, 'CertStore': true, 'HardwareAddressConfig': true,"
			" 'SntpService': true, 'DhcpService': true, 'ReadNetworkProxyConfig': true,"
			" 'HeapMemStats': false, 'I2cSlave': ['$SAMPLE_SLAVE'], 'ExternalInterrupt': ['EINT4', 'EINT12'],"
			" 'AllowedApplicationConnections': ['005180BC-402F-4CB3-A662-72937DBCDE47', '" UUID "']},"
			" 'MallocVersion': 2, 'TargetBetaApis': 'Beta2101'}");
	struct hwdef *hw = test_hwdef();
	struct manifest_compile_opts opts = { .hwdef = hw };
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
				  m.security_monitor && m.device_control && m.network_manager && m.update_agent,
			  "full manifest: storage, tenant, update deferral, power controls, host resolver, "
			  "security monitor, device control, network manager, update agent");
		tap_ok(m.system_event_notifications && m.system_time && m.network_config &&
				  m.time_sync_config && m.wifi_config && m.enterprise_wifi_config &&
				  m.cert_store && m.hardware_address_config && m.sntp_service &&
				  m.dhcp_service && m.read_network_proxy_config,
			  "full manifest: the permissions of the app service");
		tap_ok(m.i2c_slave.count == 1 && !strcmp(m.i2c_slave.item[0], "ISU2") &&
				  m.external_interrupt.count == 2 && !strcmp(m.external_interrupt.item[1], "EINT12") &&
				  m.app_connections.count == 2 &&
				  !memcmp(m.app_connections.item[0], "\x00\x51\x80\xbc\x40\x2f", 6) &&
				  !memcmp(m.app_connections.item[1], "\x6b\x9a\x3c\x0e", 4),
			  "full manifest: I2cSlave through $NAME, ExternalInterrupt, application connections");
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
	tlv_add(&t, MANIFEST_TAG_ENTRY_POINT, "/a", 3);
	put_le32(le, MANIFEST_APP_REAL_TIME_CAPABLE);
	tlv_add(&t, MANIFEST_TAG_APP_TYPE, le, 4);
	expect_parse(&t, 0, "", "parse: application type RealTimeCapable");
	tlv_base(&t);
	put_le32(le, 3);
	tlv_add(&t, MANIFEST_TAG_APP_TYPE, le, 4);
	expect_parse(&t, -EINVAL, "manifest: ApplicationType record at offset 32: invalid value 3",
		     "parse: an unknown application type");
	tlv_base(&t);
	tlv_add(&t, MANIFEST_TAG_ENTRY_POINT, "/a", 3);
	for (int i = 0; i < 9; i++)
		tlv_add(&t, MANIFEST_TAG_APP_CONNECTION, "0123456789abcdef", 16);
	expect_parse(&t, -E2BIG, "manifest: more than 8 AllowedApplicationConnections records",
		     "parse: 9 application connections");
	tlv_base(&t);
	tlv_add(&t, MANIFEST_TAG_SYSTEM_TIME, "x", 1);
	expect_parse(&t, -EINVAL, "manifest: SystemTime record at offset 32 is 1 bytes, expected 0",
		     "parse: a flag with data");
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

#define PERIPHERALS(list) "{" HWDEF_META ", 'Peripherals': [" list "]}"

static void test_hwdef_errors(void)
{
	static const struct {
		const char *json, *error;
	} bad[] = {
		{ "{'Metadata': {'Type': 'Board', 'Version': 1}, 'Peripherals': []}",
		  "Metadata.Type: expected \"Azure Sphere Hardware Definition\"" },
		{ "{'Peripherals': []}", "Metadata: required object" },
		{ "{" HWDEF_META ", 'Imports': [{'Path': 'mt3620.json'}], 'Peripherals': []}",
		  "Imports: finding the imported files needs the file's path (--hardware-definition FILE)" },
		{ "{" HWDEF_META ", 'Imports': [{'File': 'mt3620.json'}], 'Peripherals': []}",
		  "Imports[0].File: unknown key" },
		{ "{" HWDEF_META ", 'Imports': {'Path': 'mt3620.json'}, 'Peripherals': []}",
		  "Imports: expected an array" },
		{ "{" HWDEF_META ", 'Description': 'board', 'Peripherals': []}",
		  "Description: expected an object" },
		{ PERIPHERALS("{'Name': 'A', 'Type': 'Gpio', 'AppManifestValue': 1},"
			      " {'Name': 'B', 'Type': 'Gpio', 'AppManifestValue': 'x'}"),
		  "Peripherals[1].AppManifestValue: expected a GPIO line 0..1023" },
		{ PERIPHERALS("{'Name': 'A', 'Type': 'Gpio', 'AppManifestValue': 1},"
			      " {'Name': 'A', 'Type': 'Uart', 'AppManifestValue': 'ISU0'}"),
		  "Peripherals[1]: duplicate name A (Peripherals[0])" },
		{ PERIPHERALS("{'Name': 'A', 'Type': 'Can', 'AppManifestValue': 1}"),
		  "Peripherals[0].Type: expected Gpio, Uart, I2cMaster, I2cSlave, SpiMaster, Pwm, Adc or int" },
		{ PERIPHERALS("{'Name': 'A', 'Type': 'Gpio', 'AppManifestValue': 1, 'Pin': 3}"),
		  "Peripherals[0].Pin: unknown key" },
		{ PERIPHERALS("{'Name': 'A', 'Type': 'Gpio', 'Comment': 'no value'}"),
		  "Peripherals[0]: needs a Mapping or an AppManifestValue" },
		{ PERIPHERALS("{'Name': 'A', 'Type': 'int', 'Comment': 'no value'}"),
		  "Peripherals[0]: needs a Mapping or a MainCoreHeaderValue" },
		{ PERIPHERALS("{'Name': 'A', 'Type': 'int', 'MainCoreHeaderValue': '(1)', 'AppManifestValue': 1}"),
		  "Peripherals[0].AppManifestValue: an int has none (it is no manifest peripheral)" },
		{ PERIPHERALS("{'Name': 'A', 'Type': 'Uart', 'MainCoreHeaderValue': 4, 'AppManifestValue': 'ISU0'}"),
		  "Peripherals[0].MainCoreHeaderValue: expected a string" },
		{ PERIPHERALS("{'Name': 'A', 'Type': 'Uart', 'AppManifestValue': 'ISU 0'}"),
		  "Peripherals[0].AppManifestValue: expected a peripheral name like ISU0" },
		{ PERIPHERALS("{'Name': '1A', 'Type': 'Gpio', 'AppManifestValue': 1}"),
		  "Peripherals[0].Name: expected a name of letters, digits and _ (at most 63)" },
		{ PERIPHERALS("{'Name': 'A_NAME_OF_SIXTY_FOUR_LETTERS_IS_ONE_TOO_MANY_FOR_A_NAME_ABCDEFGH',"
			      " 'Type': 'Gpio', 'AppManifestValue': 1}"),
		  "Peripherals[0].Name: expected a name of letters, digits and _ (at most 63)" },
		{ PERIPHERALS("{'Name': 'SAMPLE_LED', 'Type': 'Gpio', 'Mapping': 'NOWHERE'}"),
		  "Peripherals[0].Mapping: SAMPLE_LED maps to NOWHERE, which neither this file nor its imports define" },
		{ PERIPHERALS("{'Name': 'SAMPLE_LED', 'Type': 'Gpio', 'Mapping': 'CHIP_UART'},"
			      " {'Name': 'CHIP_UART', 'Type': 'Uart', 'AppManifestValue': 'ISU0'}"),
		  "Peripherals[0].Mapping: SAMPLE_LED (Gpio) maps to CHIP_UART, a Uart" },
		{ PERIPHERALS("{'Name': 'A', 'Type': 'Gpio', 'Mapping': 'B'},"
			      " {'Name': 'B', 'Type': 'Gpio', 'Mapping': 'A'}"),
		  "Peripherals[0].Mapping: the Mapping chain of A loops" },
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

/* A directory of hardware definition files for the tests of Imports, and
 * what was written there (removed at the end). */
static char hw_dir[] = "/tmp/test_manifest.XXXXXX";
static char hw_written[32][256];
static unsigned hw_count;

static void write_hwdef(const char *rel, const char *imports, const char *peripherals)
{
	char path[256], *json;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", hw_dir, rel);
	if (strchr(rel, '/')) {
		char dir[200];

		snprintf(dir, sizeof(dir), "%s/%.*s", hw_dir, (int)(strrchr(rel, '/') - rel), rel);
		if (mkdir(dir, 0755) == 0)
			snprintf(hw_written[hw_count++], sizeof(hw_written[0]), "%s/", dir);
	}
	json = malloc(strlen(imports) + strlen(peripherals) + 256);
	sprintf(json, "{" HWDEF_META ", 'Description': {'Name': '%s'}, 'Imports': [%s], 'Peripherals': [%s]}",
		rel, imports, peripherals);
	f = fopen(path, "w");
	if (f)
		snprintf(hw_written[hw_count++], sizeof(hw_written[0]), "%s", path);
	for (char *p = json; *p; p++)
		fputc(*p == '\'' ? '"' : *p, f);
	fclose(f);
	free(json);
}

/* Loads rel from hw_dir with the SDK directory sdk/ (if sdk); the error, or "" when it loads. */
static struct hwdef *load_hwdef(const char *rel, bool sdk, struct error_detail *err)
{
	char path[256], dir[256];
	const char *dirs[] = { dir };
	struct hwdef *hw = NULL;

	snprintf(path, sizeof(path), "%s/%s", hw_dir, rel);
	snprintf(dir, sizeof(dir), "%s/sdk", hw_dir);
	err->msg[0] = '\0';
	hwdef_load(path, dirs, sdk ? 1 : 0, &hw, err);
	return hw;
}

static void expect_load_error(const char *rel, bool sdk, const char *want, const char *name)
{
	struct error_detail err;
	struct hwdef *hw = load_hwdef(rel, sdk, &err);
	char expanded[2 * ERROR_DETAIL_SIZE];
	size_t used = 0;

	/* want names the directory as @ */
	for (const char *w = want; *w && used < sizeof(expanded); w++)
		used += *w == '@' ? (size_t)snprintf(expanded + used, sizeof(expanded) - used, "%s", hw_dir)
				  : (size_t)snprintf(expanded + used, sizeof(expanded) - used, "%c", *w);
	expanded[used < sizeof(expanded) ? used : sizeof(expanded) - 1] = '\0';
	tap_ok_str(hw ? "(loaded)" : err.msg, expanded, name);
	hwdef_free(hw);
}

/* Azure Sphere's layout: the app's sample_appliance.json imports the board
 * (next to it, or in the SDK's HardwareDefinitions), which imports the chip. */
static void test_hwdef_imports(void)
{
	struct error_detail err;
	struct hwdef *hw;
	struct hwdef_peripheral p = { 0 };
	char deep[16], next[40];

	if (!mkdtemp(hw_dir)) {
		tap_ok(0, "a temporary directory for hardware definitions");
		return;
	}
	write_hwdef("sdk/chip.json", "",
		    "{'Name': 'CHIP_GPIO8', 'Type': 'Gpio', 'MainCoreHeaderValue': '(8)', 'AppManifestValue': 8},"
		    " {'Name': 'CHIP_ISU0_UART', 'Type': 'Uart', 'MainCoreHeaderValue': '(4)', 'AppManifestValue': 'ISU0'},"
		    " {'Name': 'CHIP_CHANNEL1', 'Type': 'int', 'MainCoreHeaderValue': '(1)'}");
	write_hwdef("sdk/board.json", "{'Path': 'chip.json'}",
		    "{'Name': 'BOARD_LED1_RED', 'Type': 'Gpio', 'Mapping': 'CHIP_GPIO8'},"
		    " {'Name': 'BOARD_ISU0_UART', 'Type': 'Uart', 'Mapping': 'CHIP_ISU0_UART'}");
	write_hwdef("app/sample.json", "{'Path': 'board.json'}",
		    "{'Name': 'SAMPLE_LED', 'Type': 'Gpio', 'Mapping': 'BOARD_LED1_RED', 'Comment': 'LED 1'},"
		    " {'Name': 'SAMPLE_UART', 'Type': 'Uart', 'Mapping': 'BOARD_ISU0_UART'},"
		    " {'Name': 'SAMPLE_CHANNEL', 'Type': 'int', 'Mapping': 'CHIP_CHANNEL1'}");
	hw = load_hwdef("app/sample.json", true, &err);
	tap_ok(hw != NULL, "imports found in the SDK directory load (%s)", hw ? "ok" : err.msg);
	tap_ok(hw && hwdef_lookup(hw, "SAMPLE_LED", &p) == 0 && !strcmp(p.type, "Gpio") && p.number == 8,
	       "SAMPLE_LED > BOARD_LED1_RED > CHIP_GPIO8: line 8");
	tap_ok(hw && hwdef_lookup(hw, "SAMPLE_UART", &p) == 0 && !strcmp(p.text, "ISU0"),
	       "SAMPLE_UART > BOARD_ISU0_UART > CHIP_ISU0_UART: ISU0");
	tap_ok(hw && hwdef_lookup(hw, "SAMPLE_CHANNEL", &p) == 0 && !strcmp(p.type, "int") && !p.text,
	       "an int maps to a constant: no manifest value");
	tap_ok(hw && hwdef_lookup(hw, "CHIP_GPIO8", &p) == 0 && hwdef_lookup(hw, "NONE", &p) == -ENOENT,
	       "names of imported files are visible; unknown ones are -ENOENT");
	hwdef_free(hw);
	expect_load_error("app/sample.json", false,
			  "@/app/sample.json: Imports[0].Path: board.json is not next to it, and no "
			  "HardwareDefinitions directory is given (--hardware-definitions DIR)",
			  "an import not next to the file, without SDK directory");

	/* The board next to the app's file wins over the SDK's. */
	write_hwdef("app/board.json", "{'Path': '../sdk/chip.json'}",
		    "{'Name': 'BOARD_LED1_RED', 'Type': 'Gpio', 'Mapping': 'CHIP_GPIO8'},"
		    " {'Name': 'BOARD_ISU0_UART', 'Type': 'Uart', 'AppManifestValue': 'ISU3'}");
	hw = load_hwdef("app/sample.json", true, &err);
	tap_ok(hw && hwdef_lookup(hw, "SAMPLE_UART", &p) == 0 && !strcmp(p.text, "ISU3") && hw->count == 3,
	       "an import next to the file is used before the SDK's (%s)", hw ? "ok" : err.msg);
	hwdef_free(hw);

	/* A file sees only its own names and its imports'. */
	write_hwdef("sdk/upward.json", "", "{'Name': 'UP', 'Type': 'Gpio', 'Mapping': 'SAMPLE_TOP'}");
	write_hwdef("top.json", "{'Path': 'upward.json'}",
		    "{'Name': 'SAMPLE_TOP', 'Type': 'Gpio', 'AppManifestValue': 1}");
	expect_load_error("top.json", true,
			  "@/sdk/upward.json: Peripherals[0].Mapping: UP maps to SAMPLE_TOP, which neither "
			  "this file nor its imports define",
			  "a Mapping to a name of the importing file is refused");
	write_hwdef("twice.json", "{'Path': 'sdk/chip.json'}",
		    "{'Name': 'CHIP_GPIO8', 'Type': 'Gpio', 'AppManifestValue': 9}");
	expect_load_error("twice.json", false,
			  "@/sdk/chip.json: Peripherals[0]: CHIP_GPIO8 is also defined in @/twice.json",
			  "a name defined in two files is refused");
	write_hwdef("diamond.json", "{'Path': 'sdk/board.json'}, {'Path': 'sdk/chip.json'}",
		    "{'Name': 'D', 'Type': 'Gpio', 'Mapping': 'CHIP_GPIO8'}");
	hw = load_hwdef("diamond.json", false, &err);
	tap_ok(hw && hw->count == 3, "a file imported twice is loaded once (%s)", hw ? "ok" : err.msg);
	hwdef_free(hw);

	write_hwdef("a.json", "{'Path': 'b.json'}", "");
	write_hwdef("b.json", "{'Path': './a.json'}", "");
	expect_load_error("a.json", false, "Imports loop: @/a.json > @/b.json > @/./a.json",
			  "an import cycle is refused, naming the chain");
	for (int i = 0; i < 9; i++) {
		snprintf(deep, sizeof(deep), "d%d.json", i);
		snprintf(next, sizeof(next), "{'Path': 'd%d.json'}", i + 1);
		write_hwdef(deep, i < 8 ? next : "", "");
	}
	expect_load_error("d0.json", false,
			  "Imports nest more than 8 files deep: @/d0.json > @/d1.json > @/d2.json > @/d3.json"
			  " > @/d4.json > @/d5.json > @/d6.json > @/d7.json > @/d8.json",
			  "imports nested more than 8 files deep are refused");
	write_hwdef("broken.json", "{'Path': 'sdk/chip.json'}", "{'Name': 'X', 'Type': 'Gpio'}");
	expect_load_error("broken.json", false, "@/broken.json: Peripherals[0]: needs a Mapping or an AppManifestValue",
			  "an error in a file names the file");
	/* Files first, then their directories (written before them, named with a '/'). */
	for (unsigned i = hw_count; i-- > 0;)
		if (hw_written[i][strlen(hw_written[i]) - 1] != '/')
			unlink(hw_written[i]);
	for (unsigned i = hw_count; i-- > 0;)
		if (hw_written[i][strlen(hw_written[i]) - 1] == '/')
			rmdir(hw_written[i]);
	rmdir(hw_dir);
}

static void test_board_hwdef(void)
{
	FILE *f = fopen("pkg/hwdef/qemu-armv7.json", "r");
	static char text[65536];
	size_t n = f ? fread(text, 1, sizeof(text), f) : 0;
	struct error_detail err = { "" };
	struct hwdef_peripheral p;
	struct hwdef *hw = NULL;
	int rc;

	if (f)
		fclose(f);
	rc = hwdef_parse(text, n, &hw, &err);
	tap_ok(rc == 0 && n < sizeof(text), "pkg/hwdef/qemu-armv7.json parses (%s)", rc ? err.msg : "ok");
	tap_ok(hw && hwdef_lookup(hw, "QEMU_ARMV7_GPIO80", &p) == 0 && hwdef_lookup(hw, "SAMPLE_RELAY", &p) == 0,
	       "it names MT3620's GPIO numbers up to QEMU_ARMV7_GPIO80, and SAMPLE_RELAY");
	hwdef_free(hw);
}

int main(void)
{
	test_compile_cases();
	test_warnings();
	test_gpio_limit_and_board_limit();
	test_full_round_trip();
	test_parser();
	test_hwdef_errors();
	test_hwdef_imports();
	test_board_hwdef();
	return tap_done();
}
