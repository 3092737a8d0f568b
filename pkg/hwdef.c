/*
 * hwdef.c - parses an Azure Sphere style hardware definition JSON, which names
 * the board's peripherals so app manifests can say "$SAMPLE_LED" instead of a
 * GPIO line number:
 *   {"Metadata": {"Type": "Azure Sphere Hardware Definition", "Version": 1},
 *    "Peripherals": [{"Name": "SAMPLE_LED", "Type": "Gpio", "Mapping": "...",
 *                     "AppManifestValue": 8}]}
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hwdef.h"
#include "json_path.h"
#include "pkg_internal.h"

struct hwdef {
	json_t *root;
	json_t *peripherals;
};

static const char *const peripheral_types[] = { "Gpio", "Uart", "I2cMaster", "SpiMaster",
						"Pwm", "Adc", NULL };

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

static int check_peripheral(const json_t *p, const char *path, struct error_detail *err)
{
	static const char *const keys[] = { "Name", "Type", "Mapping", "AppManifestValue",
					    "Comment", NULL };
	const json_t *name = json_object_get(p, "Name"), *type = json_object_get(p, "Type");
	const json_t *value = json_object_get(p, "AppManifestValue");
	char at[JSON_PATH_MAX];
	size_t t = 0;

	if (!json_is_object(p))
		return json_path_fail(err, -EINVAL, path, "expected an object");
	if (json_path_known_keys(p, path, keys, err) < 0)
		return -EINVAL;
	json_path_key(at, path, "Name");
	if (!json_is_string(name) || !manifest_valid_token(json_string_value(name)))
		return json_path_fail(err, -EINVAL, at, "expected a name of letters, digits and _");
	json_path_key(at, path, "Type");
	while (json_is_string(type) && peripheral_types[t] &&
	       strcmp(peripheral_types[t], json_string_value(type)) != 0)
		t++;
	if (!json_is_string(type) || !peripheral_types[t])
		return json_path_fail(err, -EINVAL, at,
				      "expected Gpio, Uart, I2cMaster, SpiMaster, Pwm or Adc");
	json_path_key(at, path, "AppManifestValue");
	if (t == 0 && (!json_is_integer(value) || json_integer_value(value) < 0 ||
		       json_integer_value(value) > MANIFEST_MAX_GPIO_LINE))
		return json_path_fail(err, -EINVAL, at, "expected a GPIO line 0..%u",
				      MANIFEST_MAX_GPIO_LINE);
	if (t != 0 && (!json_is_string(value) || !manifest_valid_token(json_string_value(value))))
		return json_path_fail(err, -EINVAL, at, "expected a peripheral name");
	json_path_key(at, path, "Mapping");
	if (json_object_get(p, "Mapping") && !json_is_string(json_object_get(p, "Mapping")))
		return json_path_fail(err, -EINVAL, at, "expected a string");
	json_path_key(at, path, "Comment");
	if (json_object_get(p, "Comment") && !json_is_string(json_object_get(p, "Comment")))
		return json_path_fail(err, -EINVAL, at, "expected a string");
	return 0;
}

static int check_hwdef(const json_t *root, struct error_detail *err)
{
	static const char *const keys[] = { "Metadata", "Description", "Imports", "Peripherals", NULL };
	const json_t *list = json_object_get(root, "Peripherals");
	int rc = json_path_known_keys(root, "", keys, err);

	if (rc < 0)
		return rc;
	if (json_object_get(root, "Imports"))
		return json_path_fail(err, -EINVAL, "Imports",
				      "not supported: list every peripheral in one file");
	rc = check_metadata(json_object_get(root, "Metadata"), err);
	if (rc < 0)
		return rc;
	if (!json_is_array(list))
		return json_path_fail(err, -EINVAL, "Peripherals", "required array");
	for (size_t i = 0; i < json_array_size(list); i++) {
		const char *name = json_string_value(json_object_get(json_array_get(list, i), "Name"));
		char at[JSON_PATH_MAX];

		json_path_index(at, "Peripherals", i);
		rc = check_peripheral(json_array_get(list, i), at, err);
		if (rc < 0)
			return rc;
		for (size_t j = 0; j < i; j++)
			if (!strcmp(name, json_string_value(json_object_get(json_array_get(list, j), "Name"))))
				return json_path_fail(err, -EINVAL, at, "duplicate name %s (Peripherals[%zu])",
						      name, j);
	}
	return 0;
}

int hwdef_parse(const char *text, size_t len, struct hwdef **out, struct error_detail *err)
{
	json_t *root;
	int rc = json_path_load(text, len, &root, err);

	*out = NULL;
	if (rc < 0)
		return rc;
	rc = check_hwdef(root, err);
	if (rc == 0) {
		*out = malloc(sizeof(**out));
		if (!*out)
			rc = error_detail_set(err, -ENOMEM, "out of memory");
	}
	if (rc < 0) {
		json_decref(root);
		return rc;
	}
	(*out)->root = root;
	(*out)->peripherals = json_object_get(root, "Peripherals");
	return 0;
}

void hwdef_free(struct hwdef *hw)
{
	if (hw) {
		json_decref(hw->root);
		free(hw);
	}
}

const json_t *hwdef_find(const struct hwdef *hw, const char *name)
{
	for (size_t i = 0; i < json_array_size(hw->peripherals); i++) {
		const json_t *p = json_array_get(hw->peripherals, i);
		if (strcmp(json_string_value(json_object_get(p, "Name")), name) == 0)
			return p;
	}
	return NULL;
}
