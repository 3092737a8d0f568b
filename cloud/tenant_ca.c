/* tenant_ca.c - the tenant certificate authority and the certificates it
 * issues (tenant_ca.h), with OpenSSL's X509 API. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/bn.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "hex.h"
#include "spherule/pkg_host.h"
#include "state_dir.h"
#include "tenant_ca.h"

#define CA_CN_PREFIX "Spherule tenant "

static int fail(char *why, size_t whylen, int rc, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int fail(char *why, size_t whylen, int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
	return rc;
}

/* An extension of a certificate being made: nid and its value in
 * openssl.cnf's syntax. */
struct cert_ext {
	int nid;
	const char *value;
};

/* What a certificate is made of. */
struct cert_profile {
	const char *cn;             /* the subject: CN=cn */
	X509 *issuer;               /* NULL: self-signed */
	EVP_PKEY *subject_key;      /* its public key */
	EVP_PKEY *signing_key;      /* the issuer's private key */
	int64_t not_before, not_after;
	const struct cert_ext *exts;
	size_t ext_count;
};

static const struct cert_ext ca_exts[] = {
	{ NID_basic_constraints, "critical,CA:TRUE,pathlen:0" },
	{ NID_key_usage, "critical,keyCertSign,cRLSign" },
	{ NID_subject_key_identifier, "hash" },
	{ NID_authority_key_identifier, "keyid:always" },
};

static const struct cert_ext device_exts[] = {
	{ NID_basic_constraints, "critical,CA:FALSE" },
	{ NID_key_usage, "critical,digitalSignature" },
	{ NID_ext_key_usage, "clientAuth" },
	{ NID_subject_key_identifier, "hash" },
	{ NID_authority_key_identifier, "keyid:always" },
};

/* A random positive 16-byte serial into x, its hex into hex. */
static int set_serial(X509 *x, char hex[TENANT_CA_SERIAL_HEX + 1])
{
	uint8_t raw[TENANT_CA_SERIAL_HEX / 2];
	BIGNUM *bn;
	int ok;

	if (pkg_random(raw, sizeof(raw)) < 0)
		return -EIO;
	raw[0] = (uint8_t)((raw[0] & 0x7f) | 0x40); /* positive, and 16 bytes long */
	hex_encode(raw, sizeof(raw), hex);
	bn = BN_bin2bn(raw, sizeof(raw), NULL);
	ok = bn && BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x)) != NULL;
	BN_free(bn);
	return ok ? 0 : -EIO;
}

static bool set_time(ASN1_TIME *t, int64_t at)
{
	time_t when = (time_t)at;

	return X509_time_adj_ex(t, 0, 0, &when) != NULL;
}

static bool add_exts(X509 *x, const struct cert_profile *p)
{
	X509V3_CTX ctx;

	X509V3_set_ctx(&ctx, p->issuer ? p->issuer : x, x, NULL, NULL, 0);
	if (!p->issuer && X509V3_set_issuer_pkey(&ctx, p->signing_key) != 1)
		return false;
	for (size_t i = 0; i < p->ext_count; i++) {
		X509_EXTENSION *ext = X509V3_EXT_conf_nid(NULL, &ctx, p->exts[i].nid, p->exts[i].value);
		bool ok = ext && X509_add_ext(x, ext, -1) == 1;

		X509_EXTENSION_free(ext);
		if (!ok)
			return false;
	}
	return true;
}

/* The certificate p describes, signed; its serial's hex into serial. NULL on failure. */
static X509 *cert_build(const struct cert_profile *p, char serial[TENANT_CA_SERIAL_HEX + 1])
{
	X509 *x = X509_new();
	X509_NAME *subject = x ? X509_get_subject_name(x) : NULL;
	bool ok = x && X509_set_version(x, X509_VERSION_3) == 1 && set_serial(x, serial) == 0 &&
		  set_time(X509_getm_notBefore(x), p->not_before) && set_time(X509_getm_notAfter(x), p->not_after) &&
		  X509_set_pubkey(x, p->subject_key) == 1 &&
		  X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_UTF8, (const unsigned char *)p->cn, -1, -1,
					     0) == 1 &&
		  X509_set_issuer_name(x, p->issuer ? X509_get_subject_name(p->issuer) : subject) == 1 &&
		  add_exts(x, p) && X509_sign(x, p->signing_key, EVP_sha256()) > 0;

	if (!ok) {
		X509_free(x);
		return NULL;
	}
	return x;
}

/* x as PEM text (malloc()ed, NUL-terminated), its length in *len; NULL on failure. */
static char *cert_pem(X509 *x, size_t *len)
{
	char *text = NULL;
	FILE *f = open_memstream(&text, len);
	bool ok = f && PEM_write_X509(f, x) == 1;

	if (f && fclose(f) != 0)
		ok = false;
	if (!ok) {
		free(text);
		return NULL;
	}
	return text;
}

/* The tenant id in dir/tenant-id, made (a random version 4 UUID) when missing. */
static int tenant_id(const char *dir, char tenant[TENANT_ID_TEXT + 1], char *why, size_t whylen)
{
	char path[PATH_MAX], line[TENANT_ID_TEXT + 2];
	uint8_t raw[16];
	FILE *f;
	int rc;

	snprintf(path, sizeof(path), "%s/tenant-id", dir);
	if (access(path, F_OK) < 0) {
		if (pkg_random(raw, sizeof(raw)) < 0)
			return fail(why, whylen, -EIO, "%s: no random bytes", path);
		raw[6] = (uint8_t)((raw[6] & 0x0f) | 0x40);
		raw[8] = (uint8_t)((raw[8] & 0x3f) | 0x80);
		pkg_uuid_text(raw, line);
		line[TENANT_ID_TEXT] = '\n';
		rc = cloud_file_publish(path, line, TENANT_ID_TEXT + 1, false);
		if (rc < 0 && rc != -EEXIST)
			return fail(why, whylen, rc, "%s: %s", path, strerror(-rc));
	}
	f = fopen(path, "r");
	if (!f)
		return fail(why, whylen, -errno, "%s: %s", path, strerror(errno));
	rc = fgets(line, sizeof(line), f) && strlen(line) >= TENANT_ID_TEXT && line[8] == '-' ? 0 : -EINVAL;
	fclose(f);
	if (rc < 0)
		return fail(why, whylen, rc, "%s: not a UUID", path);
	memcpy(tenant, line, TENANT_ID_TEXT);
	tenant[TENANT_ID_TEXT] = '\0';
	return 0;
}

/* The CA key: from key_path (made when make and missing), readable by its owner only. */
static int ca_key(const char *key_path, bool make, EVP_PKEY **key, char *why, size_t whylen)
{
	struct stat st;

	if (!make && access(key_path, F_OK) < 0)
		return fail(why, whylen, -errno, "--tenant-ca-key %s: %s", key_path, strerror(errno));
	if (cloud_state_key(key_path, make, key, why, whylen) < 0)
		return -EINVAL;
	if (stat(key_path, &st) < 0)
		return fail(why, whylen, -errno, "%s: %s", key_path, strerror(errno));
	if (st.st_mode & (S_IRWXG | S_IRWXO))
		return fail(why, whylen, -EPERM,
			    "%s: mode %03o lets others than its owner read the tenant CA key (chmod 600 it)", key_path,
			    (unsigned)(st.st_mode & 0777));
	return 0;
}

/* Whether cert is the CA certificate of key and tenant. */
static int ca_cert_check(X509 *cert, EVP_PKEY *key, const char *tenant, const char *path, char *why,
			 size_t whylen)
{
	char cn[128], want[sizeof(CA_CN_PREFIX) + TENANT_ID_TEXT];

	snprintf(want, sizeof(want), CA_CN_PREFIX "%s", tenant);
	if (X509_check_private_key(cert, key) != 1)
		return fail(why, whylen, -EKEYREJECTED, "%s is not the certificate of the tenant CA key", path);
	if (X509_NAME_get_text_by_NID(X509_get_subject_name(cert), NID_commonName, cn, sizeof(cn)) < 0 ||
	    strcmp(cn, want) != 0)
		return fail(why, whylen, -EINVAL, "%s is not the CA of tenant %s (tenant-id)", path, tenant);
	return 0;
}

/* at plus years calendar years. */
static int64_t years_later(int64_t at, int years)
{
	time_t t = (time_t)at;
	struct tm tm;

	gmtime_r(&t, &tm);
	tm.tm_year += years;
	return (int64_t)timegm(&tm);
}

/* The CA certificate dir/tenant-ca.pem, made when missing. */
static int ca_cert(const char *dir, struct tenant_ca *ca, char *why, size_t whylen)
{
	char path[PATH_MAX], cn[sizeof(CA_CN_PREFIX) + TENANT_ID_TEXT], serial[TENANT_CA_SERIAL_HEX + 1];
	int64_t now = (int64_t)time(NULL);
	struct cert_profile p = { cn, NULL, ca->key, ca->key, now - DEVICE_CERT_BACKDATE_S,
				  years_later(now, TENANT_CA_VALIDITY_YEARS), ca_exts, sizeof(ca_exts) / sizeof(ca_exts[0]) };
	FILE *f;
	int rc;

	snprintf(path, sizeof(path), "%s/tenant-ca.pem", dir);
	snprintf(cn, sizeof(cn), CA_CN_PREFIX "%s", ca->tenant);
	if (access(path, F_OK) < 0) {
		X509 *made = cert_build(&p, serial);
		char *pem = made ? cert_pem(made, &ca->pem_len) : NULL;

		X509_free(made);
		if (!pem)
			return fail(why, whylen, -EIO, "%s: cannot make the tenant CA certificate", path);
		/* Another instance making it at once: the first one's stays, of the same key. */
		rc = cloud_file_publish(path, pem, ca->pem_len, false);
		free(pem);
		if (rc < 0 && rc != -EEXIST)
			return fail(why, whylen, rc, "%s: %s", path, strerror(-rc));
	}
	f = fopen(path, "r");
	if (!f)
		return fail(why, whylen, -errno, "%s: %s", path, strerror(errno));
	ca->cert = PEM_read_X509(f, NULL, NULL, NULL);
	fclose(f);
	if (!ca->cert)
		return fail(why, whylen, -EINVAL, "%s: not a PEM certificate", path);
	rc = ca_cert_check(ca->cert, ca->key, ca->tenant, path, why, whylen);
	if (rc < 0)
		return rc;
	ca->pem = cert_pem(ca->cert, &ca->pem_len);
	return ca->pem ? 0 : fail(why, whylen, -ENOMEM, "%s: out of memory", path);
}

int tenant_ca_open(const char *dir, const char *key_path, struct tenant_ca **out, char *why, size_t whylen)
{
	struct tenant_ca *ca = calloc(1, sizeof(*ca));
	char path[PATH_MAX];
	int rc;

	if (!ca)
		return fail(why, whylen, -ENOMEM, "out of memory");
	snprintf(path, sizeof(path), "%s/tenant-ca.key", dir);
	rc = tenant_id(dir, ca->tenant, why, whylen);
	if (rc == 0)
		rc = ca_key(key_path ? key_path : path, !key_path, &ca->key, why, whylen);
	if (rc == 0)
		rc = ca_cert(dir, ca, why, whylen);
	if (rc < 0) {
		tenant_ca_free(ca);
		return rc;
	}
	*out = ca;
	return 0;
}

void tenant_ca_free(struct tenant_ca *ca)
{
	if (!ca)
		return;
	EVP_PKEY_free(ca->key);
	X509_free(ca->cert);
	free(ca->pem);
	free(ca);
}

int tenant_ca_issue(const struct tenant_ca *ca, const char *device_id, const uint8_t point[65], int64_t now,
		    int64_t validity_s, struct device_cert *out)
{
	EVP_PKEY *pub = pkg_key_from_point(point);
	struct cert_profile p = { device_id, ca->cert, pub, ca->key, now - DEVICE_CERT_BACKDATE_S,
				  now + validity_s, device_exts,
				  sizeof(device_exts) / sizeof(device_exts[0]) };
	size_t len;
	X509 *x;

	if (!pub)
		return -EINVAL;
	x = cert_build(&p, out->serial);
	EVP_PKEY_free(pub);
	out->pem = x ? cert_pem(x, &len) : NULL;
	X509_free(x);
	if (!out->pem)
		return -EIO;
	out->not_before = p.not_before;
	out->not_after = p.not_after;
	return 0;
}
