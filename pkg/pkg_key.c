/*
 * pkg_key.c - host-side P-256 keys with OpenSSL 3 EVP APIs: generate, read and
 * write PEM, extract the public point, sign a digest as raw r || s.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rand.h>

#include "pkg_internal.h"
#include "spherule/pkg_host.h"

/* The reason OpenSSL gives for its last failure (and clears its error queue). */
static const char *openssl_reason(void)
{
	static char text[120];
	unsigned long e = ERR_get_error();

	ERR_clear_error();
	if (!e)
		return "unknown OpenSSL error";
	ERR_error_string_n(e, text, sizeof(text));
	return text;
}

EVP_PKEY *pkg_key_generate(struct error_detail *err)
{
	EVP_PKEY *key = EVP_EC_gen("P-256");

	if (!key)
		error_detail_set(err, -EIO, "cannot generate a P-256 key: %s", openssl_reason());
	return key;
}

static bool is_p256(EVP_PKEY *key)
{
	char group[32];

	return EVP_PKEY_is_a(key, "EC") &&
	       EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof(group),
					      NULL) == 1 &&
	       strcmp(group, "prime256v1") == 0;
}

/* key if it is a P-256 key, else NULL with err saying why (key freed);
 * what names where it was read from. */
static EVP_PKEY *only_p256(EVP_PKEY *key, const char *what, bool want_private, struct error_detail *err)
{
	if (!key) {
		error_detail_set(err, -EINVAL, "%s: not a PEM %s key: %s", what,
				 want_private ? "private" : "public", openssl_reason());
		return NULL;
	}
	if (!is_p256(key)) {
		EVP_PKEY_free(key);
		error_detail_set(err, -EINVAL, "%s: not an ECDSA P-256 key", what);
		return NULL;
	}
	return key;
}

EVP_PKEY *pkg_key_read(const char *path, bool want_private, struct error_detail *err)
{
	FILE *f = fopen(path, "r");
	EVP_PKEY *key = NULL;

	if (!f) {
		error_detail_set(err, -errno, "%s: %s", path, strerror(errno));
		return NULL;
	}
	key = PEM_read_PrivateKey(f, NULL, NULL, NULL);
	if (!key && !want_private) {
		rewind(f);
		ERR_clear_error();
		key = PEM_read_PUBKEY(f, NULL, NULL, NULL);
	}
	fclose(f);
	return only_p256(key, path, want_private, err);
}

EVP_PKEY *pkg_key_parse_public(const char *pem, size_t len, const char *what, struct error_detail *err)
{
	BIO *bio = len <= INT_MAX ? BIO_new_mem_buf(pem, (int)len) : NULL;
	EVP_PKEY *key = bio ? PEM_read_bio_PUBKEY(bio, NULL, NULL, NULL) : NULL;

	BIO_free(bio);
	return only_p256(key, what, false, err);
}

int pkg_key_write_pem(EVP_PKEY *key, bool private_part, FILE *f, struct error_detail *err)
{
	int ok = private_part ? PEM_write_PrivateKey(f, key, NULL, NULL, 0, NULL, NULL)
			      : PEM_write_PUBKEY(f, key);

	return ok == 1 ? 0
		       : error_detail_set(err, -EIO, "cannot write PEM key: %s", openssl_reason());
}

int pkg_key_pem(EVP_PKEY *key, bool private_part, char **text, size_t *len, struct error_detail *err)
{
	FILE *f = open_memstream(text, len);
	int rc;

	if (!f)
		return error_detail_set(err, -errno, "cannot write PEM key: %s", strerror(errno));
	rc = pkg_key_write_pem(key, private_part, f, err);
	if (fclose(f) != 0 && rc == 0)
		rc = error_detail_set(err, -EIO, "cannot write PEM key: %s", strerror(errno));
	if (rc < 0) {
		explicit_bzero(*text, *len);
		free(*text);
		*text = NULL;
	}
	return rc;
}

int pkg_key_point(EVP_PKEY *key, uint8_t point[PKG_PUBKEY_SIZE], struct error_detail *err)
{
	size_t len = 0;

	if (EVP_PKEY_set_utf8_string_param(key, OSSL_PKEY_PARAM_EC_POINT_CONVERSION_FORMAT,
					   OSSL_PKEY_EC_POINT_CONVERSION_FORMAT_UNCOMPRESSED) != 1 ||
	    EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_PUB_KEY, point, PKG_PUBKEY_SIZE,
					    &len) != 1 ||
	    len != PKG_PUBKEY_SIZE || point[0] != 0x04)
		return error_detail_set(err, -EINVAL,
					"cannot get the uncompressed public point: %s",
					openssl_reason());
	return 0;
}

int pkg_sign_digest(EVP_PKEY *key, const uint8_t digest[32], uint8_t signature[64],
		    struct error_detail *err)
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(key, NULL);
	unsigned char der[80];
	const unsigned char *p = der;
	size_t der_len = sizeof(der);
	ECDSA_SIG *sig = NULL;
	const BIGNUM *r, *s;
	int rc = -EIO;

	if (ctx && EVP_PKEY_sign_init(ctx) == 1 &&
	    EVP_PKEY_CTX_set_signature_md(ctx, EVP_sha256()) == 1 &&
	    EVP_PKEY_sign(ctx, der, &der_len, digest, 32) == 1 &&
	    (sig = d2i_ECDSA_SIG(NULL, &p, (long)der_len)) != NULL) {
		ECDSA_SIG_get0(sig, &r, &s);
		if (BN_bn2binpad(r, signature, 32) == 32 && BN_bn2binpad(s, signature + 32, 32) == 32)
			rc = 0;
	}
	ECDSA_SIG_free(sig);
	EVP_PKEY_CTX_free(ctx);
	return rc == 0 ? 0 : error_detail_set(err, rc, "cannot sign: %s", openssl_reason());
}

int pkg_random(uint8_t *buf, size_t len)
{
	return RAND_bytes(buf, (int)len) == 1 ? 0 : -EIO;
}
