/* key_files.c - PEM key files, trusted public keys and the development keys of the build tree (key_files.h). */
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "file_util.h"
#include "key_files.h"
#include "dir_tree.h"

int key_file_write(const char *command, EVP_PKEY *key, bool private_part, const char *path, bool replace)
{
	struct error_detail err = { "" };
	mode_t mode = private_part ? 0600 : 0644;
	char *text = NULL;
	size_t len = 0;
	int rc = pkg_key_pem(key, private_part, &text, &len, &err);

	if (rc < 0)
		return cli_fail(command, "%s", err.msg);
	rc = replace ? file_write_atomic(path, text, len, mode) : file_write_new(path, text, len, mode);
	explicit_bzero(text, len);
	free(text);
	if (rc == -EEXIST && !replace)
		return rc;
	return rc < 0 ? cli_fail(command, "%s: %s", path, strerror(-rc)) : 0;
}

int trust_key_of(EVP_PKEY *key, struct trust_key *k, struct error_detail *err)
{
	char *pem = NULL;
	size_t len = 0;
	int rc = pkg_key_point(key, k->point, err);

	if (!rc)
		rc = pkg_key_pem(key, false, &pem, &len, err);
	if (!rc && len >= sizeof(k->pem))
		rc = error_detail_set(err, -E2BIG, "public key PEM of %zu bytes", len);
	if (!rc) {
		memcpy(k->pem, pem, len);
		k->pem[len] = '\0';
		pkg_thumbprint(k->point, k->thumbprint);
	}
	free(pem);
	return rc;
}

const struct trust_key *trust_key_find(const struct trust_key *keys, unsigned n,
				       const uint8_t thumbprint[PKG_THUMBPRINT_SIZE])
{
	for (unsigned i = 0; i < n; i++)
		if (!memcmp(keys[i].thumbprint, thumbprint, PKG_THUMBPRINT_SIZE))
			return &keys[i];
	return NULL;
}

int trust_key_load(const char *command, const char *path, struct trust_key *k)
{
	struct error_detail err = { "" };
	EVP_PKEY *key = pkg_key_read(path, false, &err);
	int ret = key ? trust_key_of(key, k, &err) : -EINVAL;

	EVP_PKEY_free(key);
	return ret < 0 ? cli_fail(command, "--trust-key %s", err.msg) : 0;
}

/* The private key file, made if missing (by this process or, at the same
 * time, another: the first one written stays). */
static int make_private(const char *command, const char *path)
{
	struct error_detail err = { "" };
	char dir[PATH_MAX];
	EVP_PKEY *key;
	int rc;

	if (access(path, F_OK) == 0)
		return 0;
	snprintf(dir, sizeof(dir), "%s", path);
	if (mkdir_p(dirname(dir), 0755) < 0)
		return cli_fail(command, "%s: %s", dir, strerror(errno));
	key = pkg_key_generate(&err);
	if (!key)
		return cli_fail(command, "%s", err.msg);
	rc = key_file_write(command, key, true, path, false);
	EVP_PKEY_free(key);
	return rc == -EEXIST ? 0 : rc;
}

int dev_key(const char *command, const char *name, struct dev_key *k)
{
	struct error_detail err = { "" };
	char rel[64];
	EVP_PKEY *key;
	int rc;

	snprintf(rel, sizeof(rel), "keys/%s.key", name);
	cli_build_path(k->key, sizeof(k->key), rel);
	snprintf(k->pub, sizeof(k->pub), "%s.pub", k->key);
	if (make_private(command, k->key) < 0)
		return -1;
	if (access(k->pub, F_OK) == 0)
		return 0;
	/* The public half of whichever private key is there. */
	key = pkg_key_read(k->key, true, &err);
	if (!key)
		return cli_fail(command, "%s", err.msg);
	rc = key_file_write(command, key, false, k->pub, true);
	EVP_PKEY_free(key);
	return rc;
}
