/* deviceauth_device.c — the device's side of the device certificate under
 * qemu-arm (armhf static, mbedTLS), for tests/unit/test_deviceauth_mbedtls.sh:
 *   deviceauth_device keygen            a key pair as updated makes it
 *                                       (crypto_p256_keygen, der_cert.h,
 *                                       pem.h): its PEM on stdout
 *   deviceauth_device check CERT CHAIN KEY NOT_AFTER
 *                                       appmgr's check of what the update
 *                                       agent hands over (deviceauth_check()):
 *                                       "kept" (exit 0) or "refused: <strerror>:
 *                                       <reason>" (exit 1). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto.h"
#include "der_cert.h"
#include "deviceauth.h"
#include "pem.h"
#include "small_file.h"
#include "spherule/app_service.h"

static int keygen(void)
{
	uint8_t priv[32], pub[65], der[DER_EC_KEY_SIZE];
	char pem[512];

	if (crypto_p256_keygen(priv, pub) != 0)
		return 1;
	der_ec_key_write(priv, pub, der);
	if (pem_encode("EC PRIVATE KEY", der, sizeof(der), pem, sizeof(pem)) < 0)
		return 1;
	fputs(pem, stdout);
	return 0;
}

/* Appends the file path to payload at *len. */
static int add(const char *path, uint8_t *payload, size_t *len, uint16_t *field)
{
	size_t n;
	int err = small_file_read(path, payload + *len, APP_SVC_DEVICEAUTH_MSG_MAX - *len, &n);

	*len += n;
	*field = (uint16_t)n;
	return err;
}

static int check(char **argv)
{
	static uint8_t payload[APP_SVC_DEVICEAUTH_MSG_MAX];
	struct app_svc_deviceauth_store h = { .not_after = strtoll(argv[5], NULL, 10), .tenant = { 1 } };
	struct error_detail why = { "" };
	struct deviceauth kept;
	size_t len = sizeof(h);
	int err = add(argv[2], payload, &len, &h.cert_len);

	if (err == 0)
		err = add(argv[3], payload, &len, &h.chain_len);
	if (err == 0)
		err = add(argv[4], payload, &len, &h.key_len);
	if (err != 0) {
		printf("cannot read the files: %s\n", strerror(-err));
		return 2;
	}
	memcpy(payload, &h, sizeof(h));
	err = deviceauth_check(payload, len, &kept, &why);
	if (err != 0) {
		printf("refused: %s: %s\n", strerror(-err), why.msg);
		return 1;
	}
	printf("kept\n");
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "keygen") == 0)
		return keygen();
	if (argc == 6 && strcmp(argv[1], "check") == 0)
		return check(argv);
	fprintf(stderr, "usage: %s keygen | check CERT CHAIN KEY NOT_AFTER\n", argv[0]);
	return 2;
}
