/* deviceauth_test_cert.h — device certificates for the host tests of the
 * device's side (appmgr's DEVICEAUTH ops, updated's certificate requests),
 * made with OpenSSL as spherule-cloud makes them: a test CA, a certificate
 * for a given P-256 point with a given validity, and the private key PEM the
 * device writes (updated's form, der_cert.h and pem.h). */
#ifndef DEVICEAUTH_TEST_CERT_H
#define DEVICEAUTH_TEST_CERT_H

#include <stddef.h>
#include <stdint.h>

#define TEST_PEM_MAX 2048u

/* A certificate (PEM into cert) for the point pub, CN=cn, valid from
 * not_before to not_after (UTC seconds), issued by this test's CA (made once;
 * its PEM into chain). 0 or -1. */
int test_cert_issue(const uint8_t pub[65], const char *cn, int64_t not_before, int64_t not_after,
		    char cert[TEST_PEM_MAX], char chain[TEST_PEM_MAX]);

/* A fresh key pair: its private key as the device writes it (PEM into key)
 * and its point into pub. 0 or -1. */
int test_key_make(char key[TEST_PEM_MAX], uint8_t pub[65]);

/* Whether OpenSSL reads the private key PEM key and finds point pub. */
int test_key_openssl_reads(const char *key, const uint8_t pub[65]);

#endif
