/* https_client.h — one HTTPS GET with mbedTLS, as the example https_get
 * makes it: the host name resolved with getaddrinfo (on the device the
 * network manager answers, for names in the app's AllowedConnections only),
 * a TCP connection, TLS 1.2 with the server's certificate verified against
 * one CA certificate and the host name, the request, and the response's
 * status line and first body line. */
#pragma once

#include <stddef.h>

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509_crt.h>

/* What every request shares: the random generator, the trusted CA and the
 * TLS configuration. */
typedef struct {
	mbedtls_entropy_context entropy;
	mbedtls_ctr_drbg_context drbg;
	mbedtls_x509_crt ca;
	mbedtls_ssl_config config;
} HttpsClient;

/* What a GET brought back (printable ASCII, control bytes as '?'). */
typedef struct {
	char protocol[64];    /* the TLS version and ciphersuite */
	char statusLine[128]; /* "HTTP/1.0 200 ok" */
	char bodyLine[128];   /* the body's first line, without its end */
} HttpsResponse;

/* Sets client up to trust the CA certificate(s) of the PEM file caPath:
 * 0, or -1 with why filled. */
int HttpsClient_Init(HttpsClient *client, const char *caPath, char *why, size_t whyLen);

/* Frees what HttpsClient_Init set up (after a failed Init too). */
void HttpsClient_Free(HttpsClient *client);

/* GET https://host:port/path: 0 with *response filled, or -1 with why
 * saying what failed ("cannot resolve: Name does not resolve", "cannot
 * connect: ...", "certificate not verified: ...", "TLS: ...", ...). */
int HttpsClient_Get(HttpsClient *client, const char *host, const char *port, const char *path,
		    HttpsResponse *response, char *why, size_t whyLen);
