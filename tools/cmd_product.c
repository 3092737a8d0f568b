/*
 * cmd_product.c - `spherule product create|list`: the products the update
 * service knows (docs/cli.md, *Talking to the update service*); a device
 * group belongs to one.
 */
#include <stdio.h>

#include "cli.h"
#include "cloud_verb.h"

static const char create_usage[] =
	"usage: spherule product create --name N [--description D] " CLOUD_VERB_SYNOPSIS "\n"
	"\n"
	"Creates a product on the update service (POST /v1/products) and shows it with its id.\n"
	"\n"
	"  --name N              the product's name, unique on the service\n"
	"  --description D       what it is (default: empty)\n";

static const char list_usage[] =
	"usage: spherule product list " CLOUD_VERB_SYNOPSIS "\n"
	"\n"
	"Lists the products on the update service (GET /v1/products).\n"
	"\n";

static json_t *create_body(const struct cloud_verb *v)
{
	const char *description = cloud_verb_value(v, "description");

	return cloud_body(v, json_pack("{s:s, s:s}", "name", cloud_verb_value(v, "name"), "description",
				       description ? description : ""));
}

static int create(int argc, char **argv)
{
	struct cloud_verb v = { .command = "product create", .usage = create_usage,
				.opts = { { "name", "N", .required = true }, { "description", "D" } } };

	return cloud_verb_run(&v, argc, argv, "POST", "/v1/products", NULL, create_body, NULL);
}

static int list(int argc, char **argv)
{
	struct cloud_verb v = { .command = "product list", .usage = list_usage, .none = "no products" };

	return cloud_verb_run(&v, argc, argv, "GET", "/v1/products", NULL, NULL, NULL);
}

const struct cli_command product_commands[] = {
	{ "product create", "create a product on the update service", create },
	{ "product list", "list the update service's products", list },
	{ 0 },
};
