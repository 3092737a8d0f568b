/* der_cert.c — a certificate's validity and key, a P-256 ECPrivateKey (see
 * der_cert.h). */
#include "der_cert.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

#define TAG_INTEGER 0x02
#define TAG_BIT_STRING 0x03
#define TAG_OID 0x06
#define TAG_UTC_TIME 0x17
#define TAG_GENERALIZED_TIME 0x18
#define TAG_SEQUENCE 0x30
#define TAG_VERSION 0xa0   /* [0] EXPLICIT */

/* id-ecPublicKey (1.2.840.10045.2.1) and prime256v1 (1.2.840.10045.3.1.7), with their tags. */
static const uint8_t oid_ec_public_key[] = { 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01 };
static const uint8_t oid_prime256v1[] = { 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07 };

/* ECPrivateKey ::= SEQUENCE { version 1, privateKey OCTET STRING (32),
 * [0] parameters prime256v1, [1] publicKey BIT STRING (0 unused bits, 65) }. */
#define KEY_PRIV_AT 7u
#define KEY_PUB_AT 56u
static const uint8_t ec_key_head[KEY_PRIV_AT] = { 0x30, 0x77, 0x02, 0x01, 0x01, 0x04, 0x20 };
static const uint8_t ec_key_middle[KEY_PUB_AT - KEY_PRIV_AT - 32] = {
	0xa0, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0xa1, 0x44, 0x03, 0x42, 0x00,
};
_Static_assert(KEY_PUB_AT + 65 == DER_EC_KEY_SIZE, "the ECPrivateKey's layout");

/** struct tlv - one DER element: its tag, its contents [val, val + len). */
struct tlv {
	uint8_t tag;
	const uint8_t *val;
	size_t len;
};

/* Reads the element at *p (before end) and moves *p past it: 0 or -EINVAL. */
static int next(const uint8_t **p, const uint8_t *end, struct tlv *t)
{
	const uint8_t *q = *p;
	size_t len, k;

	if (end - q < 2)
		return -EINVAL;
	t->tag = *q++;
	len = *q++;
	if (len & 0x80) {
		k = len & 0x7f;
		if (k == 0 || k > 2 || (size_t)(end - q) < k)
			return -EINVAL;
		for (len = 0; k > 0; k--)
			len = len << 8 | *q++;
	}
	if ((size_t)(end - q) < len)
		return -EINVAL;
	t->val = q;
	t->len = len;
	*p = q + len;
	return 0;
}

/* The next element, which must have tag. */
static int expect(const uint8_t **p, const uint8_t *end, uint8_t tag, struct tlv *t)
{
	return next(p, end, t) == 0 && t->tag == tag ? 0 : -EINVAL;
}

/* n decimal digits at s: their value, or -1. */
static int digits(const uint8_t *s, unsigned n)
{
	int v = 0;

	for (unsigned i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* Days from 1970-01-01 to the civil date y-m-d (proleptic Gregorian). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* A UTCTime (YYMMDDHHMMSSZ) or GeneralizedTime (YYYYMMDDHHMMSSZ) as UTC seconds. */
static int read_time(const struct tlv *t, int64_t *out)
{
	unsigned ylen = t->tag == TAG_UTC_TIME ? 2 : 4;
	int y, mo, d, h, mi, s;

	if ((t->tag != TAG_UTC_TIME && t->tag != TAG_GENERALIZED_TIME) || t->len != ylen + 11 ||
	    t->val[t->len - 1] != 'Z')
		return -EINVAL;
	y = digits(t->val, ylen);
	mo = digits(t->val + ylen, 2);
	d = digits(t->val + ylen + 2, 2);
	h = digits(t->val + ylen + 4, 2);
	mi = digits(t->val + ylen + 6, 2);
	s = digits(t->val + ylen + 8, 2);
	if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59)
		return -EINVAL;
	if (ylen == 2)
		y += y < 50 ? 2000 : 1900;   /* RFC 5280, 4.1.2.5.1 */
	*out = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
	return 0;
}

/* SubjectPublicKeyInfo: id-ecPublicKey, prime256v1, an uncompressed point. */
static int read_key_info(const struct tlv *spki, uint8_t pub[65])
{
	const uint8_t *p = spki->val, *end = p + spki->len;
	struct tlv alg, key;

	if (expect(&p, end, TAG_SEQUENCE, &alg) != 0 || expect(&p, end, TAG_BIT_STRING, &key) != 0 ||
	    alg.len != sizeof(oid_ec_public_key) + sizeof(oid_prime256v1) ||
	    memcmp(alg.val, oid_ec_public_key, sizeof(oid_ec_public_key)) != 0 ||
	    memcmp(alg.val + sizeof(oid_ec_public_key), oid_prime256v1, sizeof(oid_prime256v1)) != 0 ||
	    key.len != 66 || key.val[0] != 0 || key.val[1] != 0x04)
		return -EINVAL;
	memcpy(pub, key.val + 1, 65);
	return 0;
}

int der_cert_read(const uint8_t *der, size_t n, struct der_cert *c)
{
	const uint8_t *p = der, *end = der + n, *q, *tbs_end;
	struct tlv cert, tbs, t, validity, nb, na, spki;

	if (expect(&p, end, TAG_SEQUENCE, &cert) != 0 || p != end)
		return -EINVAL;
	p = cert.val;
	if (expect(&p, cert.val + cert.len, TAG_SEQUENCE, &tbs) != 0)
		return -EINVAL;
	p = tbs.val;
	tbs_end = tbs.val + tbs.len;
	if (next(&p, tbs_end, &t) != 0)
		return -EINVAL;
	if (t.tag == TAG_VERSION && next(&p, tbs_end, &t) != 0)   /* then the serial */
		return -EINVAL;
	if (t.tag != TAG_INTEGER || expect(&p, tbs_end, TAG_SEQUENCE, &t) != 0 ||   /* signature algorithm */
	    expect(&p, tbs_end, TAG_SEQUENCE, &t) != 0 ||                           /* issuer */
	    expect(&p, tbs_end, TAG_SEQUENCE, &validity) != 0 || expect(&p, tbs_end, TAG_SEQUENCE, &t) != 0 ||
	    expect(&p, tbs_end, TAG_SEQUENCE, &spki) != 0)
		return -EINVAL;
	q = validity.val;
	if (next(&q, validity.val + validity.len, &nb) != 0 || next(&q, validity.val + validity.len, &na) != 0 ||
	    q != validity.val + validity.len || read_time(&nb, &c->not_before) != 0 ||
	    read_time(&na, &c->not_after) != 0)
		return -EINVAL;
	return read_key_info(&spki, c->pub);
}

void der_ec_key_write(const uint8_t priv[32], const uint8_t pub[65], uint8_t out[DER_EC_KEY_SIZE])
{
	memcpy(out, ec_key_head, sizeof(ec_key_head));
	memcpy(out + KEY_PRIV_AT, priv, 32);
	memcpy(out + KEY_PRIV_AT + 32, ec_key_middle, sizeof(ec_key_middle));
	memcpy(out + KEY_PUB_AT, pub, 65);
}

int der_ec_key_read(const uint8_t *der, size_t n, uint8_t priv[32], uint8_t pub[65])
{
	if (n != DER_EC_KEY_SIZE || memcmp(der, ec_key_head, sizeof(ec_key_head)) != 0 ||
	    memcmp(der + KEY_PRIV_AT + 32, ec_key_middle, sizeof(ec_key_middle)) != 0 || der[KEY_PUB_AT] != 0x04)
		return -EINVAL;
	memcpy(priv, der + KEY_PRIV_AT, 32);
	memcpy(pub, der + KEY_PUB_AT, 65);
	return 0;
}
