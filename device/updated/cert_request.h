/* cert_request.h — updated's request for a device certificate (docs/ota.md,
 * "Device certificate"; docs/cloud-api.md, POST /v1/device/certificate): a
 * fresh P-256 key pair made here (pkg's crypto: mbedTLS on the device), a
 * nonce from the service, secmon's attestation over SHA-256("spherule
 * deviceauth v1\0" || nonce || public point) binding the key to this
 * device's secmon and that nonce (spherule/deviceauth_nonce.h), the request, and the answer read into
 * what appmgr keeps (DEVICEAUTH_STORE): the certificate, the chain, the
 * private key as PEM ("EC PRIVATE KEY"), not_after and the tenant. */
#ifndef UPDATED_CERT_REQUEST_H
#define UPDATED_CERT_REQUEST_H

#include <stddef.h>
#include <stdint.h>

#include "http_client.h"
#include "spherule/app_service.h"
#include "spherule/error_detail.h"

#define CERT_ATTESTATION_MAX 1024u

/**
 * struct cert_issued - a certificate the service issued and its key, laid out
 * as DEVICEAUTH_STORE's payload (handed to appmgr as it is): the head
 * (not_after, tenant, the three lengths), then the certificate, the chain and
 * the private key as PEM texts one after the other, a NUL after the last.
 */
struct cert_issued {
	struct app_svc_deviceauth_store head;
	char text[APP_SVC_DEVICEAUTH_CERT_MAX + APP_SVC_DEVICEAUTH_CHAIN_MAX + APP_SVC_DEVICEAUTH_KEY_MAX + 1];
};

/* The payload's bytes: the head and the three texts. */
static inline size_t cert_issued_size(const struct cert_issued *c)
{
	return sizeof(c->head) + c->head.cert_len + c->head.chain_len + c->head.key_len;
}

/* secmon's attestation of nonce (the mailbox result's bytes, as the
 * check-in sends them) into out (*len): 0 or -errno with why. */
typedef int (*cert_attest_fn)(void *ctx, const uint8_t nonce[32], uint8_t *out, size_t *len,
			      struct error_detail *why);

/* Asks srv for a certificate of device_id with a new key, attested by
 * attest(ctx): 0 with *out; -EACCES when the service refused (its status
 * and reason in why), -EPROTO for an answer that is not one, -errno. The
 * private key is wiped from this function's memory; out holds its PEM. */
int cert_request(const struct http_server *srv, const uint8_t device_id[32], cert_attest_fn attest, void *ctx,
		 struct cert_issued *out, struct error_detail *why);

#endif
