/*
 * cmd_keygen.c - `spherule keygen`: makes an ECDSA P-256 key pair for signing
 * image packages: the private key (PKCS#8 PEM, mode 0600) and the public key
 * (SubjectPublicKeyInfo PEM) next to it, and prints its thumbprint.
 */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <unistd.h>

#include "cli.h"
#include "key_files.h"

#define CMD "keygen"

static const char keygen_usage[] =
	"usage: spherule keygen --output KEY [--force]\n"
	"\n"
	"Makes an ECDSA P-256 key pair for signing image packages: the private key at KEY\n"
	"(PEM, mode 0600) and the public key at KEY.pub (PEM, give it to 'spherule flash\n"
	"build --trust-key' and 'spherule image-package show --trust-key'). Prints the key's\n"
	"thumbprint: SHA-256 of its uncompressed public point, the name packages use for it.\n"
	"\n"
	"  --output KEY   private key file to write; the public key goes to KEY.pub\n"
	"  --force        replace existing files\n";

static int keygen(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct error_detail err = { "" };
	const char *output = NULL;
	bool force = false;
	uint8_t point[PKG_PUBKEY_SIZE], thumb[PKG_THUMBPRINT_SIZE];
	char pub_path[4096], hex[65];
	EVP_PKEY *key;
	int c, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'o': output = optarg; break;
		case 'f': force = true; break;
		case 'h': fputs(keygen_usage, stdout); return 0;
		default: return cli_usage_error(CMD, keygen_usage);
		}
	}
	if (optind < argc)
		return cli_fail(CMD, "unexpected argument '%s' (see --help)", argv[optind]);
	if (!output)
		return cli_fail(CMD, "--output KEY is required (see --help)");
	if (snprintf(pub_path, sizeof(pub_path), "%s.pub", output) >= (int)sizeof(pub_path))
		return cli_fail(CMD, "%s: path too long", output);
	if (!force && (access(output, F_OK) == 0 || access(pub_path, F_OK) == 0))
		return cli_fail(CMD, "%s exists (use --force to replace it)",
				access(output, F_OK) == 0 ? output : pub_path);

	key = pkg_key_generate(&err);
	if (!key)
		return cli_fail(CMD, "%s", err.msg);
	rc = pkg_key_point(key, point, &err);
	if (rc < 0)
		rc = cli_fail(CMD, "%s", err.msg);
	if (rc == 0)
		rc = key_file_write(CMD, key, true, output, true);
	if (rc == 0)
		rc = key_file_write(CMD, key, false, pub_path, true);
	EVP_PKEY_free(key);
	if (rc < 0)
		return rc;
	pkg_thumbprint(point, thumb);
	pkg_thumbprint_hex(thumb, hex);
	printf("private key: %s\npublic key:  %s\nthumbprint:  %s\n", output, pub_path, hex);
	return 0;
}

const struct cli_command keygen_commands[] = {
	{ "keygen", "make an ECDSA P-256 key pair for signing image packages", keygen },
	{ 0 },
};
