/*
 * factory_manufacture.c - a device manufactured on its first power-on, from
 * its factory order or with the development keys, and a manufactured
 * device's factory order checked against its store (factory_manufacture.h).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "dir_tree.h"
#include "factory_manufacture.h"
#include "factory_order.h"
#include "file_util.h"
#include "key_files.h"
#include "secmon_client.h"

#define KEY_LIST_MAX (FACTORY_KEYS_MAX * 66) /* thumbprints, ", " between */
#define STORE_KEYS_MAX 8192                  /* `secmon keys`: 4 sets of 16 lines */

/* A device without a store nor a factory order: manufactured with the build
 * tree's development keys, which `flash build` signs with by default. */
static int manufacture_development(const char *command, const char *flash)
{
	struct dev_key vendor, oem;
	char out[128];

	if (dev_key(command, DEV_KEY_OS_VENDOR, &vendor) < 0 || dev_key(command, DEV_KEY_OEM, &oem) < 0)
		return -1;
	if (secmon_run(command, (const char *[]){ "manufacture", "--flash", flash, "--vendor-key", vendor.pub,
						  "--oem-key", oem.pub, NULL },
		       out, sizeof(out)) < 0)
		return -1;
	out[strcspn(out, "\n")] = '\0';
	printf("%s has no secmon store: manufactured the device with the development keys (OS vendor key %s, "
	       "OEM key %s): %s\n", flash, vendor.pub, oem.pub, out);
	return 0;
}

/* The thumbprints of the n keys k, ", " between them, into out. */
static void thumbprints(const struct trust_key *k, unsigned n, char out[KEY_LIST_MAX])
{
	size_t used = 0;

	out[0] = '\0';
	for (unsigned i = 0; i < n; i++) {
		char hex[65];

		pkg_thumbprint_hex(k[i].thumbprint, hex);
		used += (size_t)snprintf(out + used, KEY_LIST_MAX - used, "%s%s", i ? ", " : "", hex);
	}
}

/* The build tree's development OEM key (made if missing), its path in dev. */
static int development_key(const char *command, struct dev_key *dev, struct trust_key *k)
{
	struct error_detail err = { "" };
	EVP_PKEY *key;
	int rc;

	if (dev_key(command, DEV_KEY_OEM, dev) < 0)
		return -1;
	key = pkg_key_read(dev->pub, false, &err);
	rc = key ? trust_key_of(key, k, &err) : -EINVAL;
	EVP_PKEY_free(key);
	return rc < 0 ? cli_fail(command, "%s", err.msg) : 0;
}

/* `secmon manufacture`'s arguments, its keys as PEM files in dir. */
struct manufacture_args {
	const char *args[8 + 4 * FACTORY_KEYS_MAX];
	unsigned nargs;
	char dir[32];
	char paths[2 * FACTORY_KEYS_MAX][PATH_MAX];
	unsigned npaths;
};

/* Appends "OPTION DIR/N.pem" to m's arguments for each of the n keys k,
 * the file written with its PEM. */
static int key_args(const char *command, struct manufacture_args *m, const char *option, const struct trust_key *k,
		    unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		char *path = m->paths[m->npaths];
		int rc;

		snprintf(path, PATH_MAX, "%s/%u.pem", m->dir, m->npaths++);
		rc = file_write_new(path, k[i].pem, strlen(k[i].pem), 0644);
		if (rc < 0)
			return cli_fail(command, "%s: %s", path, strerror(-rc));
		m->args[m->nargs++] = option;
		m->args[m->nargs++] = path;
	}
	return 0;
}

/*
 * A device without a store, from its factory order: its OS vendor and OEM
 * keys, and the build tree's development OEM key as a development key unless
 * it is one of the OEM keys. secmon reads the keys from PEM files in a
 * temporary directory.
 */
static int manufacture_factory(const char *command, const char *flash, const struct factory_order *fo)
{
	static struct manufacture_args m;
	char out[128], vendors[KEY_LIST_MAX], oems[KEY_LIST_MAX], path[PATH_MAX + 16], development[PATH_MAX + 64];
	struct dev_key dev;
	struct trust_key devk;
	bool dev_is_oem;
	int rc;

	if (development_key(command, &dev, &devk) < 0)
		return -1;
	m = (struct manufacture_args){ .args = { "manufacture", "--flash", flash }, .nargs = 3,
				       .dir = "/tmp/spherule-factory-XXXXXX" };
	if (!mkdtemp(m.dir))
		return cli_fail(command, "cannot make a temporary directory: %s", strerror(errno));
	rc = key_args(command, &m, "--vendor-key", fo->vendor, fo->nvendor);
	if (!rc)
		rc = key_args(command, &m, "--oem-key", fo->oem, fo->noem);
	dev_is_oem = trust_key_find(fo->oem, fo->noem, devk.thumbprint) != NULL;
	if (!dev_is_oem) {
		m.args[m.nargs++] = "--development-key";
		m.args[m.nargs++] = dev.pub;
	}
	m.args[m.nargs] = NULL;
	if (!rc)
		rc = secmon_run(command, m.args, out, sizeof(out));
	tree_remove(m.dir);
	if (rc < 0)
		return -1;
	out[strcspn(out, "\n")] = '\0';
	factory_order_path(flash, path, sizeof(path));
	thumbprints(fo->vendor, fo->nvendor, vendors);
	thumbprints(fo->oem, fo->noem, oems);
	snprintf(development, sizeof(development), dev_is_oem ? "no development key: %s is an OEM key" :
		 "development key %s", dev.pub);
	printf("%s has no secmon store: manufactured the device with its factory order %s (OS vendor key %s, "
	       "OEM key(s) %s, %s): %s\n", flash, path, vendors, oems, development, out);
	return 0;
}

int manufacture_new_device(const char *command, const char *flash)
{
	static struct factory_order fo;
	struct error_detail err = { "" };
	int rc = factory_order_read(flash, &fo, &err);

	if (rc == -ENOENT)
		return manufacture_development(command, flash);
	if (rc < 0)
		return cli_fail(command, "%s", err.msg);
	return manufacture_factory(command, flash, &fo);
}

void factory_order_check(const char *command, const char *flash)
{
	static struct factory_order fo;
	static struct trust_key untrusted[FACTORY_KEYS_MAX];
	struct error_detail err = { "" };
	char store_keys[STORE_KEYS_MAX], list[KEY_LIST_MAX], path[PATH_MAX + 16];
	unsigned n = 0;
	int rc = factory_order_read(flash, &fo, &err);

	if (rc == -ENOENT)
		return;
	if (rc < 0) {
		fprintf(stderr, "spherule: %s: warning: %s (ignored: the device is manufactured)\n", command, err.msg);
		return;
	}
	if (secmon_run(command, (const char *[]){ "keys", "--flash", flash, NULL }, store_keys, sizeof(store_keys)) < 0)
		return;
	for (unsigned i = 0; i < fo.noem; i++) {
		char line[80], hex[65];

		pkg_thumbprint_hex(fo.oem[i].thumbprint, hex);
		snprintf(line, sizeof(line), "oem-keys %s\n", hex);
		if (!strstr(store_keys, line))
			untrusted[n++] = fo.oem[i];
	}
	if (!n)
		return;
	factory_order_path(flash, path, sizeof(path));
	thumbprints(untrusted, n, list);
	fprintf(stderr, "spherule: %s: warning: %s names OEM key(s) %s, which the device's store %s.secmon does not "
		"trust: the device refuses apps signed by them; manufacture it again with them ('spherule device "
		"manufacture --force --flash %s ...', a new identity) or rebuild the flash with its OEM keys\n",
		command, path, list, flash, flash);
}
