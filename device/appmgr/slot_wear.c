/* slot_wear.c — the slots' erase order on the data partition (see
 * slot_wear.h). The file is text, one "slot sequence" line per slot that
 * was erased. */
#include "slot_wear.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "conf_lines.h"
#include "small_file.h"

#define SLOT_WEAR_MAX_BYTES (APPMGR_MAX_APPS * 24)

/* One "slot sequence" line; malformed lines are skipped. */
static int apply_line(const char *s, size_t n, unsigned lineno, void *ctx, struct error_detail *why)
{
	struct slot_wear *w = ctx;
	char fields[2][CONF_FIELD_SIZE];
	uint32_t slot, seq;

	(void)lineno;
	(void)why;
	if (conf_split_fields(s, n, fields, 2) != 2 || conf_parse_u32(fields[0], strlen(fields[0]), &slot) != 0 ||
	    conf_parse_u32(fields[1], strlen(fields[1]), &seq) != 0 || slot >= APPMGR_MAX_APPS)
		return 0;
	w->erased[slot] = seq;
	if (seq > w->seq)
		w->seq = seq;
	return 0;
}

void slot_wear_load(struct slot_wear *w, const char *path)
{
	char text[SLOT_WEAR_MAX_BYTES];
	struct error_detail why = { "" };
	size_t len;

	memset(w, 0, sizeof(*w));
	w->path = path;
	if (path[0] != '\0' && small_file_read(path, text, sizeof(text), &len) == 0)
		(void)conf_lines_apply(text, len, apply_line, w, &why);
}

static int save(const struct slot_wear *w)
{
	char text[SLOT_WEAR_MAX_BYTES];
	size_t len = 0;

	for (unsigned i = 0; i < APPMGR_MAX_APPS; i++)
		if (w->erased[i] != 0)
			len += (size_t)snprintf(text + len, sizeof(text) - len, "%u %u\n", i, w->erased[i]);
	return small_file_replace(w->path, text, len);
}

int slot_wear_erased(struct slot_wear *w, unsigned slot)
{
	if (slot >= APPMGR_MAX_APPS)
		return -EINVAL;
	w->erased[slot] = ++w->seq;
	return w->path[0] != '\0' ? save(w) : 0;
}

int slot_wear_older(const struct slot_wear *w, unsigned a, unsigned b)
{
	uint32_t ea = a < APPMGR_MAX_APPS ? w->erased[a] : 0, eb = b < APPMGR_MAX_APPS ? w->erased[b] : 0;

	return ea < eb || (ea == eb && a < b);
}
