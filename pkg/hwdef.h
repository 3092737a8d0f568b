/*
 * hwdef.h - internal view of a parsed hardware definition for the manifest
 * compiler: look a peripheral up by name.
 */
#ifndef SPHERULE_PKG_HWDEF_H
#define SPHERULE_PKG_HWDEF_H

#include <jansson.h>

#include "spherule/manifest_compile.h"

/* The peripheral object named name ({"Name","Type","AppManifestValue",...}), or NULL. */
const json_t *hwdef_find(const struct hwdef *hw, const char *name);

#endif
