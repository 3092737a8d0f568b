/* os_measure.c - the measurements of published OS images and the check of
 * an attestation's against them (os_measure.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crypto.h"
#include "hex.h"
#include "measure.h"
#include "os_measure.h"
#include "spherule/os_desc.h"

/* The kinds an OS image determines, in the order of their columns in
 * os_measurements (boot_chain, boot_stub, device_tree, kernel, rootfs). */
static const struct {
	uint16_t kind, part; /* part: the OS part measured, 0 for none */
	const char *name;
} kinds[] = {
	{ MBOX_MEAS_BOOT_CHAIN, 0, "boot chain" },        { MBOX_MEAS_BOOT_STUB, OS_PART_BOOT, "boot stub" },
	{ MBOX_MEAS_DEVICE_TREE, OS_PART_DTB, "device tree" }, { MBOX_MEAS_KERNEL, OS_PART_KERNEL, "kernel" },
	{ MBOX_MEAS_ROOTFS, OS_PART_ROOTFS, "root filesystem" },
};
#define KIND_COUNT (sizeof(kinds) / sizeof(kinds[0]))

/* An OS image's measurements as hex ("" where it has no such part). */
struct os_digests {
	char desc[65];
	char by_kind[KIND_COUNT][65];
};

/* The digests of the OS image of len bytes at data, and its boot chain
 * extended as secmon's secure boot extends it (measure.h): the description,
 * then the parts in flash order, which is their ids' order in it. */
static int compute(const uint8_t *data, size_t len, struct os_digests *m)
{
	struct os_desc *d = malloc(sizeof(*d));
	struct error_detail err = { "" };
	struct measurement chain;
	uint8_t digest[32];
	int rc = d ? 0 : -ENOMEM;

	memset(m, 0, sizeof(*m));
	measure_init(&chain);
	if (rc == 0 && os_desc_parse(data, len, d, &err) < 0)
		rc = -EINVAL;
	if (rc == 0 && (crypto_sha256(data, d->size, digest) != 0 || measure_extend(&chain, "osdesc", digest) < 0))
		rc = -EIO;
	if (rc == 0)
		hex_encode(digest, 32, m->desc);
	for (unsigned i = 0; rc == 0 && i < d->part_count; i++) {
		for (size_t k = 1; k < KIND_COUNT; k++)
			if (kinds[k].part == d->parts[i].id)
				hex_encode(d->parts[i].sha256, 32, m->by_kind[k]);
		if (measure_extend(&chain, os_part_name(d->parts[i].id), d->parts[i].sha256) < 0)
			rc = -EIO;
	}
	if (rc == 0)
		hex_encode(chain.value, 32, m->by_kind[0]);
	free(d);
	return rc;
}

static const char *or_null(const char *hex)
{
	return *hex ? hex : NULL;
}

int os_measure_record(struct cloud_db *db, const char *image_id, const uint8_t *data, size_t len)
{
	struct os_digests m;
	int rc = compute(data, len, &m);

	if (rc < 0)
		return rc;
	rc = cloud_db_exec(db, NULL, NULL,
			   "INSERT INTO os_measurements (image_id, os_description, boot_chain, boot_stub, "
			   "device_tree, kernel, rootfs) VALUES ($1, $2, $3, $4, $5, $6, $7) "
			   "ON CONFLICT (image_id) DO NOTHING",
			   7, image_id, m.desc, m.by_kind[0], or_null(m.by_kind[1]), or_null(m.by_kind[2]),
			   or_null(m.by_kind[3]), or_null(m.by_kind[4]));
	return rc < 0 ? -EIO : 0;
}

/* The ids of the OS images without measurements, as one string of 64-hex ids. */
struct missing {
	char *ids;
	size_t count;
};

static int add_missing(void *ctx, int ncols, const char *const *cols)
{
	struct missing *m = ctx;
	char *more = realloc(m->ids, (m->count + 1) * 64);

	if (!more || strlen(cols[0]) != 64)
		return more ? 0 : -ENOMEM;
	m->ids = more;
	memcpy(m->ids + m->count++ * 64, cols[0], 64);
	return 0;
}

/* The whole file path into *data (malloc()ed). */
static int read_image(const char *path, uint8_t **data, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc = 0;
	struct stat st;

	*data = NULL;
	*len = 0;
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0)
		rc = -errno;
	else if (!(*data = malloc((size_t)st.st_size + 1)))
		rc = -ENOMEM;
	while (rc == 0 && *len < (size_t)st.st_size) {
		ssize_t n = read(fd, *data + *len, (size_t)st.st_size - *len);
		if (n <= 0)
			rc = n < 0 ? -errno : -EIO;
		else
			*len += (size_t)n;
	}
	close(fd);
	if (rc < 0)
		free(*data);
	return rc;
}

int os_measure_backfill(struct cloud *svc, char *why, size_t whylen)
{
	struct missing m = { NULL, 0 };
	char path[PATH_MAX + 80], id[65];
	uint8_t *data;
	size_t len;
	int rc = cloud_db_exec(svc->db, add_missing, &m,
			       "SELECT i.id FROM images i LEFT JOIN os_measurements m ON m.image_id = i.id "
			       "WHERE i.kind = 'os' AND m.image_id IS NULL",
			       0);

	if (rc < 0)
		snprintf(why, whylen, "%s", svc->db->error);
	for (size_t i = 0; rc == 0 && i < m.count; i++) {
		memcpy(id, m.ids + i * 64, 64);
		id[64] = '\0';
		snprintf(path, sizeof(path), "%s/%s", svc->images_dir, id);
		rc = read_image(path, &data, &len);
		if (rc < 0) {
			snprintf(why, whylen, "%s: %s", path, strerror(-rc));
			break;
		}
		rc = os_measure_record(svc->db, id, data, len);
		free(data);
		if (rc < 0)
			snprintf(why, whylen, "measuring OS image %s: %s", id,
				 rc == -EIO ? svc->db->error : "not an .osimage");
	}
	free(m.ids);
	return rc;
}

/* The published OS image of a description's measurement. */
struct published {
	bool found;
	char image_id[65];
	char by_kind[KIND_COUNT][65];
};

static int read_published(void *ctx, int ncols, const char *const *cols)
{
	struct published *p = ctx;

	p->found = true;
	snprintf(p->image_id, sizeof(p->image_id), "%s", cols[0]);
	for (size_t k = 0; k < KIND_COUNT; k++)
		snprintf(p->by_kind[k], sizeof(p->by_kind[k]), "%s", cols[1 + k] ? cols[1 + k] : "");
	return 1;
}

/* The hex of a's measurement of kind, "" when it has none. */
static void attested(const struct mbox_attest_result *a, uint16_t kind, char hex[65])
{
	*hex = '\0';
	for (unsigned i = 0; i < a->count && i < MBOX_MEASUREMENTS_MAX; i++)
		if (a->measurements[i].kind == kind)
			hex_encode(a->measurements[i].digest, MBOX_DIGEST_SIZE, hex);
}

int os_measure_match(struct cloud_db *db, const struct mbox_attest_result *a, char image_id[65], char *why,
		     size_t whylen)
{
	struct published p = { false, "", { "" } };
	char desc[65], got[65];

	attested(a, MBOX_MEAS_OS_DESCRIPTION, desc);
	if (!*desc) {
		snprintf(why, whylen, "the attestation has no OS description measurement");
		return -EACCES;
	}
	if (cloud_db_exec(db, read_published, &p,
			  "SELECT image_id, boot_chain, boot_stub, device_tree, kernel, rootfs FROM os_measurements "
			  "WHERE os_description = $1 ORDER BY image_id",
			  1, desc) < 0)
		return -EIO;
	if (!p.found) {
		snprintf(why, whylen, "no OS image with this description was uploaded");
		return -EACCES;
	}
	for (size_t k = 0; k < KIND_COUNT; k++) {
		attested(a, kinds[k].kind, got);
		if (strcmp(got, p.by_kind[k]) != 0) {
			snprintf(why, whylen, "its %s measurement is not that of OS image %s", kinds[k].name,
				 p.image_id);
			return -EACCES;
		}
	}
	snprintf(image_id, 65, "%s", p.image_id);
	return 0;
}
