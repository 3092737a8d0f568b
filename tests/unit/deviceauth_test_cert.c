/* deviceauth_test_cert.c — test certificates with OpenSSL (see
 * deviceauth_test_cert.h). */
#include "deviceauth_test_cert.h"

#include <string.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "crypto.h"
#include "der_cert.h"
#include "pem.h"

static EVP_PKEY *ca_key;
static X509 *ca_cert;

/* The PEM of x into out. */
static int cert_pem(X509 *x, char out[TEST_PEM_MAX])
{
	BIO *b = BIO_new(BIO_s_mem());
	char *p;
	long n;
	int ok = b && PEM_write_bio_X509(b, x) == 1;

	n = ok ? BIO_get_mem_data(b, &p) : 0;
	ok = ok && n > 0 && (size_t)n < TEST_PEM_MAX;
	if (ok) {
		memcpy(out, p, (size_t)n);
		out[n] = '\0';
	}
	BIO_free(b);
	return ok ? 0 : -1;
}

/* A certificate of key (subject CN=cn) from not_before to not_after, signed by signer. */
static X509 *make_cert(EVP_PKEY *key, const char *cn, int64_t not_before, int64_t not_after, X509 *issuer,
		       EVP_PKEY *signer)
{
	X509 *x = X509_new();
	X509_NAME *name = X509_NAME_new();
	int ok = x && name && X509_set_version(x, 2) == 1 && ASN1_INTEGER_set(X509_get_serialNumber(x), 7) == 1 &&
		 X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)cn, -1, -1, 0) == 1 &&
		 X509_set_subject_name(x, name) == 1 &&
		 X509_set_issuer_name(x, issuer ? X509_get_subject_name(issuer) : name) == 1 &&
		 ASN1_TIME_set(X509_getm_notBefore(x), (time_t)not_before) &&
		 ASN1_TIME_set(X509_getm_notAfter(x), (time_t)not_after) && X509_set_pubkey(x, key) == 1 &&
		 X509_sign(x, signer, EVP_sha256()) > 0;

	X509_NAME_free(name);
	if (!ok) {
		X509_free(x);
		return NULL;
	}
	return x;
}

/* The public key of point pub, through its SubjectPublicKeyInfo. */
static EVP_PKEY *key_of_point(const uint8_t pub[65])
{
	static const uint8_t spki_head[26] = { 0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48,
					       0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x86, 0x48,
					       0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00 };
	uint8_t der[sizeof(spki_head) + 65];
	const unsigned char *p = der;

	memcpy(der, spki_head, sizeof(spki_head));
	memcpy(der + sizeof(spki_head), pub, 65);
	return d2i_PUBKEY(NULL, &p, (long)sizeof(der));
}

int test_cert_issue(const uint8_t pub[65], const char *cn, int64_t not_before, int64_t not_after,
		    char cert[TEST_PEM_MAX], char chain[TEST_PEM_MAX])
{
	EVP_PKEY *key;
	X509 *x;
	int err;

	if (!ca_key) {
		int64_t now = (int64_t)time(NULL);

		ca_key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
		ca_cert = ca_key ? make_cert(ca_key, "Spherule tenant test", now - 3600, now + 86400 * 365, NULL, ca_key)
				 : NULL;
		if (!ca_cert)
			return -1;
	}
	key = key_of_point(pub);
	x = key ? make_cert(key, cn, not_before, not_after, ca_cert, ca_key) : NULL;
	err = x ? cert_pem(x, cert) : -1;
	if (err == 0)
		err = cert_pem(ca_cert, chain);
	X509_free(x);
	EVP_PKEY_free(key);
	return err;
}

int test_key_make(char key[TEST_PEM_MAX], uint8_t pub[65])
{
	uint8_t priv[32], der[DER_EC_KEY_SIZE];

	if (crypto_p256_keygen(priv, pub) != 0)
		return -1;
	der_ec_key_write(priv, pub, der);
	return pem_encode("EC PRIVATE KEY", der, sizeof(der), key, TEST_PEM_MAX) > 0 ? 0 : -1;
}

int test_key_openssl_reads(const char *key, const uint8_t pub[65])
{
	BIO *b = BIO_new_mem_buf(key, -1);
	EVP_PKEY *k = b ? PEM_read_bio_PrivateKey(b, NULL, NULL, NULL) : NULL;
	uint8_t got[65];
	size_t n = 0;
	int ok = k && EVP_PKEY_get_octet_string_param(k, OSSL_PKEY_PARAM_PUB_KEY, got, sizeof(got), &n) == 1 &&
		 n == 65 && memcmp(got, pub, 65) == 0;

	EVP_PKEY_free(k);
	BIO_free(b);
	return ok;
}
