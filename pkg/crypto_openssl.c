/*
 * crypto_openssl.c - host backend of crypto.h on OpenSSL 3 (EVP APIs; the
 * curve arithmetic of the P-256 key pairs with EC_POINT_mul).
 */
#include <errno.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/param_build.h>
#include <openssl/rand.h>

#include "crypto.h"
#include "spherule/pkg_host.h"

_Static_assert(sizeof(EVP_MD_CTX *) <= sizeof(((struct crypto_sha256 *)0)->state),
	       "crypto_sha256 too small for an EVP_MD_CTX pointer");

static EVP_MD_CTX **md_ctx(struct crypto_sha256 *c)
{
	return (EVP_MD_CTX **)(void *)c->state;
}

int crypto_sha256_init(struct crypto_sha256 *c)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();

	if (!ctx)
		return -ENOMEM;
	if (EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1) {
		EVP_MD_CTX_free(ctx);
		return -EIO;
	}
	*md_ctx(c) = ctx;
	return 0;
}

int crypto_sha256_update(struct crypto_sha256 *c, const void *data, size_t len)
{
	return EVP_DigestUpdate(*md_ctx(c), data, len) == 1 ? 0 : -EIO;
}

int crypto_sha256_final(struct crypto_sha256 *c, uint8_t out[CRYPTO_SHA256_SIZE])
{
	int ok = EVP_DigestFinal_ex(*md_ctx(c), out, NULL) == 1;

	EVP_MD_CTX_free(*md_ctx(c));
	*md_ctx(c) = NULL;
	return ok ? 0 : -EIO;
}

int crypto_sha256(const void *data, size_t len, uint8_t out[CRYPTO_SHA256_SIZE])
{
	return EVP_Digest(data, len, out, NULL, EVP_sha256(), NULL) == 1 ? 0 : -EIO;
}

EVP_PKEY *pkg_key_from_point(const uint8_t pubkey[PKG_PUBKEY_SIZE])
{
	OSSL_PARAM params[] = {
		OSSL_PARAM_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0),
		OSSL_PARAM_octet_string(OSSL_PKEY_PARAM_PUB_KEY, (void *)pubkey, 65),
		OSSL_PARAM_END,
	};
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
	EVP_PKEY *key = NULL;

	if (!ctx)
		return NULL;
	if (pubkey[0] != 0x04 || EVP_PKEY_fromdata_init(ctx) != 1 ||
	    EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, params) != 1)
		key = NULL;
	EVP_PKEY_CTX_free(ctx);
	return key;
}

/* DER encoding of r || s; returns its length or 0. */
static int der_signature(const uint8_t signature[64], unsigned char **der)
{
	ECDSA_SIG *sig = ECDSA_SIG_new();
	BIGNUM *r = BN_bin2bn(signature, 32, NULL), *s = BN_bin2bn(signature + 32, 32, NULL);
	int len = 0;

	if (sig && r && s && ECDSA_SIG_set0(sig, r, s) == 1) {
		r = s = NULL; /* owned by sig now */
		len = i2d_ECDSA_SIG(sig, der);
	}
	BN_free(r);
	BN_free(s);
	ECDSA_SIG_free(sig);
	return len > 0 ? len : 0;
}

int crypto_ecdsa_p256_verify(const uint8_t pubkey[65], const uint8_t digest[CRYPTO_SHA256_SIZE],
			     const uint8_t signature[64])
{
	EVP_PKEY *key = pkg_key_from_point(pubkey);
	EVP_PKEY_CTX *ctx = NULL;
	unsigned char *der = NULL;
	int der_len, rc;

	if (!key)
		return -EINVAL;
	der_len = der_signature(signature, &der);
	ctx = EVP_PKEY_CTX_new(key, NULL);
	if (!der_len || !ctx || EVP_PKEY_verify_init(ctx) != 1 ||
	    EVP_PKEY_CTX_set_signature_md(ctx, EVP_sha256()) != 1)
		rc = -ENOMEM;
	else
		rc = EVP_PKEY_verify(ctx, der, (size_t)der_len, digest, CRYPTO_SHA256_SIZE) == 1
			     ? 0 : -EBADMSG;
	EVP_PKEY_CTX_free(ctx);
	OPENSSL_free(der);
	EVP_PKEY_free(key);
	return rc;
}

int crypto_p256_public_of(const uint8_t priv[32], uint8_t pub[65])
{
	EC_GROUP *grp = EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1);
	EC_POINT *q = grp ? EC_POINT_new(grp) : NULL;
	BIGNUM *d = BN_bin2bn(priv, 32, NULL);
	int rc = -ENOMEM;

	if (grp && q && d) {
		if (BN_is_zero(d) || BN_cmp(d, EC_GROUP_get0_order(grp)) >= 0)
			rc = -EINVAL;
		else if (EC_POINT_mul(grp, q, d, NULL, NULL, NULL) == 1 &&
			 EC_POINT_point2oct(grp, q, POINT_CONVERSION_UNCOMPRESSED, pub, 65, NULL) == 65)
			rc = 0;
	}
	BN_clear_free(d);
	EC_POINT_free(q);
	EC_GROUP_free(grp);
	return rc;
}

int crypto_p256_keygen(uint8_t priv[32], uint8_t pub[65])
{
	int rc;

	do {
		if (RAND_priv_bytes(priv, 32) != 1)
			return -EIO;
		rc = crypto_p256_public_of(priv, pub);
	} while (rc == -EINVAL);
	return rc;
}
