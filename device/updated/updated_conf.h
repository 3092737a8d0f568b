/* updated_conf.h — updated's configuration, etc/updated.conf of its image
 * package (docs/ota.md). One setting per line, '#' starts a comment line:
 *   service ADDRESS PORT         the update service (default 10.0.2.100 8443)
 *   check-period SECONDS         between check-ins (60..604800, default 3600;
 *                                the service's X-Spherule-Check-Period wins)
 *   poll-period SECONDS          between "check now?" polls (5..3600, default 10)
 *   max-deferral MINUTES         what apps may defer an update (0..1440, default 1440)
 *   certificate-renew-left PERCENT  renew the device certificate once less than
 *                                this part of its validity is left (10..90,
 *                                default 50: after 12 of 24 hours)
 *   metadata-key HEX             a trusted metadata public key (130 hex digits,
 *                                the uncompressed P-256 point), 1..4 lines
 *   os-part ID OFFSET SIZE       bank-0 partition of OS part ID (1..4) in osstage (hex)
 *   os-desc OFFSET SIZE          the description's partition (hex)
 *   os-stage SIZE ERASE          osstage's size and erase block (hex) */
#ifndef UPDATED_CONF_H
#define UPDATED_CONF_H

#include <stddef.h>
#include <stdint.h>

#include "http_client.h"
#include "os_layout.h"
#include "spherule/update_meta.h"

#define UPDATED_CONF_IN_IMAGE "etc/updated.conf"

struct updated_conf {
	struct http_server service;
	uint32_t check_period_s;
	uint32_t poll_period_s;
	uint32_t max_deferral_min;
	uint32_t cert_renew_left_pct;
	struct update_meta_trust trust;
	struct os_layout layout;
};

/* Parses text into c (its defaults first): the number of lines refused;
 * why: "line N: ..." for the first. */
int updated_conf_parse(const char *text, size_t len, struct updated_conf *c, struct error_detail *why);

/* Reads and parses path: refused lines, or -errno. */
int updated_conf_load(const char *path, struct updated_conf *c, struct error_detail *why);

#endif
