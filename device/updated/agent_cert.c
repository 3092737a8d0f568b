/* agent_cert.c — updated's device certificate (see agent.h): asked for
 * when due, handed to appmgr, its validity kept for the next start. */
#include "agent.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "attest.h"
#include "cert_request.h"
#include "der_cert.h"
#include "deviceauth.h"
#include "pem.h"

/* cert_request()'s attestation: secmon's, through its mailbox port. */
static int attest_bound(void *ctx, const uint8_t nonce[32], uint8_t *out, size_t *len, struct error_detail *why)
{
	static uint8_t result[ATTEST_RESULT_MAX];
	uint8_t id[MBOX_DEVICE_ID_SIZE];
	int err = attest(nonce, result, len, id, why);

	if (err == 0 && *len > CERT_ATTESTATION_MAX)
		return error_detail_set(why, -EMSGSIZE, "an attestation of %zu bytes", *len);
	if (err == 0)
		memcpy(out, result, *len);
	return err;
}

/* The certificate's notBefore (for the schedule). */
static int not_before_of(const char *pem, size_t len, int64_t *out)
{
	static uint8_t der[APP_SVC_DEVICEAUTH_CERT_MAX];
	struct der_cert c;
	size_t n;
	int err = pem_decode(pem, len, "CERTIFICATE", der, sizeof(der), &n, NULL);

	if (err == 0)
		err = der_cert_read(der, n, &c);
	if (err == 0)
		*out = c.not_before;
	return err;
}

void agent_certificate(struct agent *a)
{
	static struct cert_issued got;
	struct error_detail why = { "" };
	char until[DEVICEAUTH_TIME_TEXT_SIZE];
	int64_t now = (int64_t)time(NULL), not_before = 0;
	int err;

	if (now < cert_schedule_due(&a->cert, a->conf->cert_renew_left_pct))
		return;
	err = cert_request(&a->conf->service, a->device_id, attest_bound, NULL, &got, &why);
	if (err == -EACCES)
		fprintf(stderr, "updated: device certificate refused: %s\n", why.msg);
	else if (err != 0)
		fprintf(stderr, "updated: device certificate request failed: %s\n", why.msg);
	if (err == 0 && not_before_of(got.text, got.head.cert_len, &not_before) != 0) {
		err = -EPROTO;
		fprintf(stderr, "updated: device certificate request failed: the certificate does not parse\n");
	}
	if (err == 0 && (err = ops_deviceauth_store(&a->svc, &got, cert_issued_size(&got), &why)) != 0)
		fprintf(stderr, "updated: appmgr did not keep the device certificate: %s\n", why.msg);
	memset(got.text + got.head.cert_len + got.head.chain_len, 0, got.head.key_len);
	if (err != 0) {
		int64_t wait = cert_schedule_failed(&a->cert, now);

		fprintf(stderr, "updated: next device certificate request in %lld s\n", (long long)wait);
		return;
	}
	cert_schedule_issued(&a->cert, not_before, got.head.not_after);
	deviceauth_time_text(got.head.not_after, until);
	fprintf(stderr, "updated: device certificate issued, valid until %s\n", until);
	err = cert_schedule_save(a->storage_dir, &a->cert);
	if (err != 0)
		fprintf(stderr, "updated: cannot save the device certificate's validity: %s\n", strerror(-err));
}
