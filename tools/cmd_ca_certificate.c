/*
 * cmd_ca_certificate.c - `spherule ca-certificate download --output FILE`
 * (docs/cli.md, *Talking to the update service*; as Azure Sphere's `azsphere
 * ca-certificate download`): the tenant CA certificate of the update
 * service (GET /v1/ca-certificate, no admin token), the chain that services
 * trust to authenticate devices by their day-long client certificates.
 * --output names the file written, not a format, as in Azure Sphere.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cloud_client.h"
#include "file_util.h"

#define PEM_CERT_BEGIN "-----BEGIN CERTIFICATE-----"

static const char download_usage[] =
	"usage: spherule ca-certificate download --output FILE [--cloud URL]\n"
	"\n"
	"Writes the update service's tenant CA certificate (PEM) to FILE (GET /v1/ca-certificate):\n"
	"what a service trusts to authenticate devices by the client certificates the update service\n"
	"issues them. Needs no admin token.\n"
	"\n"
	"  --output FILE         the file to write (replaced)\n"
	"  --cloud URL           the update service (default: $SPHERULE_CLOUD_URL, else\n"
	"                        " CLOUD_DEFAULT_URL ", where 'spherule-cloud serve' listens)\n";

static int download(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "cloud", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static const char command[] = "ca-certificate download";
	const char *output = NULL, *cloud = NULL;
	struct cloud_client client;
	char *pem = NULL;
	size_t len = 0;
	int c, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'o': output = optarg; break;
		case 'c': cloud = optarg; break;
		case 'h': fputs(download_usage, stdout); return 0;
		default: return cli_usage_error(command, download_usage);
		}
	}
	if (optind < argc)
		return cli_fail(command, "unexpected argument '%s' (see --help)", argv[optind]);
	if (!output)
		return cli_fail(command, "--output FILE is required (see --help)");
	/* A public endpoint: no token is read or sent. */
	if (cloud_client_init_public(&client, command, cloud) < 0)
		return -1;
	if (cloud_client_fetch(&client, "/v1/ca-certificate", &pem, &len) < 0)
		return -1;
	if (!pem || strncmp(pem, PEM_CERT_BEGIN, strlen(PEM_CERT_BEGIN)) != 0)
		rc = cli_fail(command, "%s: the update service's answer is not a PEM certificate", client.url);
	else if ((rc = file_write_atomic(output, pem, len, 0644)) < 0)
		rc = cli_fail(command, "--output %s: %s", output, strerror(-rc));
	else
		printf("wrote the tenant CA certificate to %s\n", output);
	free(pem);
	return rc < 0 ? -1 : 0;
}

const struct cli_command ca_certificate_commands[] = {
	{ "ca-certificate download", "download the update service's tenant CA certificate", download },
	{ 0 },
};
