/* mtd_slots.c — parses /proc/mtd for app slots (see mtd_slots.h). */
#include "mtd_slots.h"

#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>

#include "small_file.h"

#define PROC_MTD_MAX 4096

/* Reads an unsigned number in the given base from [*p, end); moves *p. */
static int take_number(const char **p, const char *end, unsigned base, uint32_t *out)
{
	uint64_t v = 0;
	const char *s = *p;

	while (s < end) {
		char c = *s;
		unsigned d;

		if (c >= '0' && c <= '9')
			d = (unsigned)(c - '0');
		else if (base == 16 && c >= 'a' && c <= 'f')
			d = (unsigned)(c - 'a' + 10);
		else if (base == 16 && c >= 'A' && c <= 'F')
			d = (unsigned)(c - 'A' + 10);
		else
			break;
		v = v * base + d;
		if (v > UINT32_MAX)
			return -EINVAL;
		s++;
	}
	if (s == *p)
		return -EINVAL;
	*p = s;
	*out = (uint32_t)v;
	return 0;
}

static int take_literal(const char **p, const char *end, const char *lit)
{
	size_t n = strlen(lit);

	if ((size_t)(end - *p) < n || memcmp(*p, lit, n) != 0)
		return -EINVAL;
	*p += n;
	return 0;
}

/* Slot number of a partition name "app0".."app15" (no leading zeros), or -1. */
static int slot_of_name(const char *name, size_t len)
{
	uint32_t n;
	const char *p = name + 3;

	if (len < 4 || len > 5 || memcmp(name, "app", 3) != 0)
		return -1;
	if (len == 5 && name[3] == '0')
		return -1;
	if (take_number(&p, name + len, 10, &n) != 0 || p != name + len || n >= APPMGR_MAX_APPS)
		return -1;
	return (int)n;
}

/* Parses one partition line into *s (slot 0) and its name [*name, *name +
 * *name_len). */
static int parse_line(const char *p, const char *end, struct mtd_slot *s, const char **name, size_t *name_len)
{
	uint32_t index, size, erasesize;

	if (take_literal(&p, end, "mtd") || take_number(&p, end, 10, &index) ||
	    take_literal(&p, end, ": ") || take_number(&p, end, 16, &size) ||
	    take_literal(&p, end, " ") || take_number(&p, end, 16, &erasesize) ||
	    take_literal(&p, end, " \""))
		return -EINVAL;
	if (end - p < 1 || end[-1] != '"')
		return -EINVAL;
	*name = p;
	*name_len = (size_t)(end - 1 - p);
	s->slot = 0;
	s->mtd_index = index;
	s->size = size;
	s->erase_size = erasesize;
	return 0;
}

/* Calls found(s, name, name_len, ctx) for each partition line of text (after
 * the "dev:    size   erasesize  name" header). 0, or -EINVAL for a line
 * that does not have the /proc/mtd format. */
static int for_each_partition(const char *text, size_t len,
			      void (*found)(const struct mtd_slot *s, const char *name, size_t name_len, void *ctx),
			      void *ctx)
{
	const char *p = text, *end = text + len;
	bool first = true;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *line_end = nl ? nl : end;
		struct mtd_slot s;
		const char *name;
		size_t name_len;

		if (first) {
			first = false;
		} else if (line_end > p) {
			if (parse_line(p, line_end, &s, &name, &name_len) != 0)
				return -EINVAL;
			found(&s, name, name_len, ctx);
		}
		p = nl ? nl + 1 : end;
	}
	return 0;
}

struct app_slots {
	struct mtd_slot by_slot[APPMGR_MAX_APPS];
	bool seen[APPMGR_MAX_APPS];
};

/* A second partition with an already seen slot name is ignored. */
static void add_app_slot(const struct mtd_slot *s, const char *name, size_t name_len, void *ctx)
{
	struct app_slots *slots = ctx;
	int slot = slot_of_name(name, name_len);

	if (slot < 0 || slots->seen[slot])
		return;
	slots->seen[slot] = true;
	slots->by_slot[slot] = *s;
	slots->by_slot[slot].slot = (unsigned)slot;
}

int mtd_find_app_slots(const char *text, size_t len, struct mtd_slot out[APPMGR_MAX_APPS])
{
	struct app_slots slots = { .seen = { false } };
	int count = 0;

	if (for_each_partition(text, len, add_app_slot, &slots) != 0)
		return -EINVAL;
	for (int i = 0; i < APPMGR_MAX_APPS; i++)
		if (slots.seen[i])
			out[count++] = slots.by_slot[i];
	return count;
}

struct named {
	const char *name;
	struct mtd_slot *out;
	bool found;
};

static void match_name(const struct mtd_slot *s, const char *name, size_t name_len, void *ctx)
{
	struct named *n = ctx;

	if (!n->found && strlen(n->name) == name_len && memcmp(n->name, name, name_len) == 0) {
		*n->out = *s;
		n->found = true;
	}
}

int mtd_find_named(const char *text, size_t len, const char *name, struct mtd_slot *out)
{
	struct named n = { name, out, false };

	if (for_each_partition(text, len, match_name, &n) != 0)
		return -EINVAL;
	return n.found ? 0 : -ENOENT;
}

int mtd_read_app_slots(const char *proc_mtd, struct mtd_slot out[APPMGR_MAX_APPS])
{
	char text[PROC_MTD_MAX];
	size_t len;
	int err = small_file_read(proc_mtd, text, sizeof(text), &len);

	return err != 0 ? err : mtd_find_app_slots(text, len, out);
}

int mtd_slot_open(const char *dev_dir, const struct mtd_slot *s, int flags, char path[MTD_SLOT_PATH_MAX])
{
	int fd;

	snprintf(path, MTD_SLOT_PATH_MAX, "%s/mtd%u", dev_dir, s->mtd_index);
	fd = open(path, flags | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

int mtd_read_named(const char *proc_mtd, const char *name, struct mtd_slot *out)
{
	char text[PROC_MTD_MAX];
	size_t len;
	int err = small_file_read(proc_mtd, text, sizeof(text), &len);

	return err != 0 ? err : mtd_find_named(text, len, name, out);
}
