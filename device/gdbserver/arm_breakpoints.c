/* arm_breakpoints.c — software breakpoints in the traced program's text
 * (see arm_breakpoints.h). */
#include "arm_breakpoints.h"

#include <errno.h>
#include <stddef.h>

/* The undefined instructions, little-endian, indexed by kind. */
static const uint8_t thumb_bkpt[2] = { 0x01, 0xde };
static const uint8_t thumb2_bkpt[4] = { 0xf0, 0xf7, 0x00, 0xa0 };
static const uint8_t arm_bkpt[4] = { 0xf0, 0x01, 0xf0, 0xe7 };

static const uint8_t *instruction(uint32_t kind, uint32_t *len)
{
	switch (kind) {
	case 2: *len = 2; return thumb_bkpt;
	case 3: *len = 4; return thumb2_bkpt;
	case 4: *len = 4; return arm_bkpt;
	default: return NULL;
	}
}

static struct arm_breakpoint *find(struct arm_breakpoints *t, uint32_t addr)
{
	for (unsigned i = 0; i < t->count; i++)
		if (t->bp[i].addr == addr)
			return &t->bp[i];
	return NULL;
}

int arm_breakpoint_insert(struct arm_breakpoints *t, const struct gdb_target *tg, uint32_t addr,
			  uint32_t kind)
{
	struct arm_breakpoint *b = find(t, addr);
	const uint8_t *insn;
	uint32_t len = 0;
	int n;

	insn = instruction(kind, &len);
	if (!insn || (b && b->kind != kind))
		return -EINVAL;
	if (b) {
		if (b->users == UINT8_MAX)
			return -ENOSPC;
		b->users++;
		return 0;
	}
	if (t->count == ARM_BREAKPOINTS_MAX)
		return -ENOSPC;
	b = &t->bp[t->count];
	n = tg->read_mem(tg->ctx, addr, b->saved, len);
	if (n < 0)
		return n;
	if ((uint32_t)n < len)
		return -EFAULT;
	n = tg->write_mem(tg->ctx, addr, insn, len);
	if (n < 0)
		return n;
	b->addr = addr;
	b->kind = (uint8_t)kind;
	b->users = 1;
	t->count++;
	return 0;
}

static int put_back(const struct gdb_target *tg, const struct arm_breakpoint *b)
{
	uint32_t len = 0;

	instruction(b->kind, &len);
	return tg->write_mem(tg->ctx, b->addr, b->saved, len);
}

int arm_breakpoint_remove(struct arm_breakpoints *t, const struct gdb_target *tg, uint32_t addr,
			  uint32_t kind)
{
	struct arm_breakpoint *b = find(t, addr);
	int err;

	if (!b || b->kind != kind)
		return -ENOENT;
	if (--b->users > 0)
		return 0;
	err = put_back(tg, b);
	if (err < 0) {
		b->users = 1;
		return err;
	}
	*b = t->bp[--t->count];
	return 0;
}

void arm_breakpoint_remove_all(struct arm_breakpoints *t, const struct gdb_target *tg)
{
	for (unsigned i = 0; i < t->count; i++)
		(void)put_back(tg, &t->bp[i]);
	t->count = 0;
}
