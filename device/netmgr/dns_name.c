/*
 * dns_name.c - DNS names for netmgr's resolver (dns_name.h): the one place
 * that reads a name out of a message, so every name an app or an upstream
 * server sends goes through the same bounds, pointer and character checks.
 */
#include <errno.h>
#include <string.h>
#include <strings.h>

#include "dns_name.h"

static bool label_byte(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_';
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Appends the n bytes of a label to out[*text], after a dot unless first. */
static int append_label(char out[DNS_NAME_MAX + 1], size_t *text, const uint8_t *label, size_t n)
{
	if (*text + (*text ? 1 : 0) + n > DNS_NAME_MAX)
		return -ENAMETOOLONG;
	if (*text)
		out[(*text)++] = '.';
	for (size_t i = 0; i < n; i++) {
		if (!label_byte((char)label[i]))
			return -EILSEQ;
		out[(*text)++] = lower((char)label[i]);
	}
	return 0;
}

int dns_name_read(const uint8_t *msg, size_t len, size_t *pos, bool pointers,
		  char out[DNS_NAME_MAX + 1])
{
	/* Each pointer must point before the start of the run of labels it
	 * ends (limit), so the reader only ever moves backwards and stops. */
	size_t at = *pos, limit = *pos, text = 0, after = 0;
	unsigned hops = 0;

	for (;;) {
		if (at >= len)
			return -EBADMSG;
		uint8_t n = msg[at];

		if ((n & 0xc0) == 0xc0) {
			if (!pointers)
				return -EPROTO;
			if (len - at < 2)
				return -EBADMSG;
			size_t to = (size_t)(n & 0x3f) << 8 | msg[at + 1];

			if (to < DNS_HEADER_SIZE)
				return -EBADMSG;
			if (to >= limit || ++hops > DNS_POINTER_HOPS_MAX)
				return -ELOOP;
			if (hops == 1)
				after = at + 2;
			at = limit = to;
			continue;
		}
		if (n > DNS_LABEL_MAX)
			return -EILSEQ;
		if (n == 0)
			break;
		if (len - at - 1 < n)
			return -EBADMSG;
		int err = append_label(out, &text, msg + at + 1, n);

		if (err)
			return err;
		at += 1 + (size_t)n;
	}
	out[text] = '\0';
	*pos = hops ? after : at + 1;
	return 0;
}

int dns_name_write(uint8_t *buf, size_t cap, size_t *pos, const char *name)
{
	size_t len = strnlen(name, DNS_NAME_MAX + 1), at = *pos;

	if (len == 0 || len > DNS_NAME_MAX)
		return -EINVAL;
	if (at > cap || cap - at < len + 2)
		return -ENOSPC;
	for (const char *label = name;; label++) {
		size_t n = strcspn(label, ".");

		if (n == 0 || n > DNS_LABEL_MAX)
			return -EINVAL;
		buf[at++] = (uint8_t)n;
		for (size_t i = 0; i < n; i++) {
			if (!label_byte(label[i]))
				return -EINVAL;
			buf[at++] = (uint8_t)lower(label[i]);
		}
		label += n;
		if (*label == '\0')
			break;
	}
	buf[at++] = 0;
	*pos = at;
	return 0;
}

/*
 * The same rule as the LSM's (kernel/security/spherule/hostname.c,
 * spherule_host_matches; docs/security-model.md: "*.example.com for any
 * name below it"): a name netmgr resolves for an app must be one the LSM
 * then lets it connect to, so the two must agree exactly. "*.example.com"
 * matches a.example.com and a.b.example.com, never example.com itself.
 */
bool dns_name_matches(const char *pattern, const char *name)
{
	if (pattern[0] != '*' || pattern[1] != '.')
		return strcasecmp(pattern, name) == 0;
	size_t suffix = strlen(pattern + 1), len = strlen(name);

	return len > suffix && strcasecmp(name + len - suffix, pattern + 1) == 0;
}
