/* mtls_client.c — mutual TLS with mbedTLS (mtls_client.h). Each exchange
 * sets up everything anew (the random generator, the CA, the device
 * certificate and key, the TLS configuration) and frees it after: the
 * device certificate is renewed daily, and a connection every few seconds
 * costs little next to the handshake. */
#include <arpa/inet.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/net_sockets.h>
#include <mbedtls/oid.h>
#include <mbedtls/pk.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509_crt.h>

#include "mtls_client.h"
#include "tcp_connect.h"
#include "tls_why.h"

/* How long a connect, or a wait for the server's next bytes, may take. */
#define MTLS_TIMEOUT_S 10

static const char drbgPersonalization[] = "mutual_tls";

/* One connection and all it holds, freed together by SessionClose. */
typedef struct {
	mbedtls_entropy_context entropy;
	mbedtls_ctr_drbg_context drbg;
	mbedtls_x509_crt ca;         /* the server's CA */
	mbedtls_x509_crt device;     /* the device certificate, when presented */
	mbedtls_pk_context key;      /* its private key */
	mbedtls_ssl_config config;
	mbedtls_ssl_context ssl;
	mbedtls_net_context net;
	bool nameIsIp;               /* the server's name is an IPv4 address: */
	struct in_addr ip;           /* this one */
} Session;

static void SessionInit(Session *s)
{
	mbedtls_entropy_init(&s->entropy);
	mbedtls_ctr_drbg_init(&s->drbg);
	mbedtls_x509_crt_init(&s->ca);
	mbedtls_x509_crt_init(&s->device);
	mbedtls_pk_init(&s->key);
	mbedtls_ssl_config_init(&s->config);
	mbedtls_ssl_init(&s->ssl);
	mbedtls_net_init(&s->net);
	s->nameIsIp = false;
}

static void SessionClose(Session *s)
{
	mbedtls_net_free(&s->net);
	mbedtls_ssl_free(&s->ssl);
	mbedtls_ssl_config_free(&s->config);
	mbedtls_pk_free(&s->key);
	mbedtls_x509_crt_free(&s->device);
	mbedtls_x509_crt_free(&s->ca);
	mbedtls_ctr_drbg_free(&s->drbg);
	mbedtls_entropy_free(&s->entropy);
}

/* Loads the device certificate and its key, and checks that they are a
 * pair: 0, or -1 with why filled. */
static int LoadDeviceCertificate(Session *s, const char *certPath, const char *keyPath, char *why, size_t whyLen)
{
	int err = mbedtls_x509_crt_parse_file(&s->device, certPath);

	if (err > 0) {
		snprintf(why, whyLen, "cannot load the device certificate: %d certificate(s) of %s not parsed", err,
			 certPath);
		return -1;
	}
	if (err != 0) {
		TlsWhy(why, whyLen, "cannot load the device certificate", err);
		return -1;
	}
	err = mbedtls_pk_parse_keyfile(&s->key, keyPath, NULL);
	if (err != 0) {
		TlsWhy(why, whyLen, "cannot load the device certificate's key", err);
		return -1;
	}
	err = mbedtls_pk_check_pair(&s->device.pk, &s->key);
	if (err != 0) {
		TlsWhy(why, whyLen, "the key is not the device certificate's", err);
		return -1;
	}
	return 0;
}

/* Whether crt has an iPAddress subject alternative name equal to the IPv4
 * address *ip. */
static bool HasIpSan(const mbedtls_x509_crt *crt, const struct in_addr *ip)
{
	for (const mbedtls_x509_sequence *san = &crt->subject_alt_names; san != NULL; san = san->next)
		if (san->buf.tag == (MBEDTLS_ASN1_CONTEXT_SPECIFIC | MBEDTLS_X509_SAN_IP_ADDRESS) &&
		    san->buf.len == sizeof(*ip) && memcmp(san->buf.p, ip, sizeof(*ip)) == 0)
			return true;
	return false;
}

/* mbedTLS 2.28 matches a server's name against its certificate's DNS
 * names (or its CN without them), never its IP addresses: for a server
 * named by an IPv4 address, this verify callback checks the server's
 * certificate (depth 0) for an iPAddress SAN of that address instead. */
static int VerifyIpSan(void *ctx, mbedtls_x509_crt *crt, int depth, uint32_t *flags)
{
	if (depth == 0 && !HasIpSan(crt, ctx))
		*flags |= MBEDTLS_X509_BADCERT_CN_MISMATCH;
	return 0;
}

/* The TLS 1.2 client configuration: the server verified against s->ca, the
 * device certificate presented when withDevice. 0, or -1 with why. */
static int Configure(Session *s, const MtlsServer *server, bool withDevice, char *why, size_t whyLen)
{
	int err = mbedtls_ctr_drbg_seed(&s->drbg, mbedtls_entropy_func, &s->entropy,
					(const unsigned char *)drbgPersonalization, sizeof(drbgPersonalization) - 1);

	if (err != 0) {
		TlsWhy(why, whyLen, "cannot seed the random generator", err);
		return -1;
	}
	err = mbedtls_x509_crt_parse_file(&s->ca, server->caPath);
	if (err != 0) {
		TlsWhy(why, whyLen, "cannot load the server's CA certificate", err);
		return -1;
	}
	err = mbedtls_ssl_config_defaults(&s->config, MBEDTLS_SSL_IS_CLIENT, MBEDTLS_SSL_TRANSPORT_STREAM,
					  MBEDTLS_SSL_PRESET_DEFAULT);
	if (err == 0 && withDevice)
		err = mbedtls_ssl_conf_own_cert(&s->config, &s->device, &s->key);
	if (err != 0) {
		TlsWhy(why, whyLen, "cannot configure TLS", err);
		return -1;
	}
	mbedtls_ssl_conf_min_version(&s->config, MBEDTLS_SSL_MAJOR_VERSION_3, MBEDTLS_SSL_MINOR_VERSION_3);
	mbedtls_ssl_conf_max_version(&s->config, MBEDTLS_SSL_MAJOR_VERSION_3, MBEDTLS_SSL_MINOR_VERSION_3);
	mbedtls_ssl_conf_authmode(&s->config, MBEDTLS_SSL_VERIFY_REQUIRED);
	mbedtls_ssl_conf_ca_chain(&s->config, &s->ca, NULL);
	mbedtls_ssl_conf_rng(&s->config, mbedtls_ctr_drbg_random, &s->drbg);
	mbedtls_ssl_conf_read_timeout(&s->config, MTLS_TIMEOUT_S * 1000);
	s->nameIsIp = inet_pton(AF_INET, server->name, &s->ip) == 1;
	if (s->nameIsIp)
		mbedtls_ssl_conf_verify(&s->config, VerifyIpSan, &s->ip);
	return 0;
}

/* Connects and handshakes: 0, or -1 with why. A refusal by the server is
 * mbedTLS's text alone ("SSL - A fatal alert message was received from our
 * peer"): TLS 1.2 ends the handshake there when the server does not accept
 * the client's certificate, or its absence. */
static int Handshake(Session *s, const MtlsServer *server, char *why, size_t whyLen)
{
	int err;

	s->net.fd = TcpConnect(server->host, server->port, MTLS_TIMEOUT_S, why, whyLen);
	if (s->net.fd < 0)
		return -1;
	err = mbedtls_ssl_setup(&s->ssl, &s->config);
	if (err == 0 && !s->nameIsIp)
		err = mbedtls_ssl_set_hostname(&s->ssl, server->name);
	if (err != 0) {
		TlsWhy(why, whyLen, "cannot set up the session", err);
		return -1;
	}
	mbedtls_ssl_set_bio(&s->ssl, &s->net, mbedtls_net_send, NULL, mbedtls_net_recv_timeout);
	do
		err = mbedtls_ssl_handshake(&s->ssl);
	while (err == MBEDTLS_ERR_SSL_WANT_READ || err == MBEDTLS_ERR_SSL_WANT_WRITE);
	if (err == MBEDTLS_ERR_X509_CERT_VERIFY_FAILED) {
		TlsVerifyWhy(why, whyLen, "server certificate not verified", mbedtls_ssl_get_verify_result(&s->ssl));
		return -1;
	}
	if (err != 0) {
		TlsWhy(why, whyLen, NULL, err);
		return -1;
	}
	return 0;
}

/* out = the CN of crt's subject, control bytes as '?' ("" without one). */
static void CommonName(const mbedtls_x509_crt *crt, char *out, size_t outLen)
{
	size_t n = 0;

	for (const mbedtls_x509_name *name = &crt->subject; name != NULL; name = name->next) {
		if (name->oid.p == NULL || MBEDTLS_OID_CMP(MBEDTLS_OID_AT_CN, &name->oid) != 0)
			continue;
		for (; n < name->val.len && n < outLen - 1; n++) {
			unsigned char c = name->val.p[n];

			out[n] = (c >= ' ' && c < 0x7f) ? (char)c : '?';
		}
		break;
	}
	out[n] = '\0';
}

/* Sends all of line: 0, or -1 with why. */
static int Send(mbedtls_ssl_context *ssl, const char *line, char *why, size_t whyLen)
{
	size_t sent = 0, len = strlen(line);

	while (sent < len) {
		int n = mbedtls_ssl_write(ssl, (const unsigned char *)line + sent, len - sent);

		if (n == MBEDTLS_ERR_SSL_WANT_READ || n == MBEDTLS_ERR_SSL_WANT_WRITE)
			continue;
		if (n < 0) {
			TlsWhy(why, whyLen, "cannot send the hello", n);
			return -1;
		}
		sent += (size_t)n;
	}
	return 0;
}

/* Reads the server's first line (up to '\n', the end of the connection or
 * a full buffer) into out, without its end, control bytes as '?': 0, or -1
 * with why (nothing came). */
static int ReceiveLine(mbedtls_ssl_context *ssl, char *out, size_t outLen, char *why, size_t whyLen)
{
	size_t len = 0;

	while (len < outLen - 1 && memchr(out, '\n', len) == NULL) {
		int n = mbedtls_ssl_read(ssl, (unsigned char *)out + len, outLen - 1 - len);

		if (n == MBEDTLS_ERR_SSL_WANT_READ || n == MBEDTLS_ERR_SSL_WANT_WRITE)
			continue;
		if (n == 0 || n == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY)
			break;
		if (n < 0) {
			TlsWhy(why, whyLen, "no answer", n);
			return -1;
		}
		len += (size_t)n;
	}
	if (len == 0) {
		snprintf(why, whyLen, "no answer: the server closed the connection");
		return -1;
	}
	out[len] = '\0';
	out[strcspn(out, "\r\n")] = '\0';
	for (char *c = out; *c != '\0'; c++)
		if ((unsigned char)*c < ' ' || (unsigned char)*c >= 0x7f)
			*c = '?';
	return 0;
}

int MtlsClient_Hello(const MtlsServer *server, const char *certPath, const char *keyPath, MtlsHello *hello,
		     char *why, size_t whyLen)
{
	Session s;
	char line[sizeof(hello->commonName) + 16];
	int result = -1;

	SessionInit(&s);
	if (LoadDeviceCertificate(&s, certPath, keyPath, why, whyLen) != 0 ||
	    Configure(&s, server, true, why, whyLen) != 0 || Handshake(&s, server, why, whyLen) != 0)
		goto out;
	CommonName(&s.device, hello->commonName, sizeof(hello->commonName));
	snprintf(line, sizeof(line), "hello from %s\n", hello->commonName);
	if (Send(&s.ssl, line, why, whyLen) != 0 ||
	    ReceiveLine(&s.ssl, hello->answer, sizeof(hello->answer), why, whyLen) != 0)
		goto out;
	mbedtls_ssl_close_notify(&s.ssl);
	result = 0;
out:
	SessionClose(&s);
	return result;
}

int MtlsClient_HandshakeAnonymous(const MtlsServer *server, char *why, size_t whyLen)
{
	Session s;
	int result = -1;

	SessionInit(&s);
	if (Configure(&s, server, false, why, whyLen) == 0 && Handshake(&s, server, why, whyLen) == 0) {
		mbedtls_ssl_close_notify(&s.ssl);
		result = 0;
	}
	SessionClose(&s);
	return result;
}
