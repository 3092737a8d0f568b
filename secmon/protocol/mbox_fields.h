/*
 * mbox_fields.h - the wire layout of a message body as a table of fields,
 * and the one reader and one writer that walk such a table (internal to
 * secmon/protocol). Each body is described once (mbox_messages.c); reading
 * and writing it, its bounds and its reserved bytes all follow from the table.
 *
 * A field is an integer (1, 2 or 4 bytes, little-endian, with bounds), bytes
 * copied as they are, reserved bytes (zero on the wire, not in the struct) or
 * a list: as many elements (each a layout of its own) as a count field read
 * before it says.
 */
#ifndef SPHERULE_MBOX_FIELDS_H
#define SPHERULE_MBOX_FIELDS_H

#include <stddef.h>
#include <stdint.h>

#include "mbox_proto.h"

enum mbox_field_kind {
	MBOX_F_UINT, /* size 1, 2 or 4; min..max */
	MBOX_F_BYTES, /* a uint8_t[size] member */
	MBOX_F_ZERO, /* size reserved bytes */
	MBOX_F_LIST, /* elements of element; the uint16_t at count_offset says how many */
};

struct mbox_layout;

struct mbox_field {
	uint8_t kind;
	uint16_t size; /* wire bytes (not for MBOX_F_LIST) */
	uint16_t offset; /* of the member in the struct */
	uint32_t min, max;
	uint16_t count_offset; /* MBOX_F_LIST */
	uint16_t stride; /* MBOX_F_LIST: sizeof one element in the struct */
	const struct mbox_layout *element; /* MBOX_F_LIST */
};

struct mbox_layout {
	const struct mbox_field *fields;
	size_t count;
};

/*
 * Reads the fields of layout from buf (len bytes available) into the struct
 * at obj: MBOX_OK with *used set to the bytes read, or MBOX_ST_TRUNCATED,
 * MBOX_ST_NONZERO_RESERVED, MBOX_ST_OUT_OF_RANGE.
 */
enum mbox_status mbox_fields_read(const struct mbox_layout *layout, const uint8_t *buf, size_t len,
				  void *obj, size_t *used);

/*
 * Writes the fields of the struct at obj into buf (cap bytes): the bytes
 * written, -EINVAL when a field is out of its bounds, -ENOSPC.
 */
int mbox_fields_write(const struct mbox_layout *layout, const void *obj, uint8_t *buf, size_t cap);

/* Field constructors for the tables: member m of struct type s. */
#define MBOX_MEMBER_SIZE(s, m) sizeof(((s *)0)->m)
#define MBOX_FIELD_UINT(s, m, lo, hi)                                                          \
	{                                                                                      \
		.kind = MBOX_F_UINT, .size = MBOX_MEMBER_SIZE(s, m), .offset = offsetof(s, m), \
		.min = (lo), .max = (hi)                                                       \
	}
#define MBOX_FIELD_BYTES(s, m)                                                                 \
	{                                                                                      \
		.kind = MBOX_F_BYTES, .size = MBOX_MEMBER_SIZE(s, m), .offset = offsetof(s, m) \
	}
#define MBOX_FIELD_ZERO(n)                       \
	{                                        \
		.kind = MBOX_F_ZERO, .size = (n) \
	}
#define MBOX_FIELD_LIST(s, m, count_member, layout)                                             \
	{                                                                                       \
		.kind = MBOX_F_LIST, .offset = offsetof(s, m),                                  \
		.count_offset = offsetof(s, count_member), .stride = MBOX_MEMBER_SIZE(s, m[0]), \
		.element = &(layout)                                                            \
	}
#define MBOX_LAYOUT(fields)                                    \
	{                                                      \
		(fields), sizeof(fields) / sizeof((fields)[0]) \
	}

#endif
