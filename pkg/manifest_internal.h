/*
 * manifest_internal.h - the per-tag rules of the compiled manifest, shared by
 * the device-side parser (manifest_parse.c) and the host compiler
 * (manifest_compile.c) so both enforce the same kinds and limits.
 */
#ifndef SPHERULE_MANIFEST_INTERNAL_H
#define SPHERULE_MANIFEST_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "spherule/manifest.h"

enum manifest_kind {
	MANIFEST_KIND_STRING, /* NUL-terminated text */
	MANIFEST_KIND_UUID,   /* 16 bytes */
	MANIFEST_KIND_U32,
	MANIFEST_KIND_U16,
	MANIFEST_KIND_FLAG,   /* no data: present means true */
};

struct manifest_rule {
	const char *json_name; /* key in app_manifest.json */
	uint8_t kind;          /* enum manifest_kind */
	uint8_t max;           /* records allowed: 1 for a singleton, else the list limit */
	size_t field;          /* offsetof the value (or list) in struct manifest */
};

/* The rule of a tag, or NULL for an unknown tag. */
const struct manifest_rule *manifest_rule(uint16_t tag);

/* Bytes of data a record of this kind carries, not counting a string's text. */
static inline uint16_t manifest_kind_size(uint8_t kind)
{
	switch (kind) {
	case MANIFEST_KIND_UUID: return 16;
	case MANIFEST_KIND_U32: return 4;
	case MANIFEST_KIND_U16: return 2;
	default: return 0;
	}
}

#endif
