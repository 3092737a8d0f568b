/* agent_os.c — the OS target: downloaded straight into osstage (each byte
 * at its bank-0 place, os_layout.h; what no byte lands in erased first),
 * installed by secmon into the inactive slot once the update gate applies,
 * then the reboot into its trial (see agent.h). */
#include "agent.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "crypto.h"
#include "os_layout.h"

/** struct os_writer - the download's sink: the description gathered until
 * the image's map is known, then every byte written at its place. */
struct os_writer {
	struct agent *agent;
	struct os_image_map map;
	bool mapped;
	uint8_t head[OS_DESC_MAX];
	uint32_t head_len;
	struct os_stage_chunk chunk;  /* the bytes of the file taken, to osstage */
	struct error_detail why;
};

_Static_assert(OS_STAGE_CHUNK <= APP_SVC_STAGE_CHUNK_MAX, "a chunk is one OS_STAGE write");

static int erase_gap(uint32_t off, uint32_t len, void *ctx)
{
	struct os_writer *w = ctx;

	return ops_os_erase(&w->agent->svc, off, len, &w->why);
}

static int write_chunk(uint32_t off, const uint8_t *bytes, uint32_t len, void *ctx)
{
	struct os_writer *w = ctx;

	return ops_os_write(&w->agent->svc, off, bytes, len, &w->why);
}

/* Writes [p, p + n) of the file at its places in osstage, in whole words. */
static int write_mapped(struct os_writer *w, const uint8_t *p, size_t n)
{
	int err = os_stage_put(&w->map, &w->chunk, p, n, write_chunk, w);

	if (err == -EFBIG)
		return error_detail_set(&w->why, -EFBIG, "more bytes than the description names");
	return err;
}

static int os_sink(void *ctx, const uint8_t *p, size_t n)
{
	struct os_writer *w = ctx;
	const struct os_layout *l = &w->agent->conf->layout;
	uint32_t need = 0;
	int err;

	while (!w->mapped && n > 0) {
		size_t k;

		err = os_image_map_init(&w->map, l, w->head, w->head_len, &need, &w->why);
		if (err == 0) {
			/* The map is known: erase what no byte lands in, then write the head. */
			err = os_image_map_gaps(&w->map, l->erase_size, erase_gap, w);
			if (err == 0)
				err = write_mapped(w, w->head, w->head_len);
			if (err != 0)
				return err;
			w->mapped = true;
			break;
		}
		if (err != -EAGAIN)
			return err;
		k = need - w->head_len < n ? need - w->head_len : n;
		memcpy(w->head + w->head_len, p, k);
		w->head_len += (uint32_t)k;
		p += k;
		n -= k;
	}
	return n > 0 ? write_mapped(w, p, n) : 0;
}

int agent_install_os(struct agent *a, const struct update_meta_target *t)
{
	static struct os_writer w;
	struct app_svc_os_install res;
	uint8_t desc_sha[32];
	char detail[96];
	int err;

	memset(&w, 0, sizeof(w));
	w.agent = a;
	err = agent_download(a, t, os_sink, &w);
	if (err != 0) {
		if (w.why.msg[0])
			fprintf(stderr, "updated: staging the OS failed: %s\n", w.why.msg);
		return err;
	}
	snprintf(detail, sizeof(detail), "OS version %u staged", t->version);
	(void)agent_report(a, "staged", detail);
	err = crypto_sha256(w.map.desc.bytes, w.map.desc.size, desc_sha);
	if (err == 0)
		err = agent_gate(a, APP_SVC_UPDATE_SYSTEM);
	if (err != 0)
		return err;
	(void)agent_report(a, "installing", detail);
	err = ops_os_install(&a->svc, desc_sha, &res, &w.why);
	if (err != 0) {
		fprintf(stderr, "updated: secmon refused the staged OS: %s\n", w.why.msg);
		(void)ops_update_done(&a->svc, false, &w.why);
		return err;
	}
	fprintf(stderr, "updated: OS version %u installed into slot %c: rebooting into its trial\n", res.version,
		res.slot ? 'B' : 'A');
	a->rec.phase = UPDATED_REBOOTING;
	agent_save(a);
	(void)agent_report(a, "rebooting", detail);
	return ops_update_done(&a->svc, true, &w.why);
}
