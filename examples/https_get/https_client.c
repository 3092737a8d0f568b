/* https_client.c — one HTTPS GET with mbedTLS (https_client.h). The
 * connection is the app's own socket (../common/tcp_connect.h: getaddrinfo,
 * connect with a time limit) handed to mbedTLS's network layer for its
 * reads and writes. */
#include <stdio.h>
#include <string.h>

#include <mbedtls/net_sockets.h>

#include "https_client.h"
#include "tcp_connect.h"
#include "tls_why.h"

/* How long a connect, or a wait for the server's next bytes, may take. */
#define HTTPS_TIMEOUT_S 10
/* How much of the response is read: enough for the headers and a line. */
#define HTTPS_RESPONSE_MAX 2048

static const char drbgPersonalization[] = "https_get";

int HttpsClient_Init(HttpsClient *client, const char *caPath, char *why, size_t whyLen)
{
	int err;

	mbedtls_entropy_init(&client->entropy);
	mbedtls_ctr_drbg_init(&client->drbg);
	mbedtls_x509_crt_init(&client->ca);
	mbedtls_ssl_config_init(&client->config);
	err = mbedtls_ctr_drbg_seed(&client->drbg, mbedtls_entropy_func, &client->entropy,
				    (const unsigned char *)drbgPersonalization, sizeof(drbgPersonalization) - 1);
	if (err != 0) {
		TlsWhy(why, whyLen, "cannot seed the random generator", err);
		return -1;
	}
	err = mbedtls_x509_crt_parse_file(&client->ca, caPath);
	if (err != 0) {
		TlsWhy(why, whyLen, "cannot load the CA certificate", err);
		return -1;
	}
	err = mbedtls_ssl_config_defaults(&client->config, MBEDTLS_SSL_IS_CLIENT, MBEDTLS_SSL_TRANSPORT_STREAM,
					  MBEDTLS_SSL_PRESET_DEFAULT);
	if (err != 0) {
		TlsWhy(why, whyLen, "cannot configure TLS", err);
		return -1;
	}
	mbedtls_ssl_conf_min_version(&client->config, MBEDTLS_SSL_MAJOR_VERSION_3, MBEDTLS_SSL_MINOR_VERSION_3);
	mbedtls_ssl_conf_max_version(&client->config, MBEDTLS_SSL_MAJOR_VERSION_3, MBEDTLS_SSL_MINOR_VERSION_3);
	mbedtls_ssl_conf_authmode(&client->config, MBEDTLS_SSL_VERIFY_REQUIRED);
	mbedtls_ssl_conf_ca_chain(&client->config, &client->ca, NULL);
	mbedtls_ssl_conf_rng(&client->config, mbedtls_ctr_drbg_random, &client->drbg);
	mbedtls_ssl_conf_read_timeout(&client->config, HTTPS_TIMEOUT_S * 1000);
	return 0;
}

void HttpsClient_Free(HttpsClient *client)
{
	mbedtls_ssl_config_free(&client->config);
	mbedtls_x509_crt_free(&client->ca);
	mbedtls_ctr_drbg_free(&client->drbg);
	mbedtls_entropy_free(&client->entropy);
}

/* Writes all of data, or -1 with why filled. */
static int WriteAll(mbedtls_ssl_context *ssl, const char *data, size_t len, char *why, size_t whyLen)
{
	while (len > 0) {
		int n = mbedtls_ssl_write(ssl, (const unsigned char *)data, len);

		if (n == MBEDTLS_ERR_SSL_WANT_READ || n == MBEDTLS_ERR_SSL_WANT_WRITE)
			continue;
		if (n < 0) {
			TlsWhy(why, whyLen, "TLS: cannot send the request", n);
			return -1;
		}
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Reads the response into buf until the end of the body's first line, the
 * end of the response or a full buffer: its length, or -1 with why. */
static int ReadHead(mbedtls_ssl_context *ssl, char *buf, size_t size, char *why, size_t whyLen)
{
	size_t len = 0;

	for (;;) {
		const char *body = NULL;
		int n;

		buf[len] = '\0';
		body = strstr(buf, "\r\n\r\n");
		if ((body != NULL && strchr(body + 4, '\n') != NULL) || len == size - 1)
			return (int)len;
		n = mbedtls_ssl_read(ssl, (unsigned char *)buf + len, size - 1 - len);
		if (n == MBEDTLS_ERR_SSL_WANT_READ || n == MBEDTLS_ERR_SSL_WANT_WRITE)
			continue;
		if (n == 0 || n == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY)
			return (int)len;
		if (n < 0) {
			TlsWhy(why, whyLen, "TLS: cannot read the response", n);
			return -1;
		}
		len += (size_t)n;
	}
}

/* out = the line starting at text (up to CR or LF), control bytes as '?'. */
static void CopyLine(char *out, size_t outLen, const char *text)
{
	size_t i = 0;

	for (; text[i] != '\0' && text[i] != '\r' && text[i] != '\n' && i < outLen - 1; i++)
		out[i] = (text[i] >= ' ' && text[i] < 0x7f) ? text[i] : '?';
	out[i] = '\0';
}

/* The request and response over an established session. */
static int Exchange(mbedtls_ssl_context *ssl, const char *host, const char *path, HttpsResponse *response,
		    char *why, size_t whyLen)
{
	char buf[HTTPS_RESPONSE_MAX];
	const char *body;
	int len = snprintf(buf, sizeof(buf), "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", path, host);

	if (len < 0 || (size_t)len >= sizeof(buf)) {
		snprintf(why, whyLen, "the request does not fit in %zu bytes", sizeof(buf));
		return -1;
	}
	if (WriteAll(ssl, buf, (size_t)len, why, whyLen) != 0 || ReadHead(ssl, buf, sizeof(buf), why, whyLen) < 0)
		return -1;
	if (strncmp(buf, "HTTP/", 5) != 0) {
		snprintf(why, whyLen, "not an HTTP response");
		return -1;
	}
	CopyLine(response->statusLine, sizeof(response->statusLine), buf);
	body = strstr(buf, "\r\n\r\n");
	CopyLine(response->bodyLine, sizeof(response->bodyLine), body != NULL ? body + 4 : "");
	return 0;
}

int HttpsClient_Get(HttpsClient *client, const char *host, const char *port, const char *path,
		    HttpsResponse *response, char *why, size_t whyLen)
{
	mbedtls_ssl_context ssl;
	mbedtls_net_context net;
	int err, result = -1;

	mbedtls_ssl_init(&ssl);
	mbedtls_net_init(&net);
	net.fd = TcpConnect(host, port, HTTPS_TIMEOUT_S, why, whyLen);
	if (net.fd < 0)
		goto out;
	err = mbedtls_ssl_setup(&ssl, &client->config);
	if (err == 0)
		err = mbedtls_ssl_set_hostname(&ssl, host);
	if (err != 0) {
		TlsWhy(why, whyLen, "TLS: cannot set up the session", err);
		goto out;
	}
	mbedtls_ssl_set_bio(&ssl, &net, mbedtls_net_send, NULL, mbedtls_net_recv_timeout);
	while ((err = mbedtls_ssl_handshake(&ssl)) == MBEDTLS_ERR_SSL_WANT_READ || err == MBEDTLS_ERR_SSL_WANT_WRITE)
		;
	if (err == MBEDTLS_ERR_X509_CERT_VERIFY_FAILED) {
		TlsVerifyWhy(why, whyLen, "certificate not verified", mbedtls_ssl_get_verify_result(&ssl));
		goto out;
	}
	if (err != 0) {
		TlsWhy(why, whyLen, "TLS handshake failed", err);
		goto out;
	}
	snprintf(response->protocol, sizeof(response->protocol), "%s %s", mbedtls_ssl_get_version(&ssl),
		 mbedtls_ssl_get_ciphersuite(&ssl));
	result = Exchange(&ssl, host, path, response, why, whyLen);
	if (result == 0)
		mbedtls_ssl_close_notify(&ssl);
out:
	mbedtls_net_free(&net);
	mbedtls_ssl_free(&ssl);
	return result;
}
