/* deviceauth.c — the device certificate appmgr keeps (see deviceauth.h). */
#include "deviceauth.h"

#include <errno.h>
#include <string.h>
#include <time.h>

#include "crypto.h"
#include "der_cert.h"
#include "pem.h"
#include "small_file.h"
#include "spherule/app_service.h"

#define CERT_LABEL "CERTIFICATE"
#define KEY_LABEL "EC PRIVATE KEY"

_Static_assert(sizeof(struct app_svc_req) + sizeof(struct app_svc_deviceauth_store) + APP_SVC_DEVICEAUTH_CERT_MAX +
			       APP_SVC_DEVICEAUTH_CHAIN_MAX + APP_SVC_DEVICEAUTH_KEY_MAX <= APP_SVC_DEVICEAUTH_MSG_MAX,
	       "the longest texts fit DEVICEAUTH_STORE's request");

/* The first certificate of the PEM text [pem, pem + len), decoded into der
 * (cap bytes) and read. */
static int read_cert(const char *pem, size_t len, const char *what, uint8_t *der, size_t cap, struct der_cert *c,
		     struct error_detail *why)
{
	size_t n;
	int err = pem_decode(pem, len, CERT_LABEL, der, cap, &n, NULL);

	if (err != 0)
		return error_detail_set(why, -EINVAL, "the %s is no PEM certificate (%s)", what, strerror(-err));
	if (der_cert_read(der, n, c) != 0)
		return error_detail_set(why, -EINVAL, "the %s is no X.509 certificate with a P-256 key", what);
	return 0;
}

/* The key's PEM is the certificate's key: priv's public point is its. */
static int check_key(const char *pem, size_t len, const uint8_t cert_pub[65], struct error_detail *why)
{
	uint8_t der[APP_SVC_DEVICEAUTH_KEY_MAX], priv[32], pub[65], derived[65];
	size_t n;
	int err = pem_decode(pem, len, KEY_LABEL, der, sizeof(der), &n, NULL);

	if (err == 0)
		err = der_ec_key_read(der, n, priv, pub);
	if (err != 0)
		err = error_detail_set(why, -EINVAL, "the private key is no PEM \"%s\" of P-256", KEY_LABEL);
	else if (crypto_p256_public_of(priv, derived) != 0 || memcmp(derived, pub, 65) != 0)
		err = error_detail_set(why, -EINVAL, "the private key's public point is not its own");
	else if (memcmp(derived, cert_pub, 65) != 0)
		err = error_detail_set(why, -EKEYREJECTED, "the private key is not the certificate's");
	memset(priv, 0, sizeof(priv));
	memset(der, 0, sizeof(der));
	return err;
}

int deviceauth_check(const uint8_t *payload, size_t len, struct deviceauth *out, struct error_detail *why)
{
	static const uint8_t nil[16];
	uint8_t der[APP_SVC_DEVICEAUTH_CHAIN_MAX];
	struct app_svc_deviceauth_store h;
	struct der_cert cert, ca;
	const char *text = (const char *)payload + sizeof(h);
	int err;

	if (len < sizeof(h))
		return error_detail_set(why, -EBADMSG, "%zu bytes: shorter than the head", len);
	memcpy(&h, payload, sizeof(h));
	if (h.cert_len > APP_SVC_DEVICEAUTH_CERT_MAX || h.chain_len > APP_SVC_DEVICEAUTH_CHAIN_MAX ||
	    h.key_len > APP_SVC_DEVICEAUTH_KEY_MAX)
		return error_detail_set(why, -EFBIG, "certificate %u, chain %u, key %u bytes: at most %u, %u, %u",
					h.cert_len, h.chain_len, h.key_len, APP_SVC_DEVICEAUTH_CERT_MAX,
					APP_SVC_DEVICEAUTH_CHAIN_MAX, APP_SVC_DEVICEAUTH_KEY_MAX);
	if (sizeof(h) + h.cert_len + h.chain_len + h.key_len != len || h.reserved != 0)
		return error_detail_set(why, -EBADMSG, "the texts' lengths are not the payload's %zu bytes", len);
	if (memcmp(h.tenant, nil, sizeof(nil)) == 0)
		return error_detail_set(why, -EINVAL, "the nil tenant");
	err = read_cert(text, h.cert_len, "certificate", der, sizeof(der), &cert, why);
	if (err == 0)
		err = read_cert(text + h.cert_len, h.chain_len, "chain", der, sizeof(der), &ca, why);
	if (err != 0)
		return err;
	if (cert.not_after != h.not_after || cert.not_before >= cert.not_after)
		return error_detail_set(why, -EINVAL, "not_after %lld is not the certificate's %lld",
					(long long)h.not_after, (long long)cert.not_after);
	err = check_key(text + h.cert_len + h.chain_len, h.key_len, cert.pub, why);
	if (err != 0)
		return err;
	out->present = true;
	memcpy(out->tenant, h.tenant, sizeof(out->tenant));
	out->not_before = cert.not_before;
	out->not_after = cert.not_after;
	return 0;
}

int deviceauth_load(struct deviceauth *d, const char *path, const struct deviceauth_shelf *shelf,
		    struct error_detail *why)
{
	uint8_t buf[APP_SVC_DEVICEAUTH_MSG_MAX];
	size_t len;
	int err = small_file_read(path, buf, sizeof(buf), &len);

	memset(d, 0, sizeof(*d));
	d->path = path;
	d->shelf = *shelf;
	if (err != 0 && err != -ENOENT)
		error_detail_set(why, err, "%s: %s", path, strerror(-err));
	else if (err == 0)
		err = deviceauth_check(buf, len, d, why);
	if (err == 0) {
		int published = deviceauth_publish(shelf, buf, len, why);

		err = published < 0 ? published : 0;
	} else {
		struct error_detail ignored;

		d->present = false;
		/* What is not kept is not published either (a failure here shows
		 * when the next certificate is published). */
		(void)deviceauth_unpublish(shelf, &ignored);
	}
	memset(buf, 0, sizeof(buf));
	return err;
}

int deviceauth_store(struct deviceauth *d, const uint8_t *payload, size_t len, struct error_detail *why)
{
	struct deviceauth next = { .path = d->path, .shelf = d->shelf };
	int err = deviceauth_check(payload, len, &next, why);

	if (err != 0)
		return err;
	err = small_file_replace(d->path, payload, len);
	if (err != 0)
		return error_detail_set(why, err, "%s: %s", d->path, strerror(-err));
	*d = next;
	err = deviceauth_publish(&d->shelf, payload, len, why);
	return err < 0 ? err : 0;
}

bool deviceauth_ready(const struct deviceauth *d, const uint8_t tenant[16], int64_t now)
{
	return d->present && memcmp(d->tenant, tenant, sizeof(d->tenant)) == 0 && now >= d->not_before &&
	       now < d->not_after;
}

void deviceauth_time_text(int64_t t, char out[DEVICEAUTH_TIME_TEXT_SIZE])
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm) || strftime(out, DEVICEAUTH_TIME_TEXT_SIZE, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		out[0] = '\0';
}
