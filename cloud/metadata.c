/* metadata.c - the signed update metadata of device groups and check-ins
 * (metadata.h), built with pkg/'s update_meta_build_*(). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_util.h"
#include "hex.h"
#include "json_path.h"
#include "metadata.h"
#include "spherule/pkg_host.h"
#include "spherule/update_meta.h"

struct targets_ctx {
	struct update_meta_target t[UPDATE_META_TARGETS_MAX];
	unsigned count;
	int bad;
};

/* kind, version, security_version, size, id, component_id, image_id, name */
static int add_target(void *ctx, int ncols, const char *const *cols)
{
	struct targets_ctx *c = ctx;
	struct update_meta_target *t;

	if (c->count == UPDATE_META_TARGETS_MAX)
		return -E2BIG;
	t = &c->t[c->count++];
	memset(t, 0, sizeof(*t));
	t->kind = strcmp(cols[0], "os") == 0 ? UPDATE_META_KIND_OS : UPDATE_META_KIND_APP;
	t->version = (uint32_t)api_col_int(cols[1]);
	t->security_version = (uint32_t)api_col_int(cols[2]);
	t->size = (uint32_t)api_col_int(cols[3]);
	snprintf(t->name, sizeof(t->name), "%s", cols[7]);
	if (hex_decode(cols[4], t->sha256, 32) < 0 || !json_path_parse_uuid(cols[5], t->component_id) ||
	    !json_path_parse_uuid(cols[6], t->image_id))
		c->bad = 1;
	return 0;
}

struct group_meta {
	char os_feed[16], deployment[API_ID_HEX + 1];
	int64_t version, expires;
	char *targets, *snapshot; /* hex, malloc()ed */
};

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static int read_group(void *ctx, int ncols, const char *const *cols)
{
	struct group_meta *g = ctx;

	snprintf(g->os_feed, sizeof(g->os_feed), "%s", cols[0]);
	snprintf(g->deployment, sizeof(g->deployment), "%s", cols[1] ? cols[1] : "");
	g->version = api_col_int(cols[2]);
	g->expires = api_col_int(cols[3]);
	g->targets = dup_or_null(cols[4]);
	g->snapshot = dup_or_null(cols[5]);
	return 1;
}

static int group_meta_read(struct cloud *svc, const char *group_id, struct group_meta *g)
{
	int rc;

	memset(g, 0, sizeof(*g));
	rc = cloud_db_exec(svc->db, read_group, g,
			   "SELECT os_feed, deployment_id, meta_version, meta_expires, meta_targets, meta_snapshot "
			   "FROM device_groups WHERE id = $1",
			   1, group_id);
	return rc < 0 ? rc : rc == 1 ? 0 : -ENOENT;
}

static void group_meta_free(struct group_meta *g)
{
	free(g->targets);
	free(g->snapshot);
}

int cloud_meta_group_refresh(struct cloud *svc, const char *group_id, char *why, size_t whylen)
{
	static uint8_t targets[UPDATE_META_TARGETS_SIZE_MAX];
	static char targets_hex[2 * UPDATE_META_TARGETS_SIZE_MAX + 1];
	uint8_t snapshot[UPDATE_META_SNAPSHOT_SIZE];
	char snapshot_hex[2 * UPDATE_META_SNAPSHOT_SIZE + 1], version_text[24], expires_text[24];
	struct error_detail err = { "" };
	struct targets_ctx c = { .count = 0 };
	struct group_meta g;
	uint32_t targets_size, snapshot_size;
	int64_t version, expires = api_now() + svc->cfg.targets_expiry_s;
	int rc = group_meta_read(svc, group_id, &g);

	group_meta_free(&g);
	if (rc == 0 && g.deployment[0])
		rc = cloud_db_exec(svc->db, add_target, &c,
				   "SELECT i.kind, i.version, i.security_version, i.size, i.id, i.component_id, "
				   "i.image_id, i.name FROM deployment_images di JOIN images i ON i.id = di.image_id "
				   "WHERE di.deployment_id = $1 AND (i.kind = 'app' OR $2 = 'retail') ORDER BY di.position",
				   2, g.deployment, g.os_feed);
	if (rc == 0 && c.bad)
		rc = -EINVAL;
	if (rc == 0)
		rc = cloud_db_get(svc->db, version_text, sizeof(version_text),
				  "UPDATE counters SET value = value + 1 WHERE name = 'targets' RETURNING value", 0);
	if (rc < 0 || rc == 0) {
		snprintf(why, whylen, "the group's targets: %s", rc == -EINVAL ? "an image row is damaged"
								    : svc->db->error);
		return rc < 0 ? rc : -EIO;
	}
	version = strtoll(version_text, NULL, 10);
	rc = update_meta_build_targets((uint32_t)version, (uint64_t)expires, c.t, c.count, svc->meta_key, targets,
				       &targets_size, &err);
	if (rc == 0)
		rc = update_meta_build_snapshot((uint32_t)version, (uint64_t)expires, targets, targets_size,
						svc->meta_key, snapshot, &snapshot_size, &err);
	if (rc < 0) {
		snprintf(why, whylen, "signing: %s", err.msg);
		return rc;
	}
	hex_encode(targets, targets_size, targets_hex);
	hex_encode(snapshot, snapshot_size, snapshot_hex);
	/* Never over a newer version another instance wrote meanwhile. */
	rc = cloud_db_exec(svc->db, NULL, NULL,
			   "UPDATE device_groups SET meta_version = $2, meta_expires = $3, meta_targets = $4, "
			   "meta_snapshot = $5 WHERE id = $1 AND meta_version < $2",
			   5, group_id, version_text, api_num(expires_text, expires), targets_hex, snapshot_hex);
	if (rc < 0)
		snprintf(why, whylen, "%s", svc->db->error);
	return rc;
}

int cloud_meta_bundle(struct cloud *svc, const char *group_id, const uint8_t nonce[32],
		      const uint8_t device_id[32], uint32_t timestamp_version, uint8_t *out, size_t *len,
		      char *why, size_t whylen)
{
	struct error_detail err = { "" };
	struct group_meta g;
	uint32_t ts_size;
	long snap_len, targets_len;
	int rc = group_meta_read(svc, group_id, &g);

	/* Missing, or half-way to expiry: a fresh version. */
	if (rc == 0 && (!g.targets || !g.snapshot || g.expires - api_now() < svc->cfg.targets_expiry_s / 2)) {
		group_meta_free(&g);
		rc = cloud_meta_group_refresh(svc, group_id, why, whylen);
		if (rc < 0)
			return rc;
		rc = group_meta_read(svc, group_id, &g);
	}
	if (rc < 0 || !g.targets || !g.snapshot) {
		snprintf(why, whylen, "the group's metadata cannot be read: %s", svc->db->error);
		group_meta_free(&g);
		return rc < 0 ? rc : -EIO;
	}
	if (*len < UPDATE_META_TIMESTAMP_SIZE) {
		group_meta_free(&g);
		return -ENOSPC;
	}
	snap_len = hex_decode_any(g.snapshot, out + UPDATE_META_TIMESTAMP_SIZE, *len - UPDATE_META_TIMESTAMP_SIZE);
	targets_len = snap_len < 0 ? snap_len
				   : hex_decode_any(g.targets, out + UPDATE_META_TIMESTAMP_SIZE + snap_len,
						    *len - UPDATE_META_TIMESTAMP_SIZE - (size_t)snap_len);
	group_meta_free(&g);
	if (targets_len < 0) {
		snprintf(why, whylen, "the group's metadata is damaged");
		return -EIO;
	}
	rc = update_meta_build_timestamp(timestamp_version, (uint64_t)(api_now() + svc->cfg.timestamp_expiry_s),
					 out + UPDATE_META_TIMESTAMP_SIZE, (size_t)snap_len, nonce, device_id,
					 svc->meta_key, out, &ts_size, &err);
	if (rc < 0) {
		snprintf(why, whylen, "signing the timestamp: %s", err.msg);
		return rc;
	}
	*len = UPDATE_META_TIMESTAMP_SIZE + (size_t)snap_len + (size_t)targets_len;
	return 0;
}
