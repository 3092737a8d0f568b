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

/*
 * Loads the hardware definition file path and the files it imports (Azure
 * Sphere's format, docs/manifest.md): each import's Path is looked up next to
 * the importing file, then in dirs[0 .. ndirs) (the SDK's
 * HardwareDefinitions directories) in order. Every file is checked, every
 * Mapping resolved; errors start with the file's path and the JSON path of
 * the problem ("board.json: Peripherals[2].Mapping: ..."), or name the import
 * chain of a cycle or of too deep a nesting.
 */
int hwdef_load(const char *path, const char *const *dirs, size_t ndirs, struct hwdef **out,
	       struct error_detail *err);
/* The same for the text of one file that imports nothing (errors without a file name). */
int hwdef_parse(const char *text, size_t len, struct hwdef **out, struct error_detail *err);
void hwdef_free(struct hwdef *hw);

/* Receives one warning, "JSON path: message", e.g. "Capabilities.DeviceAuthentication: ...". */
typedef void manifest_warn_fn(void *ctx, const char *msg);

struct manifest_compile_opts {
	const struct hwdef *hwdef;        /* NULL: $NAME entries are refused */
	uint32_t mutable_storage_max_kb;  /* board limit; 0 = MANIFEST_DEFAULT_STORAGE_MAX_KB */
	manifest_warn_fn *warn;           /* NULL: warnings are dropped */
	void *warn_ctx;
};

/*
 * Validates app_manifest.json text and writes the compiled manifest into out
 * (cap bytes, PKG_MANIFEST_MAX is always enough), its length into *out_len.
 * Errors (-EINVAL, -E2BIG) start with the JSON path of the problem, e.g.
 * "Capabilities.Gpio[1]: expected integer or $NAME". What packs but differs
 * from what the author may expect (the placeholder tenant id, a Name cut to
 * 64 bytes, a capability Spherule ignores) goes to opts->warn, in the same
 * form, and does not fail the compilation.
 */
int manifest_compile(const char *json_text, size_t json_len,
		     const struct manifest_compile_opts *opts, uint8_t *out, size_t cap,
		     size_t *out_len, struct error_detail *err);

#endif
