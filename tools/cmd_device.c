/*
 * cmd_device.c - `spherule device manufacture` and `spherule device
 * show-identity`: the device's identity, made and kept by secmon in its
 * store beside the flash file (docs/secmon.md). The CLI never touches the
 * store: it runs secmon, which generates the device key pair and never
 * gives out its private half. `device enable-development` and `device
 * enable-cloud-test` have secmon write or remove the development capability
 * FLASH.devcap beside the flash file (docs/secmon.md, *Development mode*).
 */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "secmon_client.h"

#define MANUFACTURE "device manufacture"
#define SHOW "device show-identity"
#define ENABLE_DEV "device enable-development"
#define CLOUD_TEST "device enable-cloud-test"
#define KEYS_MAX 16 /* per set, as secmon's store holds */

static const char manufacture_usage[] =
	"usage: spherule device manufacture --flash FLASH --vendor-key PUB.pem [--vendor-key ...]\n"
	"                                   --oem-key PUB.pem [--oem-key ...] [--revoked-key PUB.pem ...]\n"
	"                                   [--development-key PUB.pem ...] [--force]\n"
	"\n"
	"Manufactures the device whose flash is FLASH: secmon, its security processor, makes\n"
	"its store FLASH.secmon beside the flash file (never inside it) with a new device key\n"
	"pair (ECDSA P-256, generated inside secmon; the private key never leaves the store),\n"
	"the OS vendor keys it boots OS images signed by, the OEM keys for app images, a\n"
	"revocation list, the development keys for app images it runs only in development\n"
	"mode, and security-version counters at 0. Prints the device id. FLASH itself need\n"
	"not exist yet.\n"
	"\n"
	"  --flash FLASH         the device's flash file (its store is FLASH.secmon)\n"
	"  --vendor-key PUB.pem  OS vendor public key: the OS description must be signed by one\n"
	"  --oem-key PUB.pem     OEM public key for app images\n"
	"  --revoked-key PUB.pem a key the device never trusts\n"
	"  --development-key PUB.pem  public key for app images the device runs only while it is\n"
	"                        in development mode ('spherule device enable-development'); not\n"
	"                        an OEM key nor a revoked one\n"
	"  --force               replace an existing store: a new identity, counters back to 0\n";

static const char show_usage[] =
	"usage: spherule device show-identity --flash FLASH [--output json|table]\n"
	"\n"
	"Prints the device id (hex SHA-256 of the device's public key, its 65-byte\n"
	"uncompressed point) and the public key (PEM), as secmon reports them.\n"
	"\n"
	"  --flash FLASH         the device's flash file (its store is FLASH.secmon)\n"
	"  --output json|table   format (default table)\n";

static const char enable_dev_usage[] =
	"usage: spherule device enable-development --flash FLASH --oem-key KEY.pem\n"
	"\n"
	"Puts the device in development mode: writes FLASH.devcap, a capability bound to the\n"
	"device's id and signed by the OEM private key KEY.pem (whose public key must be one\n"
	"of the device's OEM keys). secmon validates it at every power-on; a capability for\n"
	"another device or by another key is refused there (in secmon's log) and ignored.\n"
	"\n"
	"  --flash FLASH         the device's flash file (its store is FLASH.secmon)\n"
	"  --oem-key KEY.pem     the OEM's private key that signs the capability\n";

static const char cloud_test_usage[] =
	"usage: spherule device enable-cloud-test --flash FLASH\n"
	"\n"
	"Takes the device out of development mode: removes FLASH.devcap (nothing to do when\n"
	"there is none). From the next power-on the device runs as it would in the field.\n"
	"\n"
	"  --flash FLASH         the device's flash file\n";

static int manufacture(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "flash", required_argument, NULL, 'f' },
		/* The key sets: their value is the index in set_options and count. */
		{ "vendor-key", required_argument, NULL, 0 },
		{ "oem-key", required_argument, NULL, 1 },
		{ "revoked-key", required_argument, NULL, 2 },
		{ "development-key", required_argument, NULL, 3 },
		{ "force", no_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	static const char *const set_options[] = { "--vendor-key", "--oem-key", "--revoked-key", "--development-key" };
	const char *args[8 + 8 * KEYS_MAX] = { "manufacture" }, *flash = NULL;
	unsigned n = 1, count[4] = { 0 };
	char out[SECMON_IDENTITY_MAX], id[65], *rest, store[PATH_MAX + 16];
	bool force = false;
	int c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'f': flash = optarg; break;
		case 'F': force = true; break;
		case 'h': fputs(manufacture_usage, stdout); return 0;
		case 0:
		case 1:
		case 2:
		case 3:
			if (count[c] == KEYS_MAX)
				return cli_fail(MANUFACTURE, "at most %d keys of each kind", KEYS_MAX);
			count[c]++;
			args[n++] = set_options[c];
			args[n++] = optarg;
			break;
		default: return cli_usage_error(MANUFACTURE, manufacture_usage);
		}
	}
	if (optind < argc)
		return cli_fail(MANUFACTURE, "unexpected argument '%s' (see --help)", argv[optind]);
	if (!flash)
		return cli_fail(MANUFACTURE, "--flash FLASH is required (see --help)");
	if (!count[0] || !count[1])
		return cli_fail(MANUFACTURE, "at least one --vendor-key and one --oem-key are required: the device "
			       "boots only an OS signed by a vendor key and runs only apps signed by an OEM key");
	snprintf(store, sizeof(store), "%s.secmon", flash);
	if (!force && access(store, F_OK) == 0) {
		const char *show[] = { "identity", "--flash", flash, NULL };

		if (secmon_run(MANUFACTURE, show, out, sizeof(out)) == 0 &&
		    secmon_take_device_id(MANUFACTURE, out, id, &rest) == 0)
			return cli_fail(MANUFACTURE, "%s exists: the device was manufactured already (device id %s); "
				       "--force replaces its identity and resets its counters", store, id);
		return -1;
	}
	args[n++] = "--flash";
	args[n++] = flash;
	if (force)
		args[n++] = "--force";
	args[n] = NULL;
	if (secmon_run(MANUFACTURE, args, out, sizeof(out)) < 0 ||
	    secmon_take_device_id(MANUFACTURE, out, id, &rest) < 0)
		return -1;
	printf("manufactured device %s: store %s, %u OS vendor key(s), %u OEM key(s), %u revoked", id, store,
	       count[0], count[1], count[2]);
	if (count[3])
		printf(", %u development key(s)", count[3]);
	putchar('\n');
	return 0;
}

static int show_identity(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "flash", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *flash = NULL, *format = "table";
	char pem[SECMON_IDENTITY_MAX], id[65];
	int c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'f': flash = optarg; break;
		case 'o': format = optarg; break;
		case 'h': fputs(show_usage, stdout); return 0;
		default: return cli_usage_error(SHOW, show_usage);
		}
	}
	if (optind < argc)
		return cli_fail(SHOW, "unexpected argument '%s' (see --help)", argv[optind]);
	if (!flash)
		return cli_fail(SHOW, "--flash FLASH is required (see --help)");
	if (strcmp(format, "json") && strcmp(format, "table"))
		return cli_fail(SHOW, "--output %s: expected json or table", format);
	if (secmon_identity(SHOW, flash, id, pem) < 0)
		return -1;
	if (!strcmp(format, "table")) {
		printf("device id:  %s\npublic key:\n%s", id, pem);
		return 0;
	}
	json_t *j = json_pack("{s:s, s:s}", "deviceId", id, "publicKey", pem);
	char *text = j ? json_dumps(j, JSON_INDENT(2)) : NULL;

	json_decref(j);
	if (!text)
		return cli_fail(SHOW, "out of memory");
	printf("%s\n", text);
	free(text);
	return 0;
}

/* The options of the development verbs: --flash and, for enable-development, --oem-key. */
static int development_verb(int argc, char **argv, const char *command, const char *usage, bool needs_key)
{
	static const struct option opts[] = {
		{ "flash", required_argument, NULL, 'f' },
		{ "oem-key", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *flash = NULL, *key = NULL;
	char out[SECMON_IDENTITY_MAX], id[65], *rest, cap[PATH_MAX + 16];
	int c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'f': flash = optarg; break;
		case 'o':
			if (!needs_key)
				return cli_usage_error(command, usage);
			key = optarg;
			break;
		case 'h': fputs(usage, stdout); return 0;
		default: return cli_usage_error(command, usage);
		}
	}
	if (optind < argc)
		return cli_fail(command, "unexpected argument '%s' (see --help)", argv[optind]);
	if (!flash)
		return cli_fail(command, "--flash FLASH is required (see --help)");
	if (needs_key && !key)
		return cli_fail(command, "--oem-key KEY.pem is required (see --help)");
	snprintf(cap, sizeof(cap), "%s.devcap", flash);
	if (!needs_key) {
		if (secmon_run(command, (const char *[]){ "enable-cloud-test", "--flash", flash, NULL }, out,
			       sizeof(out)) < 0)
			return -1;
		printf("development mode off: removed %s (from the next power-on)\n", cap);
		return 0;
	}
	if (secmon_run(command, (const char *[]){ "enable-development", "--flash", flash, "--oem-key", key, NULL },
		       out, sizeof(out)) < 0 ||
	    secmon_take_device_id(command, out, id, &rest) < 0)
		return -1;
	printf("development mode on for device %s: capability %s (from the next power-on)\n", id, cap);
	return 0;
}

static int enable_development(int argc, char **argv)
{
	return development_verb(argc, argv, ENABLE_DEV, enable_dev_usage, true);
}

static int enable_cloud_test(int argc, char **argv)
{
	return development_verb(argc, argv, CLOUD_TEST, cloud_test_usage, false);
}

const struct cli_command device_commands[] = {
	{ "device manufacture", "make the device's identity and trust store (secmon's store)", manufacture },
	{ "device show-identity", "print the device id and public key", show_identity },
	{ "device enable-development", "put the device in development mode (a capability bound to it)",
	  enable_development },
	{ "device enable-cloud-test", "take the device out of development mode", enable_cloud_test },
	{ 0 },
};
