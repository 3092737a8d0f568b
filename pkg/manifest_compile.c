/*
 * manifest_compile.c - validates app_manifest.json (Azure Sphere schema) and
 * compiles it into the TLV records of the MANIFEST section. Every error
 * starts with the JSON path of the offending value.
 */
#include <errno.h>
#include <string.h>

#include "hwdef.h"
#include "json_path.h"
#include "manifest_internal.h"
#include "pkg_internal.h"
#include "spherule/le.h"

struct compiler {
	const struct manifest_compile_opts *opts;
	uint8_t *out;
	size_t cap, len;
	uint16_t records;
	struct error_detail *err;
};

/* One list entry after $NAME resolution. */
struct entry {
	uint32_t number;
	const char *text;
};

static const char *const power_controls[] = { "ForcePowerDown", "ForceReboot", "SetPowerProfile",
					      NULL };

static int emit(struct compiler *c, uint16_t tag, const void *data, size_t len)
{
	size_t need = MANIFEST_RECORD_HEADER_SIZE + pkg_align4((uint32_t)len);

	if (len > UINT16_MAX || c->len + need > c->cap)
		return error_detail_set(c->err, -E2BIG, "compiled manifest exceeds %zu bytes",
					c->cap);
	put_le16(c->out + c->len, tag);
	put_le16(c->out + c->len + 2, (uint16_t)len);
	memset(c->out + c->len + MANIFEST_RECORD_HEADER_SIZE, 0, need - MANIFEST_RECORD_HEADER_SIZE);
	if (len)
		memcpy(c->out + c->len + MANIFEST_RECORD_HEADER_SIZE, data, len);
	c->len += need;
	c->records++;
	return 0;
}

static int emit_entry(struct compiler *c, uint16_t tag, const struct entry *e)
{
	uint8_t number[4];

	switch (manifest_rule(tag)->kind) {
	case MANIFEST_KIND_STRING:
		return emit(c, tag, e->text, strlen(e->text) + 1);
	case MANIFEST_KIND_U16:
		put_le16(number, (uint16_t)e->number);
		return emit(c, tag, number, 2);
	default:
		put_le32(number, e->number);
		return emit(c, tag, number, 4);
	}
}

/* What a list entry of tag must look like, for error messages. */
static const char *expected(uint16_t tag)
{
	switch (tag) {
	case MANIFEST_TAG_CMD_ARG: return "expected a string of at most 255 bytes";
	case MANIFEST_TAG_GPIO: return "expected integer or $NAME";
	case MANIFEST_TAG_ALLOWED_CONNECTION:
		return "expected a host name or IPv4 address (no scheme, port or path)";
	case MANIFEST_TAG_TCP_SERVER_PORT:
	case MANIFEST_TAG_UDP_SERVER_PORT: return "expected a port number";
	case MANIFEST_TAG_POWER_CONTROLS:
		return "expected ForcePowerDown, ForceReboot or SetPowerProfile";
	default: return "expected a peripheral name (letters, digits, _ and -) or $NAME";
	}
}

static int resolve_name(struct compiler *c, uint16_t tag, const char *name, const char *path,
			struct entry *e)
{
	const char *type = manifest_tag_name(tag);
	const json_t *p, *value;

	if (!c->opts->hwdef)
		return json_path_fail(c->err, -EINVAL, path,
				      "$%s needs a hardware definition (pass --hardware-definition FILE)",
				      name);
	p = hwdef_find(c->opts->hwdef, name);
	if (!p)
		return json_path_fail(c->err, -EINVAL, path, "$%s is not in the hardware definition",
				      name);
	if (strcmp(json_string_value(json_object_get(p, "Type")), type) != 0)
		return json_path_fail(c->err, -EINVAL, path, "$%s is a %s, not a %s", name,
				      json_string_value(json_object_get(p, "Type")), type);
	value = json_object_get(p, "AppManifestValue");
	if (tag == MANIFEST_TAG_GPIO)
		e->number = (uint32_t)json_integer_value(value);
	else
		e->text = json_string_value(value);
	return 0;
}

static int resolve_entry(struct compiler *c, uint16_t tag, const json_t *v, const char *path,
			 struct entry *e)
{
	uint8_t kind = manifest_rule(tag)->kind;

	e->number = 0;
	e->text = NULL;
	if (tag >= MANIFEST_TAG_GPIO && tag <= MANIFEST_TAG_ADC && json_is_string(v) &&
	    json_string_value(v)[0] == '$')
		return resolve_name(c, tag, json_string_value(v) + 1, path, e);
	if (kind == MANIFEST_KIND_STRING) {
		size_t t = 0;

		if (!json_is_string(v) || !manifest_valid_string(tag, json_string_value(v)))
			return json_path_fail(c->err, -EINVAL, path, "%s", expected(tag));
		e->text = json_string_value(v);
		while (tag == MANIFEST_TAG_POWER_CONTROLS && power_controls[t] &&
		       strcmp(power_controls[t], e->text) != 0)
			t++;
		if (tag == MANIFEST_TAG_POWER_CONTROLS && !power_controls[t])
			return json_path_fail(c->err, -EINVAL, path, "%s", expected(tag));
		return 0;
	}
	if (!json_is_integer(v))
		return json_path_fail(c->err, -EINVAL, path, "%s", expected(tag));
	if (json_integer_value(v) < 0 || json_integer_value(v) > UINT32_MAX ||
	    !manifest_valid_number(tag, (uint32_t)json_integer_value(v))) {
		if (tag == MANIFEST_TAG_GPIO)
			return json_path_fail(c->err, -EINVAL, path, "line %lld out of range 0..%u",
					      (long long)json_integer_value(v), MANIFEST_MAX_GPIO_LINE);
		return json_path_fail(c->err, -EINVAL, path, "port %lld out of range 1..65535",
				      (long long)json_integer_value(v));
	}
	e->number = (uint32_t)json_integer_value(v);
	return 0;
}

static bool same_entry(const struct entry *a, const struct entry *b)
{
	return a->text ? strcmp(a->text, b->text) == 0 : a->number == b->number;
}

static int compile_list(struct compiler *c, const json_t *list, const char *path, uint16_t tag)
{
	const struct manifest_rule *rule = manifest_rule(tag);
	struct entry entries[MANIFEST_MAX_GPIOS];

	if (!json_is_array(list))
		return json_path_fail(c->err, -EINVAL, path, "expected an array");
	if (json_array_size(list) > rule->max)
		return json_path_fail(c->err, -E2BIG, path, "%zu entries, limit is %u",
				      json_array_size(list), rule->max);
	for (size_t i = 0; i < json_array_size(list); i++) {
		char at[JSON_PATH_MAX];
		int rc;

		json_path_index(at, path, i);
		rc = resolve_entry(c, tag, json_array_get(list, i), at, &entries[i]);
		if (rc < 0)
			return rc;
		for (size_t j = 0; tag != MANIFEST_TAG_CMD_ARG && j < i; j++)
			if (same_entry(&entries[j], &entries[i]))
				return json_path_fail(c->err, -EINVAL, at, "duplicate of %s[%zu]", path, j);
		rc = emit_entry(c, tag, &entries[i]);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* A UUID string field: 16 bytes into out, the nil UUID refused. */
static int uuid_field(struct compiler *c, const json_t *v, const char *path, uint8_t out[16])
{
	static const uint8_t nil[16];

	if (!json_is_string(v) || !json_path_parse_uuid(json_string_value(v), out))
		return json_path_fail(c->err, -EINVAL, path,
				      "expected a UUID like 6b9a3c0e-1f2d-4c8a-9e7b-0a1b2c3d4e5f");
	if (memcmp(out, nil, 16) == 0)
		return json_path_fail(c->err, -EINVAL, path, "the nil UUID is not allowed");
	return 0;
}

static int compile_mutable_storage(struct compiler *c, const json_t *v)
{
	static const char *const keys[] = { "SizeKB", NULL };
	uint32_t limit = c->opts->mutable_storage_max_kb ? c->opts->mutable_storage_max_kb
							 : MANIFEST_DEFAULT_STORAGE_MAX_KB;
	const json_t *size = json_object_get(v, "SizeKB");
	const char *path = "Capabilities.MutableStorage.SizeKB";
	struct entry e = { 0, NULL };

	if (!json_is_object(v))
		return json_path_fail(c->err, -EINVAL, "Capabilities.MutableStorage",
				      "expected an object like {\"SizeKB\": 8}");
	if (json_path_known_keys(v, "Capabilities.MutableStorage", keys, c->err) < 0)
		return -EINVAL;
	if (!size)
		return json_path_fail(c->err, -EINVAL, path, "required");
	if (!json_is_integer(size) || json_integer_value(size) < 1)
		return json_path_fail(c->err, -EINVAL, path, "expected a positive integer");
	if (json_integer_value(size) > limit)
		return json_path_fail(c->err, -EINVAL, path, "%lld exceeds the board limit of %u",
				      (long long)json_integer_value(size), limit);
	e.number = (uint32_t)json_integer_value(size);
	return emit_entry(c, MANIFEST_TAG_MUTABLE_STORAGE_KB, &e);
}

static int compile_capability(struct compiler *c, uint16_t tag, const json_t *v, const char *path)
{
	uint8_t uuid[16];
	int rc;

	switch (tag) {
	case MANIFEST_TAG_MUTABLE_STORAGE_KB:
		return compile_mutable_storage(c, v);
	case MANIFEST_TAG_DEVICE_AUTHENTICATION:
		rc = uuid_field(c, v, path, uuid);
		return rc < 0 ? rc : emit(c, tag, uuid, sizeof(uuid));
	case MANIFEST_TAG_SOFTWARE_UPDATE_DEFERRAL:
	case MANIFEST_TAG_HOST_RESOLVER:
	case MANIFEST_TAG_SECURITY_MONITOR:
	case MANIFEST_TAG_DEVICE_CONTROL:
	case MANIFEST_TAG_SYSTEM_EVENT_NOTIFICATIONS:
	case MANIFEST_TAG_SYSTEM_TIME:
		if (!json_is_boolean(v))
			return json_path_fail(c->err, -EINVAL, path, "expected true or false");
		return json_is_true(v) ? emit(c, tag, NULL, 0) : 0;
	default:
		return compile_list(c, v, path, tag);
	}
}

static int compile_capabilities(struct compiler *c, const json_t *caps)
{
	const char *key;
	json_t *value;

	if (!json_is_object(caps))
		return json_path_fail(c->err, -EINVAL, "Capabilities", "expected an object");
	json_object_foreach((json_t *)caps, key, value) {
		uint16_t tag = MANIFEST_TAG_GPIO;
		char at[JSON_PATH_MAX];

		while (tag < MANIFEST_TAG_COUNT && strcmp(manifest_tag_name(tag), key) != 0)
			tag++;
		json_path_key(at, "Capabilities", key);
		if (tag == MANIFEST_TAG_COUNT)
			return json_path_fail(c->err, -EINVAL, at, "unknown key");
	}
	/* Records go out in tag order, whatever the order of the JSON keys. */
	for (uint16_t tag = MANIFEST_TAG_GPIO; tag < MANIFEST_TAG_COUNT; tag++) {
		const json_t *v = json_object_get(caps, manifest_tag_name(tag));
		char at[JSON_PATH_MAX];
		int rc;

		if (!v)
			continue;
		json_path_key(at, "Capabilities", manifest_tag_name(tag));
		rc = compile_capability(c, tag, v, at);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* A required string member; NULL with the error set when absent or not a string. */
static const char *required_string(struct compiler *c, const json_t *root, const char *key)
{
	const json_t *v = json_object_get(root, key);

	if (!v)
		json_path_fail(c->err, -EINVAL, key, "required");
	else if (!json_is_string(v))
		json_path_fail(c->err, -EINVAL, key, "expected a string");
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static int compile_identity(struct compiler *c, const json_t *root)
{
	const json_t *schema = json_object_get(root, "SchemaVersion");
	const char *name, *component, *entry;
	uint8_t uuid[16];
	int rc;

	if (!schema)
		return json_path_fail(c->err, -EINVAL, "SchemaVersion", "required");
	if (!json_is_integer(schema) || json_integer_value(schema) != 1)
		return json_path_fail(c->err, -EINVAL, "SchemaVersion", "unsupported version (expected 1)");
	if (!(name = required_string(c, root, "Name")))
		return -EINVAL;
	if (!manifest_valid_name(name))
		return json_path_fail(c->err, -EINVAL, "Name",
				      "expected 1 to %u bytes without control characters",
				      MANIFEST_MAX_NAME_LEN);
	if (!(component = required_string(c, root, "ComponentId")) ||
	    (rc = uuid_field(c, json_object_get(root, "ComponentId"), "ComponentId", uuid)) < 0)
		return -EINVAL;
	if (!(entry = required_string(c, root, "EntryPoint")))
		return -EINVAL;
	if (!manifest_valid_entry_point(entry))
		return json_path_fail(c->err, -EINVAL, "EntryPoint",
				      "expected an absolute path inside the image like /bin/app "
				      "(no . or .. or empty components)");
	rc = emit(c, MANIFEST_TAG_NAME, name, strlen(name) + 1);
	if (rc == 0)
		rc = emit(c, MANIFEST_TAG_COMPONENT_ID, uuid, sizeof(uuid));
	if (rc == 0)
		rc = emit(c, MANIFEST_TAG_ENTRY_POINT, entry, strlen(entry) + 1);
	return rc;
}

static int compile_root(struct compiler *c, const json_t *root)
{
	static const char *const keys[] = { "SchemaVersion", "Name", "ComponentId", "EntryPoint",
					    "CmdArgs", "ApplicationType", "Capabilities", NULL };
	const json_t *args = json_object_get(root, "CmdArgs");
	const json_t *type = json_object_get(root, "ApplicationType");
	const json_t *caps = json_object_get(root, "Capabilities");
	struct entry app_type = { MANIFEST_APP_DEFAULT, NULL };
	int rc = json_path_known_keys(root, "", keys, c->err);

	if (rc == 0)
		rc = compile_identity(c, root);
	if (rc == 0 && args)
		rc = compile_list(c, args, "CmdArgs", MANIFEST_TAG_CMD_ARG);
	if (rc < 0)
		return rc;
	if (type) {
		while (json_is_string(type) && manifest_app_type_name(app_type.number) &&
		       strcmp(manifest_app_type_name(app_type.number), json_string_value(type)) != 0)
			app_type.number++;
		if (!json_is_string(type) || !manifest_app_type_name(app_type.number))
			return json_path_fail(c->err, -EINVAL, "ApplicationType",
					      "expected \"Default\" or \"Debugger\"");
	}
	rc = emit_entry(c, MANIFEST_TAG_APP_TYPE, &app_type);
	if (rc == 0 && caps)
		rc = compile_capabilities(c, caps);
	return rc;
}

int manifest_compile(const char *json_text, size_t json_len,
		     const struct manifest_compile_opts *opts, uint8_t *out, size_t cap,
		     size_t *out_len, struct error_detail *err)
{
	struct compiler c = { opts, out, cap < PKG_MANIFEST_MAX ? cap : PKG_MANIFEST_MAX,
			      MANIFEST_HEADER_SIZE, 0, err };
	json_t *root;
	int rc;

	if (c.cap < MANIFEST_HEADER_SIZE)
		return error_detail_set(err, -E2BIG, "no room for the compiled manifest");
	rc = json_path_load(json_text, json_len, &root, err);
	if (rc < 0)
		return rc;
	rc = compile_root(&c, root);
	json_decref(root);
	if (rc < 0)
		return rc;
	put_le16(out, MANIFEST_FORMAT_VERSION);
	put_le16(out + 2, c.records);
	*out_len = c.len;
	return 0;
}
