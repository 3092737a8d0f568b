/*
 * manifest_compile.h - host-only compiler from app_manifest.json (Azure Sphere
 * schema) to the compiled manifest of manifest.h, with $NAME peripherals
 * resolved through an Azure Sphere style hardware definition JSON.
 */
#ifndef SPHERULE_MANIFEST_COMPILE_H
#define SPHERULE_MANIFEST_COMPILE_H

#include <stddef.h>
#include <stdint.h>

#include "spherule/manifest.h"

#define MANIFEST_DEFAULT_STORAGE_MAX_KB 64u

struct hwdef;

/* Parses and checks a hardware definition; errors name the JSON path. */
int hwdef_parse(const char *text, size_t len, struct hwdef **out, struct error_detail *err);
void hwdef_free(struct hwdef *hw);

struct manifest_compile_opts {
	const struct hwdef *hwdef;        /* NULL: $NAME entries are refused */
	uint32_t mutable_storage_max_kb;  /* board limit; 0 = MANIFEST_DEFAULT_STORAGE_MAX_KB */
};

/*
 * Validates app_manifest.json text and writes the compiled manifest into out
 * (cap bytes, PKG_MANIFEST_MAX is always enough), its length into *out_len.
 * Errors (-EINVAL, -E2BIG) start with the JSON path of the problem, e.g.
 * "Capabilities.Gpio[1]: expected integer or $NAME".
 */
int manifest_compile(const char *json_text, size_t json_len,
		     const struct manifest_compile_opts *opts, uint8_t *out, size_t cap,
		     size_t *out_len, struct error_detail *err);

#endif
