/* image_parse.c - reading an uploaded app package or .osimage
 * (image_parse.h) with pkg/'s readers. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto.h"
#include "hex.h"
#include "image_parse.h"
#include "spherule/manifest.h"
#include "spherule/os_desc.h"
#include "spherule/pkg.h"

struct mem_file {
	const uint8_t *data;
	size_t len;
};

static int mem_read(void *ctx, uint32_t off, void *buf, uint32_t len)
{
	const struct mem_file *m = ctx;

	if ((size_t)off + len > m->len)
		return -ENODATA;
	memcpy(buf, m->data + off, len);
	return 0;
}

static int parse_app(const uint8_t *data, size_t len, struct cloud_image *img, char *why, size_t whylen)
{
	struct mem_file file = { data, len };
	struct pkg_source src = { mem_read, &file, (uint32_t)len, false, (uint32_t)len };
	struct error_detail err = { "" };
	struct pkg_image *pkg = malloc(sizeof(*pkg));
	struct manifest m;
	int rc = -EINVAL;

	if (!pkg)
		return -ENOMEM;
	if (len > UINT32_MAX || pkg_open(&src, pkg, &err) < 0) {
		snprintf(why, whylen, "neither an .osimage nor an image package: %s", err.msg);
		goto out;
	}
	if (pkg->image_type != PKG_IMAGE_APPLICATION) {
		snprintf(why, whylen, "an image package of type %s, not an application",
			 pkg_image_type_name(pkg->image_type));
		goto out;
	}
	if (pkg_image_manifest(pkg, &m, &err) < 0) {
		snprintf(why, whylen, "the package's manifest: %s", err.msg);
		goto out;
	}
	img->kind = "app";
	memcpy(img->component_id, pkg->component_id, 16);
	memcpy(img->image_id, pkg->image_id, 16);
	img->version = pkg->version;
	img->security_version = pkg->security_version;
	snprintf(img->name, sizeof(img->name), "%s", m.name);
	rc = 0;
out:
	free(pkg);
	return rc;
}

static int parse_os(const uint8_t *data, size_t len, struct cloud_image *img, char *why, size_t whylen)
{
	struct error_detail err = { "" };
	struct os_desc *d = malloc(sizeof(*d));
	size_t at;
	int rc = -EINVAL;

	if (!d)
		return -ENOMEM;
	if (os_desc_parse(data, len, d, &err) < 0) {
		snprintf(why, whylen, "the .osimage's description: %s", err.msg);
		goto out;
	}
	at = d->size;
	for (unsigned i = 0; i < d->part_count; i++) {
		const struct os_desc_part *part = &d->parts[i];
		if (len - at < part->size) {
			snprintf(why, whylen, "the .osimage ends inside its %s part", os_part_name(part->id));
			goto out;
		}
		if (!os_desc_part_matches(part, data + at, part->size)) {
			snprintf(why, whylen, "the .osimage's %s part is not the one its description names",
				 os_part_name(part->id));
			goto out;
		}
		at += part->size;
	}
	if (at != len) {
		snprintf(why, whylen, "the .osimage has %zu bytes after its last part", len - at);
		goto out;
	}
	img->kind = "os";
	img->version = d->version;
	img->security_version = d->security_version;
	snprintf(img->name, sizeof(img->name), "os");
	rc = 0;
out:
	free(d);
	return rc;
}

int cloud_image_parse(const uint8_t *data, size_t len, struct cloud_image *img, char *why, size_t whylen)
{
	uint8_t digest[32];
	int rc;

	memset(img, 0, sizeof(*img));
	if (len >= 4 && memcmp(data, OS_DESC_MAGIC, 4) == 0)
		rc = parse_os(data, len, img, why, whylen);
	else
		rc = parse_app(data, len, img, why, whylen);
	if (rc < 0)
		return rc;
	if (crypto_sha256(data, len, digest) != 0)
		return -EIO;
	hex_encode(digest, sizeof(digest), img->id);
	img->size = len;
	return 0;
}
