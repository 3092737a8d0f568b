/* state_dir.c - the service's state directory (state_dir.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hex.h"
#include "spherule/pkg_host.h"
#include "state_dir.h"

const char *cloud_state_default(char *buf, size_t len)
{
	const char *home = getenv("HOME");

	snprintf(buf, len, "%s/.local/state/spherule-cloud", home && *home ? home : ".");
	return buf;
}

static int mkdirs(const char *dir)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s", dir);
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0700) < 0 && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	return mkdir(path, 0700) < 0 && errno != EEXIST ? -errno : 0;
}

int cloud_file_publish(const char *path, const void *data, size_t len, bool private_file)
{
	char tmp[PATH_MAX + 32];
	int fd, rc = 0;

	snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, private_file ? 0600 : 0644);
	if (fd < 0)
		return -errno;
	for (size_t at = 0; at < len && rc == 0;) {
		ssize_t n = write(fd, (const char *)data + at, len - at);
		if (n < 0)
			rc = errno == EINTR ? 0 : -errno;
		else
			at += (size_t)n;
	}
	if (rc == 0 && fsync(fd) < 0)
		rc = -errno;
	close(fd);
	/* link, not rename: a file another instance published first is kept. */
	if (rc == 0 && link(tmp, path) < 0)
		rc = -errno;
	unlink(tmp);
	return rc;
}

static int read_small(const char *path, char *buf, size_t cap, size_t *len)
{
	FILE *f = fopen(path, "r");

	if (!f)
		return -errno;
	*len = fread(buf, 1, cap - 1, f);
	buf[*len] = '\0';
	fclose(f);
	return 0;
}

int cloud_state_key(const char *path, bool create, EVP_PKEY **key_out, char *why, size_t whylen)
{
	struct error_detail err = { "" };
	char *pem;
	size_t len;
	int rc;

	if (access(path, F_OK) < 0 && create) {
		EVP_PKEY *key = pkg_key_generate(&err);
		if (!key || pkg_key_pem(key, true, &pem, &len, &err) < 0) {
			snprintf(why, whylen, "%s: %s", path, err.msg);
			EVP_PKEY_free(key);
			return -EIO;
		}
		EVP_PKEY_free(key);
		rc = cloud_file_publish(path, pem, len, true);
		explicit_bzero(pem, len);
		free(pem);
		if (rc < 0 && rc != -EEXIST) {
			snprintf(why, whylen, "%s: %s", path, strerror(-rc));
			return rc;
		}
	}
	*key_out = pkg_key_read(path, true, &err);
	if (!*key_out) {
		snprintf(why, whylen, "%s: %s", path, err.msg);
		return -EINVAL;
	}
	return 0;
}

static int state_token(const char *path, bool create, struct cloud *svc, char *why, size_t whylen)
{
	uint8_t raw[CLOUD_TOKEN_HEX / 2];
	char text[CLOUD_TOKEN_HEX + 2];
	size_t len = 0;
	int rc;

	if (access(path, F_OK) < 0 && create) {
		if (pkg_random(raw, sizeof(raw)) < 0)
			return -EIO;
		hex_encode(raw, sizeof(raw), text);
		text[CLOUD_TOKEN_HEX] = '\n';
		rc = cloud_file_publish(path, text, CLOUD_TOKEN_HEX + 1, true);
		if (rc < 0 && rc != -EEXIST) {
			snprintf(why, whylen, "%s: %s", path, strerror(-rc));
			return rc;
		}
	}
	rc = read_small(path, text, sizeof(text), &len);
	if (rc < 0 || len < CLOUD_TOKEN_HEX || !hex_valid(text, CLOUD_TOKEN_HEX)) {
		snprintf(why, whylen, "%s: %s", path, rc < 0 ? strerror(-rc) : "not 64 hex digits");
		return rc < 0 ? rc : -EINVAL;
	}
	memcpy(svc->token, text, CLOUD_TOKEN_HEX);
	svc->token[CLOUD_TOKEN_HEX] = '\0';
	return 0;
}

int cloud_state_open(const char *dir, bool create, struct cloud *svc, char *why, size_t whylen)
{
	char path[PATH_MAX];
	int rc;

	if (create && (rc = mkdirs(dir)) < 0) {
		snprintf(why, whylen, "%s: %s", dir, strerror(-rc));
		return rc;
	}
	snprintf(path, sizeof(path), "%s/metadata.key", dir);
	rc = cloud_state_key(path, create, &svc->meta_key, why, whylen);
	if (rc < 0 || !create)
		return rc;
	snprintf(path, sizeof(path), "%s/admin-token", dir);
	rc = state_token(path, create, svc, why, whylen);
	if (rc < 0)
		return rc;
	snprintf(svc->images_dir, sizeof(svc->images_dir), "%s/images", dir);
	if (mkdir(svc->images_dir, 0700) < 0 && errno != EEXIST) {
		snprintf(why, whylen, "%s: %s", svc->images_dir, strerror(errno));
		return -errno;
	}
	return 0;
}
