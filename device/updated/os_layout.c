/* os_layout.c — an OS image's pieces in osstage (see os_layout.h). */
#include "os_layout.h"

#include <errno.h>
#include <string.h>

#include "spherule/le.h"

int os_image_map_init(struct os_image_map *m, const struct os_layout *l, const uint8_t *head, size_t len,
		      uint32_t *need, struct error_detail *why)
{
	uint32_t size;
	int err;

	memset(m, 0, sizeof(*m));
	m->layout = l;
	if (len < OS_DESC_HEADER_SIZE) {
		*need = OS_DESC_HEADER_SIZE;
		return -EAGAIN;
	}
	size = get_le32(head + 8);
	if (size > OS_DESC_MAX || size < OS_DESC_HEADER_SIZE)
		return error_detail_set(why, -EINVAL, "not an OS image: a description of %u bytes", size);
	if (len < size) {
		*need = size;
		return -EAGAIN;
	}
	err = os_desc_parse(head, size, &m->desc, why);
	if (err != 0)
		return error_detail_set(why, -EINVAL, "not an OS image: %s", why->msg);
	if (size > l->desc.size)
		return error_detail_set(why, -EINVAL, "a description of %u bytes: osdesc holds %u", size, l->desc.size);
	m->file_size = size;
	for (unsigned i = 0; i < m->desc.part_count; i++) {
		const struct os_desc_part *p = &m->desc.parts[i];

		if (p->id > OS_PART_LAST || p->size > l->part[p->id].size)
			return error_detail_set(why, -EINVAL, "part %s of %u bytes: its partition holds %u",
						os_part_name(p->id), p->size, p->id > OS_PART_LAST ? 0 : l->part[p->id].size);
		m->file_size += p->size;
	}
	return 0;
}

int os_image_map_locate(const struct os_image_map *m, uint64_t file_off, uint32_t *stage_off, uint32_t *run)
{
	uint64_t start = m->desc.size;

	if (file_off < start) {
		*stage_off = m->layout->desc.offset + (uint32_t)file_off;
		*run = (uint32_t)(start - file_off);
		return 0;
	}
	for (unsigned i = 0; i < m->desc.part_count; i++) {
		const struct os_desc_part *p = &m->desc.parts[i];

		if (file_off < start + p->size) {
			*stage_off = m->layout->part[p->id].offset + (uint32_t)(file_off - start);
			*run = (uint32_t)(start + p->size - file_off);
			return 0;
		}
		start += p->size;
	}
	return -ERANGE;
}

static uint32_t round_up(uint32_t v, uint32_t unit)
{
	return (v + unit - 1) / unit * unit;
}

/* Erases [from, to) of a region in steps the caller's erase takes. */
static int erase_range(uint32_t from, uint32_t to, int (*erase)(uint32_t, uint32_t, void *), void *ctx)
{
	return from < to ? erase(from, to - from, ctx) : 0;
}

int os_image_map_gaps(const struct os_image_map *m, uint32_t erase_size,
		      int (*erase)(uint32_t off, uint32_t len, void *ctx), void *ctx)
{
	const struct os_layout *l = m->layout;
	uint32_t end = l->desc.offset + l->desc.size;
	int err = erase_range(l->desc.offset + round_up(m->desc.size, erase_size), l->desc.offset + l->desc.size,
			      erase, ctx);

	for (uint16_t id = OS_PART_FIRST; err == 0 && id <= OS_PART_LAST; id++) {
		const struct os_desc_part *p = os_desc_find(&m->desc, id);
		const struct os_region *r = &l->part[id];

		if (r->size == 0)
			continue;
		err = erase_range(r->offset + round_up(p ? p->size : 0, erase_size), r->offset + r->size, erase, ctx);
		if (r->offset + r->size > end)
			end = r->offset + r->size;
	}
	return err == 0 ? erase_range(end, l->stage_size, erase, ctx) : err;
}

int os_stage_put(const struct os_image_map *m, struct os_stage_chunk *c, const uint8_t *p, size_t n,
		 int (*write)(uint32_t off, const uint8_t *bytes, uint32_t len, void *ctx), void *ctx)
{
	_Static_assert(OS_STAGE_CHUNK % 4 == 0, "a chunk of whole words");

	while (n > 0) {
		uint32_t off, run;
		size_t k;

		if (os_image_map_locate(m, c->file_off, &off, &run) != 0)
			return -EFBIG;
		if (c->len == 0)
			c->off = off;
		k = n < run ? n : run;
		if (k > OS_STAGE_CHUNK - c->len)
			k = OS_STAGE_CHUNK - c->len;
		memcpy(c->bytes + c->len, p, k);
		c->len += (uint32_t)k;
		c->file_off += k;
		p += k;
		n -= k;
		if (k == run || c->len == OS_STAGE_CHUNK) {
			int err = write(c->off, c->bytes, c->len, ctx);

			if (err != 0)
				return err;
			c->len = 0;
		}
	}
	return 0;
}
