/*
 * manifest_rules.c - the table of compiled-manifest tags (kind, limit, field)
 * and the syntax rules for entry points, peripheral names and hosts, used
 * both when compiling app_manifest.json and when parsing the compiled form.
 */
#include <stddef.h>
#include <string.h>

#include "manifest_internal.h"

/* Every string list fits struct manifest_strings. */
_Static_assert(MANIFEST_MAX_ARGS <= MANIFEST_MAX_CONNECTIONS &&
		       MANIFEST_MAX_PERIPHERALS <= MANIFEST_MAX_CONNECTIONS &&
		       MANIFEST_MAX_POWER_CONTROLS <= MANIFEST_MAX_CONNECTIONS,
	       "a string list limit exceeds struct manifest_strings");

#define RULE(name, kind, max, member) { name, kind, max, offsetof(struct manifest, member) }

static const struct manifest_rule rules[MANIFEST_TAG_COUNT] = {
	[MANIFEST_TAG_NAME] = RULE("Name", MANIFEST_KIND_STRING, 1, name),
	[MANIFEST_TAG_COMPONENT_ID] = RULE("ComponentId", MANIFEST_KIND_UUID, 1, component_id),
	[MANIFEST_TAG_ENTRY_POINT] = RULE("EntryPoint", MANIFEST_KIND_STRING, 1, entry_point),
	[MANIFEST_TAG_CMD_ARG] = RULE("CmdArgs", MANIFEST_KIND_STRING, MANIFEST_MAX_ARGS, args),
	[MANIFEST_TAG_APP_TYPE] = RULE("ApplicationType", MANIFEST_KIND_U32, 1, app_type),
	[MANIFEST_TAG_GPIO] = RULE("Gpio", MANIFEST_KIND_U32, MANIFEST_MAX_GPIOS, gpio),
	[MANIFEST_TAG_UART] = RULE("Uart", MANIFEST_KIND_STRING, MANIFEST_MAX_PERIPHERALS, uart),
	[MANIFEST_TAG_I2C_MASTER] =
		RULE("I2cMaster", MANIFEST_KIND_STRING, MANIFEST_MAX_PERIPHERALS, i2c_master),
	[MANIFEST_TAG_SPI_MASTER] =
		RULE("SpiMaster", MANIFEST_KIND_STRING, MANIFEST_MAX_PERIPHERALS, spi_master),
	[MANIFEST_TAG_PWM] = RULE("Pwm", MANIFEST_KIND_STRING, MANIFEST_MAX_PERIPHERALS, pwm),
	[MANIFEST_TAG_ADC] = RULE("Adc", MANIFEST_KIND_STRING, MANIFEST_MAX_PERIPHERALS, adc),
	[MANIFEST_TAG_ALLOWED_CONNECTION] = RULE("AllowedConnections", MANIFEST_KIND_STRING,
						 MANIFEST_MAX_CONNECTIONS, allowed_connections),
	[MANIFEST_TAG_TCP_SERVER_PORT] = RULE("AllowedTcpServerPorts", MANIFEST_KIND_U16,
					      MANIFEST_MAX_PORTS, tcp_server_ports),
	[MANIFEST_TAG_UDP_SERVER_PORT] = RULE("AllowedUdpServerPorts", MANIFEST_KIND_U16,
					      MANIFEST_MAX_PORTS, udp_server_ports),
	[MANIFEST_TAG_MUTABLE_STORAGE_KB] =
		RULE("MutableStorage", MANIFEST_KIND_U32, 1, mutable_storage_kb),
	[MANIFEST_TAG_DEVICE_AUTHENTICATION] =
		RULE("DeviceAuthentication", MANIFEST_KIND_UUID, 1, device_auth_tenant),
	[MANIFEST_TAG_SOFTWARE_UPDATE_DEFERRAL] =
		RULE("SoftwareUpdateDeferral", MANIFEST_KIND_FLAG, 1, software_update_deferral),
	[MANIFEST_TAG_POWER_CONTROLS] = RULE("PowerControls", MANIFEST_KIND_STRING,
					     MANIFEST_MAX_POWER_CONTROLS, power_controls),
	[MANIFEST_TAG_HOST_RESOLVER] =
		RULE("HostResolver", MANIFEST_KIND_FLAG, 1, host_resolver),
	[MANIFEST_TAG_SECURITY_MONITOR] =
		RULE("SecurityMonitor", MANIFEST_KIND_FLAG, 1, security_monitor),
	[MANIFEST_TAG_DEVICE_CONTROL] =
		RULE("DeviceControl", MANIFEST_KIND_FLAG, 1, device_control),
	[MANIFEST_TAG_SYSTEM_EVENT_NOTIFICATIONS] = RULE("SystemEventNotifications", MANIFEST_KIND_FLAG,
							 1, system_event_notifications),
	[MANIFEST_TAG_SYSTEM_TIME] = RULE("SystemTime", MANIFEST_KIND_FLAG, 1, system_time),
	[MANIFEST_TAG_NETWORK_CONFIG] = RULE("NetworkConfig", MANIFEST_KIND_FLAG, 1, network_config),
	[MANIFEST_TAG_TIME_SYNC_CONFIG] =
		RULE("TimeSyncConfig", MANIFEST_KIND_FLAG, 1, time_sync_config),
	[MANIFEST_TAG_WIFI_CONFIG] = RULE("WifiConfig", MANIFEST_KIND_FLAG, 1, wifi_config),
	[MANIFEST_TAG_ENTERPRISE_WIFI_CONFIG] =
		RULE("EnterpriseWifiConfig", MANIFEST_KIND_FLAG, 1, enterprise_wifi_config),
	[MANIFEST_TAG_CERT_STORE] = RULE("CertStore", MANIFEST_KIND_FLAG, 1, cert_store),
	[MANIFEST_TAG_HARDWARE_ADDRESS_CONFIG] =
		RULE("HardwareAddressConfig", MANIFEST_KIND_FLAG, 1, hardware_address_config),
	[MANIFEST_TAG_SNTP_SERVICE] = RULE("SntpService", MANIFEST_KIND_FLAG, 1, sntp_service),
	[MANIFEST_TAG_DHCP_SERVICE] = RULE("DhcpService", MANIFEST_KIND_FLAG, 1, dhcp_service),
	[MANIFEST_TAG_READ_NETWORK_PROXY_CONFIG] =
		RULE("ReadNetworkProxyConfig", MANIFEST_KIND_FLAG, 1, read_network_proxy_config),
	[MANIFEST_TAG_I2C_SLAVE] =
		RULE("I2cSlave", MANIFEST_KIND_STRING, MANIFEST_MAX_PERIPHERALS, i2c_slave),
	[MANIFEST_TAG_EXTERNAL_INTERRUPT] = RULE("ExternalInterrupt", MANIFEST_KIND_STRING,
						 MANIFEST_MAX_PERIPHERALS, external_interrupt),
	[MANIFEST_TAG_APP_CONNECTION] = RULE("AllowedApplicationConnections", MANIFEST_KIND_UUID,
					     MANIFEST_MAX_APP_CONNECTIONS, app_connections),
	[MANIFEST_TAG_NETWORK_MANAGER] =
		RULE("NetworkManager", MANIFEST_KIND_FLAG, 1, network_manager),
	[MANIFEST_TAG_UPDATE_AGENT] = RULE("UpdateAgent", MANIFEST_KIND_FLAG, 1, update_agent),
};

const struct manifest_rule *manifest_rule(uint16_t tag)
{
	if (tag >= MANIFEST_TAG_COUNT || !rules[tag].json_name)
		return NULL;
	return &rules[tag];
}

const char *manifest_tag_name(uint16_t tag)
{
	const struct manifest_rule *r = manifest_rule(tag);

	return r ? r->json_name : "unknown";
}

const char *manifest_app_type_name(uint32_t type)
{
	switch (type) {
	case MANIFEST_APP_DEFAULT: return "Default";
	case MANIFEST_APP_DEBUGGER: return "Debugger";
	case MANIFEST_APP_REAL_TIME_CAPABLE: return "RealTimeCapable";
	default: return NULL;
	}
}

static bool is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool manifest_valid_name(const char *name)
{
	size_t len = strlen(name);

	if (len == 0 || len > MANIFEST_MAX_NAME_LEN)
		return false;
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)name[i] < ' ' || name[i] == 0x7f)
			return false;
	return true;
}

bool manifest_valid_entry_point(const char *path)
{
	size_t len = strlen(path);

	if (len < 2 || len > MANIFEST_MAX_PATH_LEN || path[0] != '/' || path[len - 1] == '/')
		return false;
	/* Every component is non-empty, not "." or "..", and printable ASCII. */
	for (const char *c = path + 1; *c; ) {
		size_t n = strcspn(c, "/");
		if (n == 0 || (n == 1 && c[0] == '.') || (n == 2 && c[0] == '.' && c[1] == '.'))
			return false;
		for (size_t i = 0; i < n; i++)
			if (c[i] <= ' ' || c[i] > '~')
				return false;
		c += n;
		if (*c == '/')
			c++;
	}
	return true;
}

bool manifest_valid_token(const char *name)
{
	size_t len = strlen(name);

	if (len == 0 || len > MANIFEST_MAX_TOKEN_LEN)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!is_alnum(name[i]) && name[i] != '_' && name[i] != '-')
			return false;
	return true;
}

/* "a.b.c.d" with four decimal parts 0..255 without leading zeros. */
static bool valid_ipv4(const char *s)
{
	for (int part = 0; part < 4; part++) {
		const char *start = s;
		unsigned value = 0;

		while (*s >= '0' && *s <= '9' && s - start < 3)
			value = value * 10 + (unsigned)(*s++ - '0');
		if (s == start || value > 255 || (start[0] == '0' && s - start > 1))
			return false;
		if (*s++ != (part == 3 ? '\0' : '.'))
			return false;
	}
	return true;
}

/* A DNS-SD service label: '_' then letters, digits and inner hyphens ("_http", "_tcp"). */
static bool service_label(const char *label, size_t n)
{
	return n >= 2 && label[0] == '_' && label[1] != '-' && label[n - 1] != '-';
}

bool manifest_host_is_service(const char *host)
{
	for (const char *label = host;; label++) {
		if (*label == '_')
			return true;
		label = strchr(label, '.');
		if (!label)
			return false;
	}
}

bool manifest_valid_host(const char *host)
{
	size_t len = strlen(host);
	bool wildcard = strncmp(host, "*.", 2) == 0, all_numeric = true;

	if (len == 0 || len > MANIFEST_MAX_HOST_LEN)
		return false;
	/* Labels of 1..63 letters, digits and inner hyphens (or a DNS-SD
	 * service label: a leading '_'), separated by dots. */
	for (const char *label = wildcard ? host + 2 : host; ; label++) {
		size_t n = strcspn(label, ".");
		bool service = n > 0 && label[0] == '_';

		if (service && (wildcard || !service_label(label, n)))
			return false;
		if (n == 0 || n > 63 || label[0] == '-' || label[n - 1] == '-')
			return false;
		for (size_t i = service ? 1 : 0; i < n; i++) {
			if (!is_alnum(label[i]) && label[i] != '-')
				return false;
			if (label[i] < '0' || label[i] > '9')
				all_numeric = false;
		}
		label += n;
		if (*label == '\0')
			break;
	}
	if (all_numeric)
		return !wildcard && valid_ipv4(host);
	return true;
}

bool manifest_tag_is_peripheral(uint16_t tag)
{
	switch (tag) {
	case MANIFEST_TAG_UART:
	case MANIFEST_TAG_I2C_MASTER:
	case MANIFEST_TAG_I2C_SLAVE:
	case MANIFEST_TAG_SPI_MASTER:
	case MANIFEST_TAG_PWM:
	case MANIFEST_TAG_ADC:
	case MANIFEST_TAG_EXTERNAL_INTERRUPT: return true;
	default: return false;
	}
}

bool manifest_valid_string(uint16_t tag, const char *value)
{
	switch (tag) {
	case MANIFEST_TAG_NAME: return manifest_valid_name(value);
	case MANIFEST_TAG_ENTRY_POINT: return manifest_valid_entry_point(value);
	case MANIFEST_TAG_CMD_ARG: return strlen(value) <= MANIFEST_MAX_ARG_LEN;
	case MANIFEST_TAG_ALLOWED_CONNECTION: return manifest_valid_host(value);
	default: return manifest_valid_token(value);
	}
}

bool manifest_valid_number(uint16_t tag, uint32_t value)
{
	switch (tag) {
	case MANIFEST_TAG_APP_TYPE: return manifest_app_type_name(value) != NULL;
	case MANIFEST_TAG_GPIO: return value <= MANIFEST_MAX_GPIO_LINE;
	case MANIFEST_TAG_TCP_SERVER_PORT:
	case MANIFEST_TAG_UDP_SERVER_PORT: return value >= 1 && value <= 65535;
	case MANIFEST_TAG_MUTABLE_STORAGE_KB: return value >= 1;
	default: return true;
	}
}
