/*
 * manifest.h - the compiled application manifest (section MANIFEST of an
 * image package): a versioned list of tag-length-value records produced on
 * the host from app_manifest.json and parsed on the device without
 * allocation. Layout and tags: docs/manifest.md.
 */
#ifndef SPHERULE_MANIFEST_H
#define SPHERULE_MANIFEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spherule/pkg.h"

#define MANIFEST_FORMAT_VERSION 1u
#define MANIFEST_HEADER_SIZE 4u
#define MANIFEST_RECORD_HEADER_SIZE 4u

enum manifest_tag {
	MANIFEST_TAG_NAME = 1,
	MANIFEST_TAG_COMPONENT_ID = 2,
	MANIFEST_TAG_ENTRY_POINT = 3,
	MANIFEST_TAG_CMD_ARG = 4,
	MANIFEST_TAG_APP_TYPE = 5,
	MANIFEST_TAG_GPIO = 6,
	MANIFEST_TAG_UART = 7,
	MANIFEST_TAG_I2C_MASTER = 8,
	MANIFEST_TAG_SPI_MASTER = 9,
	MANIFEST_TAG_PWM = 10,
	MANIFEST_TAG_ADC = 11,
	MANIFEST_TAG_ALLOWED_CONNECTION = 12,
	MANIFEST_TAG_TCP_SERVER_PORT = 13,
	MANIFEST_TAG_UDP_SERVER_PORT = 14,
	MANIFEST_TAG_MUTABLE_STORAGE_KB = 15,
	MANIFEST_TAG_DEVICE_AUTHENTICATION = 16,
	MANIFEST_TAG_SOFTWARE_UPDATE_DEFERRAL = 17,
	MANIFEST_TAG_POWER_CONTROLS = 18,
	MANIFEST_TAG_HOST_RESOLVER = 19,
	MANIFEST_TAG_SECURITY_MONITOR = 20,
	MANIFEST_TAG_DEVICE_CONTROL = 21,
	MANIFEST_TAG_SYSTEM_EVENT_NOTIFICATIONS = 22,
	MANIFEST_TAG_SYSTEM_TIME = 23,
	MANIFEST_TAG_NETWORK_CONFIG = 24,
	MANIFEST_TAG_TIME_SYNC_CONFIG = 25,
	MANIFEST_TAG_WIFI_CONFIG = 26,
	MANIFEST_TAG_ENTERPRISE_WIFI_CONFIG = 27,
	MANIFEST_TAG_CERT_STORE = 28,
	MANIFEST_TAG_HARDWARE_ADDRESS_CONFIG = 29,
	MANIFEST_TAG_SNTP_SERVICE = 30,
	MANIFEST_TAG_DHCP_SERVICE = 31,
	MANIFEST_TAG_READ_NETWORK_PROXY_CONFIG = 32,
	MANIFEST_TAG_I2C_SLAVE = 33,
	MANIFEST_TAG_EXTERNAL_INTERRUPT = 34,
	MANIFEST_TAG_APP_CONNECTION = 35,
	MANIFEST_TAG_NETWORK_MANAGER = 36,
	MANIFEST_TAG_UPDATE_AGENT = 37,
	MANIFEST_TAG_COUNT = 38 /* one more than the highest tag */
};

enum manifest_app_type {
	MANIFEST_APP_DEFAULT = 0,
	MANIFEST_APP_DEBUGGER = 1,
	MANIFEST_APP_REAL_TIME_CAPABLE = 2, /* a real-time core's app (RTApp) */
};

/* Limits, shared by the compiler and the parser. */
#define MANIFEST_MAX_ARGS 16u
#define MANIFEST_MAX_GPIOS 32u
#define MANIFEST_MAX_PERIPHERALS 8u /* per kind: Uart, I2cMaster, I2cSlave, SpiMaster, Pwm, Adc,
				     * ExternalInterrupt */
#define MANIFEST_MAX_APP_CONNECTIONS 8u /* AllowedApplicationConnections */
#define MANIFEST_MAX_CONNECTIONS 16u
#define MANIFEST_MAX_PORTS 16u      /* per protocol */
#define MANIFEST_MAX_POWER_CONTROLS 4u
#define MANIFEST_MAX_NAME_LEN 64u   /* bytes of the Name */
#define MANIFEST_MAX_PATH_LEN 255u  /* EntryPoint */
#define MANIFEST_MAX_ARG_LEN 255u
#define MANIFEST_MAX_TOKEN_LEN 31u  /* peripheral and power control names */
#define MANIFEST_MAX_HOST_LEN 253u
#define MANIFEST_MAX_GPIO_LINE 1023u

/* A list of NUL-terminated strings pointing into the parsed buffer. */
struct manifest_strings {
	const char *item[MANIFEST_MAX_CONNECTIONS];
	unsigned count;
};

struct manifest_ports {
	uint16_t item[MANIFEST_MAX_PORTS];
	unsigned count;
};

struct manifest_gpios {
	uint32_t item[MANIFEST_MAX_GPIOS];
	unsigned count;
};

/* A list of UUIDs (16 bytes each) pointing into the parsed buffer. */
struct manifest_uuids {
	const uint8_t *item[MANIFEST_MAX_APP_CONNECTIONS];
	unsigned count;
};

struct manifest {
	const char *name;
	const uint8_t *component_id; /* 16 bytes */
	const char *entry_point;
	struct manifest_strings args; /* at most MANIFEST_MAX_ARGS */
	uint32_t app_type;            /* enum manifest_app_type */
	struct manifest_gpios gpio;
	struct manifest_strings uart, i2c_master, spi_master, pwm, adc;
	struct manifest_strings allowed_connections;
	struct manifest_ports tcp_server_ports, udp_server_ports;
	uint32_t mutable_storage_kb;          /* 0 = no mutable storage */
	const uint8_t *device_auth_tenant;    /* 16 bytes, NULL if absent */
	bool software_update_deferral;
	struct manifest_strings power_controls;
	bool host_resolver;                   /* may publish resolved host addresses */
	bool security_monitor;                /* may open the secmon mailbox */
	bool device_control;                  /* devctl: gets the service link and appmgr's control socket */
	bool network_manager;                 /* netmgr: configures the interfaces and the clock */
	bool update_agent;                    /* updated: stages and installs the OS and apps */
	/* Permissions the app service checks (docs/manifest.md, "Capabilities"). */
	bool system_event_notifications, system_time, network_config, time_sync_config;
	bool wifi_config, enterprise_wifi_config, cert_store, hardware_address_config;
	bool sntp_service, dhcp_service, read_network_proxy_config;
	struct manifest_strings i2c_slave, external_interrupt;
	struct manifest_uuids app_connections; /* AllowedApplicationConnections */
};

/*
 * Parses a compiled manifest; pointers in m point into buf, which must outlive
 * m. String records end with a NUL that is part of their length. Rejects a
 * wrong version, truncated or overlong records, unknown tags, repeated
 * singletons, lists over their limit and values that break the rules of
 * docs/manifest.md. Returns 0 or -EINVAL / -E2BIG with err->msg set.
 */
int manifest_parse(const uint8_t *buf, size_t len, struct manifest *m, struct error_detail *err);

/*
 * Parses img's MANIFEST section and checks that its component id equals the
 * package identity's. -ENOENT if the package has no manifest.
 */
int pkg_image_manifest(const struct pkg_image *img, struct manifest *m, struct error_detail *err);

/* Name of a tag as in app_manifest.json ("Gpio", "EntryPoint", ...). */
const char *manifest_tag_name(uint16_t tag);

/* "Default", "Debugger" or "RealTimeCapable"; NULL for an unknown application type. */
const char *manifest_app_type_name(uint32_t type);

/* Syntax rules shared by the compiler and the parser (true when valid). */
bool manifest_valid_name(const char *name);  /* 1..64 bytes, no control characters */
bool manifest_valid_entry_point(const char *path);
bool manifest_valid_token(const char *name);  /* peripheral / power control name */
bool manifest_valid_host(const char *host);   /* host name, *.domain, DNS-SD service or IPv4 literal */
/* A DNS-SD service name ("_http._tcp.local": a label starts with '_'), not a host name. */
bool manifest_host_is_service(const char *host);
/* Tags whose entries name a peripheral of the board (Uart, I2cMaster, I2cSlave,
 * SpiMaster, Pwm, Adc, ExternalInterrupt): what a board must offer (appmgr's admission). */
bool manifest_tag_is_peripheral(uint16_t tag);
/* The value rules of one tag (a string tag's text, a number tag's value). */
bool manifest_valid_string(uint16_t tag, const char *value);
bool manifest_valid_number(uint16_t tag, uint32_t value);

#endif
