/* parse_path.c — an app of tests/unit/test_sdk_mbedtls.sh, built with the
 * SDK's compiler and mbedTLS and run under qemu-arm: loads the CA
 * certificates of the directory argv[1] with mbedtls_x509_crt_parse_path(),
 * which lists it with readdir() and checks each entry with stat() (the
 * calls the SDK gives glibc's layout, device/sdk/glibc_dir_shim.c), and
 * prints "loaded N, failed F: <subject>..." or the error. */
#include <stdio.h>

#include <mbedtls/x509_crt.h>

int main(int argc, char *argv[])
{
	mbedtls_x509_crt chain;
	char subject[128];
	int failed, loaded = 0;

	if (argc != 2)
		return 2;
	mbedtls_x509_crt_init(&chain);
	failed = mbedtls_x509_crt_parse_path(&chain, argv[1]);
	if (failed < 0) {
		printf("error -0x%04x\n", (unsigned)-failed);
		return 1;
	}
	for (const mbedtls_x509_crt *c = &chain; c != NULL && c->raw.len > 0; c = c->next)
		loaded++;
	printf("loaded %d, failed %d:", loaded, failed);
	for (const mbedtls_x509_crt *c = &chain; c != NULL && c->raw.len > 0; c = c->next) {
		mbedtls_x509_dn_gets(subject, sizeof(subject), &c->subject);
		printf(" %s", subject);
	}
	printf("\n");
	mbedtls_x509_crt_free(&chain);
	return 0;
}
