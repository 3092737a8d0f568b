/* tls_why.c — TlsWhy and TlsVerifyWhy (tls_why.h), with mbedtls_strerror
 * and mbedtls_x509_crt_verify_info. */
#include <stdio.h>
#include <string.h>

#include <mbedtls/error.h>
#include <mbedtls/x509_crt.h>

#include "tls_why.h"

void TlsWhy(char *why, size_t whyLen, const char *prefix, int err)
{
	char text[96];

	mbedtls_strerror(err, text, sizeof(text));
	if (prefix != NULL)
		snprintf(why, whyLen, "%s: %s (-0x%04x)", prefix, text, (unsigned)-err);
	else
		snprintf(why, whyLen, "%s (-0x%04x)", text, (unsigned)-err);
}

void TlsVerifyWhy(char *why, size_t whyLen, const char *prefix, uint32_t flags)
{
	char info[256];
	size_t n;

	mbedtls_x509_crt_verify_info(info, sizeof(info), "", flags);
	n = strlen(info);
	while (n > 0 && info[n - 1] == '\n')
		info[--n] = '\0';
	for (char *nl = strchr(info, '\n'); nl != NULL; nl = strchr(nl, '\n'))
		*nl = ';';
	snprintf(why, whyLen, "%s: %s", prefix, info);
}
