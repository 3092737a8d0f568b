/* mbox_fields.c - reads and writes a message body by its table of fields
 * (see mbox_fields.h). */
#include "mbox_fields.h"

#include <errno.h>
#include <string.h>

#include "spherule/le.h"

static uint32_t uint_get(const uint8_t *p, uint16_t size)
{
	switch (size) {
	case 1: return p[0];
	case 2: return get_le16(p);
	default: return get_le32(p);
	}
}

static void uint_put(uint8_t *p, uint16_t size, uint32_t v)
{
	switch (size) {
	case 1: p[0] = (uint8_t)v; break;
	case 2: put_le16(p, (uint16_t)v); break;
	default: put_le32(p, v); break;
	}
}

/* The integer member of the struct at obj (its size is the wire size). */
static uint32_t member_get(const void *obj, const struct mbox_field *f)
{
	const uint8_t *m = (const uint8_t *)obj + f->offset;

	switch (f->size) {
	case 1: return *m;
	case 2: return *(const uint16_t *)(const void *)m;
	default: return *(const uint32_t *)(const void *)m;
	}
}

static void member_set(void *obj, const struct mbox_field *f, uint32_t v)
{
	uint8_t *m = (uint8_t *)obj + f->offset;

	switch (f->size) {
	case 1: *m = (uint8_t)v; break;
	case 2: *(uint16_t *)(void *)m = (uint16_t)v; break;
	default: *(uint32_t *)(void *)m = v; break;
	}
}

static uint16_t list_count(const void *obj, const struct mbox_field *f)
{
	return *(const uint16_t *)(const void *)((const uint8_t *)obj + f->count_offset);
}

static bool all_zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

/* Reads the count elements of list field f. */
static enum mbox_status list_read(const struct mbox_field *f, const uint8_t *buf, size_t len,
				  void *obj, size_t *used)
{
	uint8_t *elem = (uint8_t *)obj + f->offset;
	uint16_t n = list_count(obj, f);

	*used = 0;
	for (uint16_t i = 0; i < n; i++, elem += f->stride) {
		size_t one;
		enum mbox_status st =
			mbox_fields_read(f->element, buf + *used, len - *used, elem, &one);

		if (st != MBOX_OK)
			return st;
		*used += one;
	}
	return MBOX_OK;
}

enum mbox_status mbox_fields_read(const struct mbox_layout *layout, const uint8_t *buf, size_t len,
				  void *obj, size_t *used)
{
	size_t at = 0;

	for (size_t i = 0; i < layout->count; i++) {
		const struct mbox_field *f = &layout->fields[i];
		enum mbox_status st;
		size_t n;
		uint32_t v;

		if (f->kind == MBOX_F_LIST) {
			st = list_read(f, buf + at, len - at, obj, &n);
			if (st != MBOX_OK)
				return st;
			at += n;
			continue;
		}
		if (len - at < f->size)
			return MBOX_ST_TRUNCATED;
		switch (f->kind) {
		case MBOX_F_UINT:
			v = uint_get(buf + at, f->size);
			if (v < f->min || v > f->max)
				return MBOX_ST_OUT_OF_RANGE;
			member_set(obj, f, v);
			break;
		case MBOX_F_BYTES: memcpy((uint8_t *)obj + f->offset, buf + at, f->size); break;
		default:
			if (!all_zero(buf + at, f->size))
				return MBOX_ST_NONZERO_RESERVED;
			break;
		}
		at += f->size;
	}
	*used = at;
	return MBOX_OK;
}

static int list_write(const struct mbox_field *f, const void *obj, uint8_t *buf, size_t cap)
{
	const uint8_t *elem = (const uint8_t *)obj + f->offset;
	uint16_t n = list_count(obj, f);
	size_t at = 0;

	for (uint16_t i = 0; i < n; i++, elem += f->stride) {
		int one = mbox_fields_write(f->element, elem, buf + at, cap - at);

		if (one < 0)
			return one;
		at += (size_t)one;
	}
	return (int)at;
}

int mbox_fields_write(const struct mbox_layout *layout, const void *obj, uint8_t *buf, size_t cap)
{
	size_t at = 0;

	for (size_t i = 0; i < layout->count; i++) {
		const struct mbox_field *f = &layout->fields[i];
		uint32_t v = f->kind == MBOX_F_UINT ? member_get(obj, f) : 0;

		if (f->kind == MBOX_F_LIST) {
			int n = list_write(f, obj, buf + at, cap - at);

			if (n < 0)
				return n;
			at += (size_t)n;
			continue;
		}
		if (f->kind == MBOX_F_UINT && (v < f->min || v > f->max))
			return -EINVAL;
		if (cap - at < f->size)
			return -ENOSPC;
		switch (f->kind) {
		case MBOX_F_UINT: uint_put(buf + at, f->size, v); break;
		case MBOX_F_BYTES:
			memcpy(buf + at, (const uint8_t *)obj + f->offset, f->size);
			break;
		default: memset(buf + at, 0, f->size); break;
		}
		at += f->size;
	}
	return (int)at;
}
