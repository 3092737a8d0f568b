/* tls_why.h — mbedTLS's failures as one line of text, for the examples
 * that use TLS (https_get, mutual_tls). */
#pragma once

#include <stddef.h>
#include <stdint.h>

/* why = "<prefix>: <mbedTLS's text for err> (-0x<code>)", or without
 * "<prefix>: " when prefix is NULL. */
void TlsWhy(char *why, size_t whyLen, const char *prefix, int err);

/* why = "<prefix>: " and the reasons a certificate was refused (flags:
 * mbedtls_ssl_get_verify_result's), joined by ';'. */
void TlsVerifyWhy(char *why, size_t whyLen, const char *prefix, uint32_t flags);
