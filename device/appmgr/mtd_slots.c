/* mtd_slots.c — parses /proc/mtd for app slots (see mtd_slots.h). */
#include "mtd_slots.h"

#include <errno.h>
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

/* Parses one partition line; 0 with *slot = -1 for a partition that is not
 * an app slot. */
static int parse_line(const char *p, const char *end, struct mtd_slot *s, int *slot)
{
	uint32_t index, size, erasesize;
	const char *name;

	if (take_literal(&p, end, "mtd") || take_number(&p, end, 10, &index) ||
	    take_literal(&p, end, ": ") || take_number(&p, end, 16, &size) ||
	    take_literal(&p, end, " ") || take_number(&p, end, 16, &erasesize) ||
	    take_literal(&p, end, " \""))
		return -EINVAL;
	name = p;
	if (end - name < 1 || end[-1] != '"')
		return -EINVAL;
	*slot = slot_of_name(name, (size_t)(end - 1 - name));
	s->slot = *slot < 0 ? 0 : (unsigned)*slot;
	s->mtd_index = index;
	s->size = size;
	return 0;
}

int mtd_find_app_slots(const char *text, size_t len, struct mtd_slot out[APPMGR_MAX_APPS])
{
	struct mtd_slot by_slot[APPMGR_MAX_APPS];
	int seen[APPMGR_MAX_APPS] = { 0 };
	const char *p = text, *end = text + len;
	int count = 0;
	int first = 1;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *line_end = nl ? nl : end;
		struct mtd_slot s;
		int slot;

		if (first) {
			first = 0;   /* the "dev:    size   erasesize  name" header */
		} else if (line_end > p) {
			if (parse_line(p, line_end, &s, &slot) != 0)
				return -EINVAL;
			if (slot >= 0 && !seen[slot]) {
				seen[slot] = 1;
				by_slot[slot] = s;
			}
		}
		p = nl ? nl + 1 : end;
	}
	for (int i = 0; i < APPMGR_MAX_APPS; i++)
		if (seen[i])
			out[count++] = by_slot[i];
	return count;
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
