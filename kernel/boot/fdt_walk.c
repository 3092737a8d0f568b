/*
 * Minimal flattened-device-tree walker for the boot stub (see fdt_walk.h).
 * Follows the devicetree specification's structure block: FDT_BEGIN_NODE,
 * FDT_END_NODE, FDT_PROP, FDT_NOP, FDT_END tokens, 4-byte aligned.
 */
#include "fdt_walk.h"

#define FDT_MAGIC 0xd00dfeedu
#define FDT_BEGIN_NODE 1u
#define FDT_END_NODE 2u
#define FDT_PROP 3u
#define FDT_NOP 4u
#define FDT_END 9u
#define FDT_MAX_STRUCT (1u << 20)

uint32_t fdt_be32(const volatile uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

void fdt_put_be32(volatile uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static int starts_with(const volatile uint8_t *s, const char *prefix)
{
	while (*prefix)
		if (*s++ != (uint8_t)*prefix++)
			return 0;
	return 1;
}

static int equals(const volatile uint8_t *s, const char *t)
{
	while (*t)
		if (*s++ != (uint8_t)*t++)
			return 0;
	return *s == 0;
}

static uint32_t align4(uint32_t v)
{
	return (v + 3u) & ~3u;
}

volatile uint8_t *fdt_find_prop(volatile uint8_t *fdt, const char *node_prefix,
				const char *prop, uint32_t *len)
{
	if (fdt_be32(fdt) != FDT_MAGIC)
		return 0;
	volatile uint8_t *st = fdt + fdt_be32(fdt + 8);
	volatile uint8_t *strings = fdt + fdt_be32(fdt + 12);
	uint32_t size = fdt_be32(fdt + 36);
	int depth = 0, match_depth = -1;

	if (size > FDT_MAX_STRUCT)
		return 0;
	for (uint32_t off = 0; off + 4 <= size;) {
		uint32_t tok = fdt_be32(st + off);

		off += 4;
		if (tok == FDT_BEGIN_NODE) {
			volatile uint8_t *name = st + off;
			uint32_t n = 0;

			while (n < size - off && name[n])
				n++;
			depth++;
			if (match_depth < 0 && starts_with(name, node_prefix))
				match_depth = depth;
			off += align4(n + 1);
		} else if (tok == FDT_END_NODE) {
			if (depth == match_depth)
				match_depth = -1;
			depth--;
		} else if (tok == FDT_PROP) {
			uint32_t plen = fdt_be32(st + off);
			uint32_t nameoff = fdt_be32(st + off + 4);

			if (depth == match_depth && equals(strings + nameoff, prop)) {
				*len = plen;
				return st + off + 8;
			}
			off += 8 + align4(plen);
		} else if (tok != FDT_NOP) {
			return 0;
		}
	}
	return 0;
}
