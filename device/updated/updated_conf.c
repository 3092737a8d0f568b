/* updated_conf.c — parsing etc/updated.conf (see updated_conf.h), with
 * appmgr's line reader (conf_lines.c). */
#include "updated_conf.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "checkin_json.h"
#include "conf_lines.h"
#include "small_file.h"

#define CONF_FILE_MAX 4096
#define FIELDS_MAX 4
#define TIMEOUT_MS 15000u

static int number(const char *s, uint32_t lo, uint32_t hi, uint32_t *out)
{
	return conf_parse_u32(s, strlen(s), out) == 0 && *out >= lo && *out <= hi ? 0 : -EINVAL;
}

static int hex32(const char *s, uint32_t *out)
{
	char *end;
	unsigned long v;

	if (strncmp(s, "0x", 2) != 0)
		return -EINVAL;
	v = strtoul(s + 2, &end, 16);
	if (*end || end == s + 2 || v > UINT32_MAX)
		return -EINVAL;
	*out = (uint32_t)v;
	return 0;
}

static int key_line(const char *s, size_t n, unsigned lineno, struct updated_conf *c, struct error_detail *why)
{
	const char *hex = s + strlen("metadata-key");
	size_t hn = n - strlen("metadata-key");

	conf_trim(&hex, &hn);
	if (c->trust.count == UPDATE_META_KEYS_MAX)
		return error_detail_set(why, -EINVAL, "line %u: more than %u metadata keys", lineno,
					UPDATE_META_KEYS_MAX);
	if (hex_decode(hex, hn, c->trust.keys[c->trust.count], PKG_PUBKEY_SIZE) != 0 ||
	    c->trust.keys[c->trust.count][0] != 0x04)
		return error_detail_set(why, -EINVAL, "line %u: a metadata key is %u hex digits starting 04", lineno,
					2 * PKG_PUBKEY_SIZE);
	c->trust.count++;
	return 0;
}

static int apply(const char *s, size_t n, unsigned lineno, void *ctx, struct error_detail *why)
{
	struct updated_conf *c = ctx;
	char f[FIELDS_MAX][CONF_FIELD_SIZE];
	struct in_addr a;
	uint32_t v, id;
	int fields;

	if (n > strlen("metadata-key") && strncmp(s, "metadata-key", strlen("metadata-key")) == 0)
		return key_line(s, n, lineno, c, why);
	fields = conf_split_fields(s, n, f, FIELDS_MAX);
	if (fields < 2)
		return error_detail_set(why, -EINVAL, "line %u: expected a setting and its value", lineno);
	if (strcmp(f[0], "service") == 0 && fields == 3 && inet_pton(AF_INET, f[1], &a) == 1 &&
	    number(f[2], 1, 65535, &v) == 0) {
		memcpy(c->service.host, f[1], strlen(f[1]) + 1);
		c->service.port = (uint16_t)v;
	} else if (strcmp(f[0], "check-period") == 0 && fields == 2 && number(f[1], 60, 604800, &v) == 0) {
		c->check_period_s = v;
	} else if (strcmp(f[0], "poll-period") == 0 && fields == 2 && number(f[1], 5, 3600, &v) == 0) {
		c->poll_period_s = v;
	} else if (strcmp(f[0], "max-deferral") == 0 && fields == 2 && number(f[1], 0, 1440, &v) == 0) {
		c->max_deferral_min = v;
	} else if (strcmp(f[0], "certificate-renew-left") == 0 && fields == 2 && number(f[1], 10, 90, &v) == 0) {
		c->cert_renew_left_pct = v;
	} else if (strcmp(f[0], "os-part") == 0 && fields == 4 && number(f[1], OS_PART_FIRST, OS_PART_LAST, &id) == 0 &&
		   hex32(f[2], &c->layout.part[id].offset) == 0 && hex32(f[3], &c->layout.part[id].size) == 0) {
		/* read into the layout */
	} else if (strcmp(f[0], "os-desc") == 0 && fields == 3 && hex32(f[1], &c->layout.desc.offset) == 0 &&
		   hex32(f[2], &c->layout.desc.size) == 0) {
		/* read into the layout */
	} else if (strcmp(f[0], "os-stage") == 0 && fields == 3 && hex32(f[1], &c->layout.stage_size) == 0 &&
		   hex32(f[2], &c->layout.erase_size) == 0 && c->layout.erase_size > 0) {
		/* read into the layout */
	} else {
		return error_detail_set(why, -EINVAL, "line %u: not a setting (or a value out of range): %.*s", lineno,
					(int)n, s);
	}
	return 0;
}

int updated_conf_parse(const char *text, size_t len, struct updated_conf *c, struct error_detail *why)
{
	memset(c, 0, sizeof(*c));
	memcpy(c->service.host, "10.0.2.100", sizeof("10.0.2.100"));
	c->service.port = 8443;
	c->service.timeout_ms = TIMEOUT_MS;
	c->check_period_s = 3600;
	c->poll_period_s = 10;
	c->max_deferral_min = 1440;
	c->cert_renew_left_pct = 50;
	return conf_lines_apply(text, len, apply, c, why);
}

int updated_conf_load(const char *path, struct updated_conf *c, struct error_detail *why)
{
	char text[CONF_FILE_MAX];
	size_t len;
	int err = small_file_read(path, text, sizeof(text), &len);

	if (err != 0)
		return error_detail_set(why, err, "%s: %s", path, strerror(-err));
	return updated_conf_parse(text, len, c, why);
}
