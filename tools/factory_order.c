/* factory_order.c - writing and reading FLASH.factory (factory_order.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "factory_order.h"
#include "file_util.h"

#define VENDOR_LINE "vendor-key"
#define OEM_LINE "oem-key"
#define PEM_BEGIN "-----BEGIN PUBLIC KEY-----\n"
#define PEM_END "-----END PUBLIC KEY-----\n"
/* The format line, then each key: its kind's line and its PEM. */
#define FACTORY_ORDER_SIZE_MAX \
	(sizeof(FACTORY_ORDER_FORMAT) + 2 * FACTORY_KEYS_MAX * (sizeof(VENDOR_LINE) + TRUST_KEY_PEM_MAX))

void factory_order_path(const char *flash, char *out, size_t len)
{
	snprintf(out, len, "%s" FACTORY_ORDER_SUFFIX, flash);
}

/* Appends "KIND\n" and k's PEM to text at *used. */
static void put_key(char *text, size_t *used, const char *kind, const struct trust_key *k)
{
	*used += (size_t)sprintf(text + *used, "%s\n%s", kind, k->pem);
}

int factory_order_write(const char *command, const char *flash, const struct trust_key *vendor,
			const struct trust_key *oem, unsigned noem)
{
	static char text[FACTORY_ORDER_SIZE_MAX];
	char path[PATH_MAX + 16];
	size_t used = 0;
	int rc;

	if (noem > FACTORY_KEYS_MAX)
		return cli_fail(command, "at most %d OEM keys in a factory order", FACTORY_KEYS_MAX);
	factory_order_path(flash, path, sizeof(path));
	used = (size_t)sprintf(text, "%s", FACTORY_ORDER_FORMAT);
	put_key(text, &used, VENDOR_LINE, vendor);
	for (unsigned i = 0; i < noem; i++)
		put_key(text, &used, OEM_LINE, &oem[i]);
	rc = file_write_atomic(path, text, used, 0644);
	return rc < 0 ? cli_fail(command, "%s: %s", path, strerror(-rc)) : 0;
}

/* The PEM block at *p (line *line) into k; *p and *line move past it. */
static int parse_key(const char **p, unsigned *line, struct trust_key *k, struct error_detail *err)
{
	const char *end = strstr(*p, PEM_END);
	char where[32];
	EVP_PKEY *key;
	int rc;

	if (strncmp(*p, PEM_BEGIN, strlen(PEM_BEGIN)))
		return error_detail_set(err, -EINVAL, "line %u: not \"%.*s\"", *line, (int)strlen(PEM_BEGIN) - 1,
					PEM_BEGIN);
	if (!end)
		return error_detail_set(err, -EINVAL, "line %u: a public key without its line \"%.*s\"", *line,
					(int)strlen(PEM_END) - 1, PEM_END);
	end += strlen(PEM_END);
	snprintf(where, sizeof(where), "line %u", *line);
	key = pkg_key_parse_public(*p, (size_t)(end - *p), where, err);
	rc = key ? trust_key_of(key, k, err) : -EINVAL;
	EVP_PKEY_free(key);
	for (; *p < end; (*p)++)
		*line += **p == '\n';
	return rc;
}

static int parse(const char *text, size_t len, struct factory_order *fo, struct error_detail *err)
{
	const char *p = text + strlen(FACTORY_ORDER_FORMAT);
	unsigned line = 2;

	if (memchr(text, '\0', len) || strncmp(text, FACTORY_ORDER_FORMAT, strlen(FACTORY_ORDER_FORMAT)))
		return error_detail_set(err, -EINVAL, "not a factory order (the first line is not \"%.*s\")",
					(int)strlen(FACTORY_ORDER_FORMAT) - 1, FACTORY_ORDER_FORMAT);
	while (*p) {
		size_t kind = strcspn(p, "\n");
		bool vendor = kind == strlen(VENDOR_LINE) && !strncmp(p, VENDOR_LINE, kind);
		unsigned *n = vendor ? &fo->nvendor : &fo->noem;
		int rc;

		if (!vendor && !(kind == strlen(OEM_LINE) && !strncmp(p, OEM_LINE, kind)))
			return error_detail_set(err, -EINVAL, "line %u: not \"" VENDOR_LINE "\" nor \"" OEM_LINE "\"",
						line);
		if (!p[kind])
			return error_detail_set(err, -EINVAL, "line %u: no key after it", line);
		if (*n == FACTORY_KEYS_MAX)
			return error_detail_set(err, -EINVAL, "line %u: more than %d keys of a kind", line,
						FACTORY_KEYS_MAX);
		p += kind + 1;
		line++;
		rc = parse_key(&p, &line, vendor ? &fo->vendor[*n] : &fo->oem[*n], err);
		if (rc < 0)
			return rc;
		(*n)++;
	}
	if (!fo->nvendor || !fo->noem)
		return error_detail_set(err, -EINVAL, "no %s key", fo->nvendor ? "OEM" : "OS vendor");
	return 0;
}

int factory_order_read(const char *flash, struct factory_order *fo, struct error_detail *err)
{
	struct error_detail why = { "" };
	char path[PATH_MAX + 16];
	uint8_t *text = NULL;
	size_t len = 0;
	int rc;

	factory_order_path(flash, path, sizeof(path));
	memset(fo, 0, sizeof(*fo));
	rc = file_read_all(path, FACTORY_ORDER_SIZE_MAX, &text, &len);
	if (rc == -ENOENT)
		return rc;
	if (rc < 0)
		return error_detail_set(err, rc, "%s: %s", path, strerror(-rc));
	rc = parse((const char *)text, len, fo, &why);
	free(text);
	return rc < 0 ? error_detail_set(err, rc, "%s: malformed factory order: %s", path, why.msg) : 0;
}
