/*
 * hwdef.c - Azure Sphere style hardware definitions, which name the board's
 * peripherals so app manifests can say "$SAMPLE_LED" instead of a GPIO line:
 *   {"Metadata": {"Type": "Azure Sphere Hardware Definition", "Version": 1},
 *    "Imports": [{"Path": "mt3620_rdb.json"}],
 *    "Peripherals": [{"Name": "SAMPLE_LED", "Type": "Gpio", "Mapping": "MT3620_RDB_LED1_RED"},
 *                    {"Name": "MT3620_GPIO8", "Type": "Gpio", "MainCoreHeaderValue": "(8)",
 *                     "AppManifestValue": 8}]}
 * The checks of one file, of the links between the files of a definition
 * (names, Mapping chains), and the lookup of a name. Loading the files and
 * their Imports: hwdef_load.c.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hwdef.h"
#include "json_path.h"
#include "pkg_internal.h"

static const char *const peripheral_types[] = { "Gpio", "Uart", "I2cMaster", "I2cSlave",
						"SpiMaster", "Pwm", "Adc", HWDEF_TYPE_INT, NULL };

static int check_metadata(const json_t *meta, struct error_detail *err)
{
	static const char *const keys[] = { "Type", "Version", NULL };
	const json_t *type = json_object_get(meta, "Type");
	const json_t *version = json_object_get(meta, "Version");

	if (!json_is_object(meta))
		return json_path_fail(err, -EINVAL, "Metadata", "required object");
	if (json_path_known_keys(meta, "Metadata", keys, err) < 0)
		return -EINVAL;
	if (!json_is_string(type) || strcmp(json_string_value(type), "Azure Sphere Hardware Definition"))
		return json_path_fail(err, -EINVAL, "Metadata.Type",
				      "expected \"Azure Sphere Hardware Definition\"");
	if (!json_is_integer(version) || json_integer_value(version) != 1)
		return json_path_fail(err, -EINVAL, "Metadata.Version", "expected 1");
	return 0;
}

/* Imports: [{"Path": "file.json"}, ...]; the files are found by hwdef_load.c. */
static int check_imports(const json_t *imports, struct error_detail *err)
{
	static const char *const keys[] = { "Path", NULL };

	if (!json_is_array(imports))
		return json_path_fail(err, -EINVAL, "Imports", "expected an array");
	for (size_t i = 0; i < json_array_size(imports); i++) {
		const json_t *import = json_array_get(imports, i);
		const json_t *path = json_object_get(import, "Path");
		char at[JSON_PATH_MAX], key[JSON_PATH_MAX];

		json_path_index(at, "Imports", i);
		json_path_key(key, at, "Path");
		if (!json_is_object(import))
			return json_path_fail(err, -EINVAL, at, "expected an object like {\"Path\": \"mt3620.json\"}");
		if (json_path_known_keys(import, at, keys, err) < 0)
			return -EINVAL;
		if (!json_is_string(path) || json_string_length(path) == 0)
			return json_path_fail(err, -EINVAL, key, "expected the path of a .json file");
	}
	return 0;
}

/* A C identifier of at most HWDEF_MAX_NAME_LEN bytes (it becomes a #define). */
static bool valid_name(const json_t *name)
{
	const char *s = json_string_value(name);
	size_t len = s ? strlen(s) : 0;

	if (len == 0 || len > HWDEF_MAX_NAME_LEN || (s[0] >= '0' && s[0] <= '9'))
		return false;
	for (size_t i = 0; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return false;
	return true;
}

/* An optional member that must be a string when present. */
static int optional_string(const json_t *p, const char *path, const char *key,
			   struct error_detail *err)
{
	const json_t *v = json_object_get(p, key);
	char at[JSON_PATH_MAX];

	json_path_key(at, path, key);
	if (v && !json_is_string(v))
		return json_path_fail(err, -EINVAL, at, "expected a string");
	return 0;
}

/* The value a leaf gives the manifest: a line for Gpio, a name otherwise;
 * an int has none. */
static int check_value(const json_t *p, size_t type, const char *path, struct error_detail *err)
{
	const json_t *value = json_object_get(p, "AppManifestValue");
	const char *t = peripheral_types[type];
	char at[JSON_PATH_MAX];

	json_path_key(at, path, "AppManifestValue");
	if (!value && !json_object_get(p, "Mapping") && strcmp(t, HWDEF_TYPE_INT) != 0)
		return json_path_fail(err, -EINVAL, path, "needs a Mapping or an AppManifestValue");
	if (!value && !json_object_get(p, "Mapping") && !json_object_get(p, "MainCoreHeaderValue"))
		return json_path_fail(err, -EINVAL, path, "needs a Mapping or a MainCoreHeaderValue");
	if (!value)
		return 0;
	if (strcmp(t, HWDEF_TYPE_INT) == 0)
		return json_path_fail(err, -EINVAL, at, "an int has none (it is no manifest peripheral)");
	if (strcmp(t, "Gpio") == 0 && (!json_is_integer(value) || json_integer_value(value) < 0 ||
				       json_integer_value(value) > MANIFEST_MAX_GPIO_LINE))
		return json_path_fail(err, -EINVAL, at, "expected a GPIO line 0..%u",
				      MANIFEST_MAX_GPIO_LINE);
	if (strcmp(t, "Gpio") != 0 &&
	    (!json_is_string(value) || !manifest_valid_token(json_string_value(value))))
		return json_path_fail(err, -EINVAL, at, "expected a peripheral name like ISU0");
	return 0;
}

static int check_peripheral(const json_t *p, const char *path, struct error_detail *err)
{
	static const char *const keys[] = { "Name", "Type", "Mapping", "AppManifestValue",
					    "MainCoreHeaderValue", "Comment", NULL };
	const json_t *type = json_object_get(p, "Type");
	char at[JSON_PATH_MAX];
	size_t t = 0;

	if (!json_is_object(p))
		return json_path_fail(err, -EINVAL, path, "expected an object");
	if (json_path_known_keys(p, path, keys, err) < 0)
		return -EINVAL;
	json_path_key(at, path, "Name");
	if (!valid_name(json_object_get(p, "Name")))
		return json_path_fail(err, -EINVAL, at,
				      "expected a name of letters, digits and _ (at most %u)",
				      HWDEF_MAX_NAME_LEN);
	json_path_key(at, path, "Type");
	while (json_is_string(type) && peripheral_types[t] &&
	       strcmp(peripheral_types[t], json_string_value(type)) != 0)
		t++;
	if (!json_is_string(type) || !peripheral_types[t])
		return json_path_fail(err, -EINVAL, at,
				      "expected Gpio, Uart, I2cMaster, I2cSlave, SpiMaster, Pwm, Adc or int");
	if (optional_string(p, path, "Mapping", err) < 0 ||
	    optional_string(p, path, "MainCoreHeaderValue", err) < 0 ||
	    optional_string(p, path, "Comment", err) < 0)
		return -EINVAL;
	return check_value(p, t, path, err);
}

static const char *name_of(const json_t *p)
{
	return json_string_value(json_object_get(p, "Name"));
}

int hwdef_check_file(const json_t *root, struct error_detail *err)
{
	static const char *const keys[] = { "Metadata", "Description", "Imports", "Peripherals", NULL };
	const json_t *list = json_object_get(root, "Peripherals");
	const json_t *imports = json_object_get(root, "Imports");
	int rc = json_path_known_keys(root, "", keys, err);

	if (rc == 0)
		rc = check_metadata(json_object_get(root, "Metadata"), err);
	if (rc == 0 && json_object_get(root, "Description") &&
	    !json_is_object(json_object_get(root, "Description")))
		rc = json_path_fail(err, -EINVAL, "Description", "expected an object");
	if (rc == 0 && imports)
		rc = check_imports(imports, err);
	if (rc < 0)
		return rc;
	if (!json_is_array(list))
		return json_path_fail(err, -EINVAL, "Peripherals", "required array");
	for (size_t i = 0; i < json_array_size(list); i++) {
		char at[JSON_PATH_MAX];

		json_path_index(at, "Peripherals", i);
		rc = check_peripheral(json_array_get(list, i), at, err);
		if (rc < 0)
			return rc;
		for (size_t j = 0; j < i; j++)
			if (!strcmp(name_of(json_array_get(list, i)), name_of(json_array_get(list, j))))
				return json_path_fail(err, -EINVAL, at, "duplicate name %s (Peripherals[%zu])",
						      name_of(json_array_get(list, i)), j);
	}
	return 0;
}

int hwdef_add_file(struct hwdef *hw, const char *path, const char *real, json_t *root,
		   struct error_detail *err)
{
	struct hwdef_file *f = &hw->file[hw->count];

	if (hw->count == HWDEF_MAX_FILES)
		return error_detail_set(err, -E2BIG, "%s: more than %u files in one hardware definition",
					path, HWDEF_MAX_FILES);
	f->path = path ? strdup(path) : NULL;
	f->real = real ? strdup(real) : NULL;
	if ((path && !f->path) || (real && !f->real)) {
		free(f->path);
		free(f->real);
		return error_detail_set(err, -ENOMEM, "out of memory");
	}
	f->root = root;
	f->peripherals = json_object_get(root, "Peripherals");
	f->visible = 1u << hw->count;
	hw->count++;
	return 0;
}

/* The peripheral called name among the files of mask: its file and itself. */
static const json_t *find(const struct hwdef *hw, uint32_t mask, const char *name, unsigned *file)
{
	for (unsigned f = 0; f < hw->count; f++) {
		for (size_t i = 0; (mask >> f & 1) && i < json_array_size(hw->file[f].peripherals); i++) {
			const json_t *p = json_array_get(hw->file[f].peripherals, i);

			if (strcmp(name_of(p), name) == 0) {
				*file = f;
				return p;
			}
		}
	}
	return NULL;
}

/* "FILE: PATH: message", or "PATH: message" for text without a file. */
__attribute__((format(printf, 4, 5)))
static int link_fail(struct error_detail *err, const struct hwdef_file *f, const char *path,
		     const char *fmt, ...)
{
	char msg[sizeof(err->msg)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (f->path)
		return error_detail_set(err, -EINVAL, "%s: %s: %s", f->path, path, msg);
	return error_detail_set(err, -EINVAL, "%s: %s", path, msg);
}

/* Follows the Mapping chain from peripheral p of file f to its leaf: the
 * first with an AppManifestValue (or an int without Mapping). */
static int follow(const struct hwdef *hw, unsigned f, const json_t *p, const json_t **leaf,
		  struct error_detail *err, const char *path)
{
	const char *type = json_string_value(json_object_get(p, "Type")), *start = name_of(p);
	size_t steps = 0, total = 0;

	for (unsigned g = 0; g < hw->count; g++)
		total += json_array_size(hw->file[g].peripherals);
	while (!json_object_get(p, "AppManifestValue") && json_object_get(p, "Mapping")) {
		const char *to = json_string_value(json_object_get(p, "Mapping"));
		const json_t *next;
		unsigned g;

		if (++steps > total)
			return link_fail(err, &hw->file[f], path, "the Mapping chain of %s loops", start);
		next = find(hw, hw->file[f].visible, to, &g);
		if (!next)
			return link_fail(err, &hw->file[f], path,
					 "%s maps to %s, which neither this file nor its imports define",
					 name_of(p), to);
		if (strcmp(json_string_value(json_object_get(next, "Type")), type) != 0)
			return link_fail(err, &hw->file[f], path, "%s (%s) maps to %s, a %s", name_of(p),
					 type, to, json_string_value(json_object_get(next, "Type")));
		p = next;
		f = g;
	}
	*leaf = p;
	return 0;
}

int hwdef_check_links(const struct hwdef *hw, struct error_detail *err)
{
	for (unsigned f = 0; f < hw->count; f++) {
		for (size_t i = 0; i < json_array_size(hw->file[f].peripherals); i++) {
			const json_t *p = json_array_get(hw->file[f].peripherals, i), *leaf;
			char at[JSON_PATH_MAX], mapping[JSON_PATH_MAX];
			unsigned g;
			int rc;

			json_path_index(at, "Peripherals", i);
			if (find(hw, (1u << f) - 1u, name_of(p), &g))
				return link_fail(err, &hw->file[f], at, "%s is also defined in %s",
						 name_of(p), hw->file[g].path);
			json_path_key(mapping, at, "Mapping");
			rc = follow(hw, f, p, &leaf, err, mapping);
			if (rc < 0)
				return rc;
		}
	}
	return 0;
}

int hwdef_lookup(const struct hwdef *hw, const char *name, struct hwdef_peripheral *out)
{
	struct error_detail ignored;
	const json_t *p, *leaf, *value;
	unsigned f;

	p = find(hw, hw->count ? hw->file[0].visible : 0, name, &f);
	if (!p || follow(hw, f, p, &leaf, &ignored, "") < 0)
		return -ENOENT;
	value = json_object_get(leaf, "AppManifestValue");
	out->type = json_string_value(json_object_get(p, "Type"));
	out->number = json_is_integer(value) ? (uint32_t)json_integer_value(value) : 0;
	out->text = json_string_value(value);
	return 0;
}

int hwdef_parse(const char *text, size_t len, struct hwdef **out, struct error_detail *err)
{
	json_t *root;
	int rc = json_path_load(text, len, &root, err);

	*out = NULL;
	if (rc < 0)
		return rc;
	rc = hwdef_check_file(root, err);
	if (rc == 0 && json_array_size(json_object_get(root, "Imports")) > 0)
		rc = json_path_fail(err, -EINVAL, "Imports",
				    "finding the imported files needs the file's path "
				    "(--hardware-definition FILE)");
	if (rc == 0 && !(*out = calloc(1, sizeof(**out))))
		rc = error_detail_set(err, -ENOMEM, "out of memory");
	if (rc == 0)
		rc = hwdef_add_file(*out, NULL, NULL, root, err);
	if (rc < 0) {
		json_decref(root); /* not taken by the definition */
		hwdef_free(*out);
		*out = NULL;
		return rc;
	}
	rc = hwdef_check_links(*out, err);
	if (rc < 0) {
		hwdef_free(*out);
		*out = NULL;
	}
	return rc;
}

void hwdef_free(struct hwdef *hw)
{
	if (!hw)
		return;
	for (unsigned f = 0; f < hw->count; f++) {
		json_decref(hw->file[f].root);
		free(hw->file[f].path);
		free(hw->file[f].real);
	}
	free(hw);
}
