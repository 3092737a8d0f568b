/* checkin_json.c — the JSON of updated's check-in (see checkin_json.h). */
#include "checkin_json.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "rsp_hex.h"

void hex_encode(const uint8_t *p, size_t n, char *out)
{
	*rsp_hex_encode(p, n, out) = '\0';
}

int hex_decode(const char *s, size_t len, uint8_t *out, size_t n)
{
	return len == 2 * n ? rsp_hex_decode(s, n, out) : -EINVAL;
}

int json_string(const char *s, char *out, size_t cap)
{
	size_t n = 0;

#define PUT(c)                        \
	do {                          \
		if (n + 1 >= cap)     \
			return -ENOSPC; \
		out[n++] = (c);       \
	} while (0)
	PUT('"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\') {
			PUT('\\');
			PUT((char)*p);
		} else if (*p < 0x20 || *p == 0x7f) {
			if (n + 7 >= cap)
				return -ENOSPC;
			n += (size_t)snprintf(out + n, cap - n, "\\u%04x", *p);
		} else {
			PUT((char)*p);
		}
	}
	PUT('"');
#undef PUT
	out[n] = '\0';
	return (int)n;
}

/* Appends to out at *len: -ENOSPC once it does not fit. */
static int append(char *out, size_t cap, size_t *len, int n)
{
	if (n < 0 || (size_t)n >= cap - *len)
		return -ENOSPC;
	*len += (size_t)n;
	return 0;
}

static void uuid_text(const uint8_t id[16], char out[37])
{
	char hex[33];

	hex_encode(id, 16, hex);
	snprintf(out, 37, "%.8s-%.4s-%.4s-%.4s-%.12s", hex, hex + 8, hex + 12, hex + 16, hex + 20);
}

int checkin_json(const struct checkin *c, char *out, size_t cap)
{
	char id[65], nonce[65], uuid[37];
	size_t len = 0;
	int err;

	hex_encode(c->device_id, 32, id);
	hex_encode(c->nonce, 32, nonce);
	err = append(out, cap, &len, snprintf(out, cap, "{\"device_id\":\"%s\",\"nonce\":\"%s\",\"attestation\":\"",
					      id, nonce));
	for (size_t i = 0; err == 0 && i < c->attestation_len; i++)
		err = append(out, cap, &len, snprintf(out + len, cap - len, "%02x", c->attestation[i]));
	if (err == 0)
		err = append(out, cap, &len,
			     snprintf(out + len, cap - len,
				      "\",\"os\":{\"version\":%u,\"security_version\":%u,\"slot\":\"%c\"},\"apps\":[",
				      c->os_version, c->os_security_version, c->os_slot == 'B' ? 'B' : 'A'));
	for (unsigned i = 0; err == 0 && i < c->app_count; i++) {
		uuid_text(c->apps[i].component_id, uuid);
		err = append(out, cap, &len, snprintf(out + len, cap - len, "%s{\"component_id\":\"%s\",\"version\":%u}",
						      i ? "," : "", uuid, c->apps[i].version));
	}
	if (err == 0)
		err = append(out, cap, &len, snprintf(out + len, cap - len, "],\"state\":"));
	if (err == 0)
		err = append(out, cap, &len, json_string(c->state, out + len, cap - len));
	if (err == 0)
		err = append(out, cap, &len, snprintf(out + len, cap - len, ",\"detail\":"));
	if (err == 0)
		err = append(out, cap, &len, json_string(c->detail ? c->detail : "", out + len, cap - len));
	if (err == 0 && c->more) {
		int n = c->more(c->more_ctx, out + len, cap - len);

		err = n < 0 ? n : append(out, cap, &len, n);
	}
	if (err == 0)
		err = append(out, cap, &len, snprintf(out + len, cap - len, "}"));
	return err != 0 ? err : (int)len;
}

/* ,"key":"0x%08x" when has, else ,"key":null */
static int hex_field(char *out, size_t cap, size_t *len, const char *key, bool has, uint32_t v)
{
	return append(out, cap, len,
		      has ? snprintf(out + *len, cap - *len, ",\"%s\":\"0x%08x\"", key, v)
			  : snprintf(out + *len, cap - *len, ",\"%s\":null", key));
}

int report_json(const struct app_svc_report *r, char *out, size_t cap)
{
	bool fault = r->flags & APP_SVC_REPORT_HAS_FAULT, kernel = r->kind == APP_SVC_REPORT_KERNEL_WARNING;
	char uuid[37], num[16];
	size_t len = 0;
	int err;

	uuid_text(r->component_id, uuid);
	err = append(out, cap, &len,
		     snprintf(out, cap, "{\"seq\":%u,\"time\":%lld,\"boot\":%u,\"kind\":\"%s\",\"component_id\":\"%s\","
				       "\"name\":",
			      r->seq, (long long)r->time, r->boot, app_svc_report_kind_name(r->kind), uuid));
	if (err == 0)
		err = append(out, cap, &len, json_string(r->name, out + len, cap - len));
	snprintf(num, sizeof(num), "%u", r->version);
	if (err == 0)
		err = append(out, cap, &len, snprintf(out + len, cap - len, ",\"version\":%s", kernel ? "null" : num));
	snprintf(num, sizeof(num), "%u", r->signal);
	if (err == 0)
		err = append(out, cap, &len, snprintf(out + len, cap - len, ",\"signal\":%s",
						      r->flags & APP_SVC_REPORT_HAS_SIGNAL ? num : "null"));
	snprintf(num, sizeof(num), "%d", r->exit_code);
	if (err == 0)
		err = append(out, cap, &len, snprintf(out + len, cap - len, ",\"exit_code\":%s",
						      r->flags & APP_SVC_REPORT_HAS_EXIT ? num : "null"));
	if (err == 0)
		err = hex_field(out, cap, &len, "fault_address", fault, r->fault_address);
	if (err == 0)
		err = hex_field(out, cap, &len, "pc", fault, r->pc);
	if (err == 0)
		err = hex_field(out, cap, &len, "lr", fault, r->lr);
	if (err == 0)
		err = append(out, cap, &len, snprintf(out + len, cap - len, fault ? ",\"stack\":[" : ",\"stack\":null"));
	for (unsigned i = 0; err == 0 && fault && i < r->stack_len && i < APP_SVC_STACK_MAX; i++)
		err = append(out, cap, &len, snprintf(out + len, cap - len, "%s\"0x%08x\"", i ? "," : "", r->stack[i]));
	if (err == 0 && fault)
		err = append(out, cap, &len, snprintf(out + len, cap - len, "]"));
	snprintf(num, sizeof(num), "%u", r->rss_kib);
	if (err == 0)
		err = append(out, cap, &len, snprintf(out + len, cap - len, ",\"rss_kib\":%s,\"count\":%u,\"detail\":",
						      r->flags & APP_SVC_REPORT_HAS_RSS ? num : "null", r->count));
	if (err == 0)
		err = r->detail[0] ? append(out, cap, &len, json_string(r->detail, out + len, cap - len))
				   : append(out, cap, &len, snprintf(out + len, cap - len, "null"));
	if (err == 0)
		err = append(out, cap, &len, snprintf(out + len, cap - len, "}"));
	return err != 0 ? err : (int)len;
}

/* The value after "key": in text, blanks skipped, or NULL. */
static const char *value_of(const char *text, size_t len, const char *key)
{
	char quoted[64];
	int qn = snprintf(quoted, sizeof(quoted), "\"%s\"", key);
	const char *end = text + len, *p = text;

	if (qn < 0 || (size_t)qn >= sizeof(quoted))
		return NULL;
	while ((p = memmem(p, (size_t)(end - p), quoted, (size_t)qn)) != NULL) {
		const char *v = p + qn;

		while (v < end && (*v == ' ' || *v == '\t' || *v == '\n' || *v == '\r'))
			v++;
		if (v < end && *v == ':') {
			for (v++; v < end && (*v == ' ' || *v == '\t' || *v == '\n' || *v == '\r'); v++)
				;
			return v < end ? v : NULL;
		}
		p += qn;
	}
	return NULL;
}

/* The character the escape at p (after its backslash, before end) stands
 * for, *p moved past it; -1 for an escape not decoded (\u beyond ASCII). */
static int unescape(const char **p, const char *end)
{
	static const char plain[] = "\"\\/", coded[] = "bfnrt", meant[] = "\b\f\n\r\t";
	const char *c = *p, *k;
	int v = 0;

	if (*c && (k = strchr(plain, *c)) != NULL) {
		*p = c + 1;
		return *k;
	}
	if (*c && (k = strchr(coded, *c)) != NULL) {
		*p = c + 1;
		return meant[k - coded];
	}
	if (*c != 'u' || end - c < 5)
		return -1;
	for (int i = 1; i <= 4; i++) {
		int d = rsp_hex_digit(c[i]);

		if (d < 0)
			return -1;
		v = v << 4 | d;
	}
	*p = c + 5;
	return v > 0 && v < 0x80 ? v : -1;
}

int json_find_string(const char *text, size_t len, const char *key, char *out, size_t cap)
{
	const char *v = value_of(text, len, key), *end = text + len;
	size_t n = 0;

	if (!v)
		return -ENOENT;
	if (*v != '"')
		return -EINVAL;
	for (const char *p = v + 1; p < end;) {
		int c = (unsigned char)*p++;

		if (c == '"') {
			out[n] = '\0';
			return 0;
		}
		if (c == '\\' && (p == end || (c = unescape(&p, end)) < 0))
			return -EINVAL;
		if (n + 1 >= cap)
			return -EINVAL;
		out[n++] = (char)c;
	}
	return -EINVAL;
}

int json_find_int(const char *text, size_t len, const char *key, int64_t *out)
{
	const char *v = value_of(text, len, key), *end = text + len;
	bool negative = v && *v == '-';
	int64_t x = 0;
	int digits = 0;

	if (!v)
		return -ENOENT;
	for (const char *p = v + negative; p < end && *p >= '0' && *p <= '9'; p++, digits++) {
		if (digits == 18)
			return -EINVAL;
		x = x * 10 + (*p - '0');
	}
	if (digits == 0)
		return -EINVAL;
	*out = negative ? -x : x;
	return 0;
}

int json_find_bool(const char *text, size_t len, const char *key)
{
	const char *v = value_of(text, len, key), *end = text + len;

	if (!v)
		return -ENOENT;
	if (end - v >= 4 && memcmp(v, "true", 4) == 0)
		return 1;
	if (end - v >= 5 && memcmp(v, "false", 5) == 0)
		return 0;
	return -EINVAL;
}
