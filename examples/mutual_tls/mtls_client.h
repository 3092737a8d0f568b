/* mtls_client.h — mutual TLS with mbedTLS, as the example mutual_tls makes
 * it: a TCP connection to the server (../common/tcp_connect.h), TLS 1.2
 * with the server's certificate verified against one CA certificate and
 * its name, and the client authenticated by the device certificate and key
 * (tlsutils/deviceauth.h), loaded anew for each connection so that a
 * renewed certificate is used at once; or the same handshake without a
 * client certificate, which a server requiring one refuses. */
#pragma once

#include <stddef.h>

/* The server: where it is and what it must prove. */
typedef struct {
	const char *host;         /* a name or an address, for getaddrinfo */
	const char *port;
	const char *name;         /* what its certificate must name (SAN or CN) */
	const char *caPath;       /* the PEM file of the CA that signed it */
} MtlsServer;

/* What a mutual TLS exchange brought back (printable ASCII, control bytes
 * as '?'). */
typedef struct {
	char commonName[96];      /* the CN of the device certificate: the device id */
	char answer[160];         /* the server's line, without its end */
} MtlsHello;

/* Handshakes with server presenting the certificate and private key of the
 * PEM files certPath and keyPath (they may be one file), sends "hello from
 * <CN>\n" and reads the server's one-line answer: 0 with *hello filled, or
 * -1 with why saying what failed ("cannot load the device certificate:
 * ...", "cannot connect: ...", "server certificate not verified: ...", the
 * handshake's mbedTLS text, ...). */
int MtlsClient_Hello(const MtlsServer *server, const char *certPath, const char *keyPath, MtlsHello *hello,
		     char *why, size_t whyLen);

/* Handshakes with server presenting no client certificate, then closes: 0
 * when the handshake succeeded, or -1 with why (as MtlsClient_Hello's). */
int MtlsClient_HandshakeAnonymous(const MtlsServer *server, char *why, size_t whyLen);
