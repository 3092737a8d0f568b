/*
 * hwdef.h - internal view of a loaded hardware definition (a file and the
 * files it imports) for the manifest compiler: its files, the checks of one
 * file's JSON, and the lookup of a peripheral by name through its Mapping
 * chain.
 */
#ifndef SPHERULE_PKG_HWDEF_H
#define SPHERULE_PKG_HWDEF_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "spherule/manifest_compile.h"

#define HWDEF_MAX_FILES 16u  /* a definition and everything it imports */
#define HWDEF_MAX_DEPTH 8u   /* files in one chain of Imports */
#define HWDEF_MAX_NAME_LEN 63u
#define HWDEF_TYPE_INT "int" /* a constant for the C header, no manifest peripheral */

struct hwdef_file {
	char *path;         /* as found (messages name it); NULL for hwdef_parse's text */
	char *real;         /* its canonical path: a file imported twice is loaded once */
	json_t *root;
	json_t *peripherals;
	uint32_t visible;   /* bit g: the names of file g are visible here (itself and its imports) */
};

struct hwdef {
	struct hwdef_file file[HWDEF_MAX_FILES];
	unsigned count;     /* file[0] is the definition named; the others its imports */
};

/* A peripheral as the manifest sees it: its Type and the AppManifestValue of
 * the peripheral its Mapping chain ends at. */
struct hwdef_peripheral {
	const char *type;   /* "Gpio", "Uart", ..., or HWDEF_TYPE_INT */
	uint32_t number;    /* a Gpio's line */
	const char *text;   /* the other types' value ("ISU0"); NULL for Gpio and int */
};

/* Checks one file's JSON (Metadata, Description, the form of Imports, each
 * peripheral and the uniqueness of its names); errors name the JSON path. */
int hwdef_check_file(const json_t *root, struct error_detail *err);

/* Appends a checked file to hw (taking root); its visible set is itself. */
int hwdef_add_file(struct hwdef *hw, const char *path, const char *real, json_t *root,
		   struct error_detail *err);

/* Checks what spans the files once all are loaded: every name defined once,
 * every Mapping naming a visible peripheral of the same Type, no chain that
 * loops. Errors start with the file's path. */
int hwdef_check_links(const struct hwdef *hw, struct error_detail *err);

/* The peripheral called name, its chain followed: 0, or -ENOENT. */
int hwdef_lookup(const struct hwdef *hw, const char *name, struct hwdef_peripheral *out);

#endif
