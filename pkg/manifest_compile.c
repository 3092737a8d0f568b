/*
 * manifest_compile.c - validates app_manifest.json (Azure Sphere schema) and
 * compiles it into the TLV records of the MANIFEST section. Every error and
 * warning starts with the JSON path of the offending value.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
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

/* One list entry after $NAME resolution: a number, a string or a UUID. */
struct entry {
	uint32_t number;
	const char *text;
	uint8_t uuid[16];
};

static const char *const power_controls[] = { "ForcePowerDown", "ForceReboot", "SetPowerProfile",
					      NULL };

/* Passes "path: message" to the caller's warning channel, if any. */
__attribute__((format(printf, 3, 4)))
static void warn(struct compiler *c, const char *path, const char *fmt, ...)
{
	struct error_detail msg = { "" };
	int n = snprintf(msg.msg, sizeof(msg.msg), "%s: ", path);
	va_list ap;

	if (!c->opts->warn)
		return;
	if (n >= 0 && (size_t)n < sizeof(msg.msg)) {
		va_start(ap, fmt);
		vsnprintf(msg.msg + n, sizeof(msg.msg) - (size_t)n, fmt, ap);
		va_end(ap);
	}
	c->opts->warn(c->opts->warn_ctx, msg.msg);
}

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
	case MANIFEST_KIND_UUID:
		return emit(c, tag, e->uuid, sizeof(e->uuid));
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
	case MANIFEST_TAG_EXTERNAL_INTERRUPT:
		return "expected an interrupt name (letters, digits, _ and -) like EINT4";
	default: return "expected a peripheral name (letters, digits, _ and -) or $NAME";
	}
}

static int resolve_name(struct compiler *c, uint16_t tag, const char *name, const char *path,
			struct entry *e)
{
	const char *type = manifest_tag_name(tag);
	struct hwdef_peripheral p;

	if (!c->opts->hwdef)
		return json_path_fail(c->err, -EINVAL, path,
				      "$%s needs a hardware definition (pass --hardware-definition FILE)",
				      name);
	if (hwdef_lookup(c->opts->hwdef, name, &p) < 0)
		return json_path_fail(c->err, -EINVAL, path, "$%s is not in the hardware definition",
				      name);
	if (strcmp(p.type, HWDEF_TYPE_INT) == 0)
		return json_path_fail(c->err, -EINVAL, path,
				      "$%s is a constant (Type int), not a %s", name, type);
	if (strcmp(p.type, type) != 0)
		return json_path_fail(c->err, -EINVAL, path, "$%s is a %s, not a %s", name, p.type,
				      type);
	e->number = p.number;
	e->text = p.text;
	return 0;
}

/* A UUID string: 16 bytes into out; the nil UUID only when nil_ok. */
static int parse_uuid(struct compiler *c, const json_t *v, const char *path, bool nil_ok,
		      uint8_t out[16])
{
	static const uint8_t nil[16];

	if (!json_is_string(v) || !json_path_parse_uuid(json_string_value(v), out))
		return json_path_fail(c->err, -EINVAL, path,
				      "expected a UUID like 6b9a3c0e-1f2d-4c8a-9e7b-0a1b2c3d4e5f");
	if (!nil_ok && memcmp(out, nil, 16) == 0)
		return json_path_fail(c->err, -EINVAL, path, "the nil UUID is not allowed");
	return 0;
}

static int resolve_entry(struct compiler *c, uint16_t tag, const json_t *v, const char *path,
			 struct entry *e)
{
	uint8_t kind = manifest_rule(tag)->kind;

	e->number = 0;
	e->text = NULL;
	if ((tag == MANIFEST_TAG_GPIO || manifest_tag_is_peripheral(tag)) && json_is_string(v) &&
	    json_string_value(v)[0] == '$')
		return resolve_name(c, tag, json_string_value(v) + 1, path, e);
	if (kind == MANIFEST_KIND_UUID)
		return parse_uuid(c, v, path, false, e->uuid);
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
		if (tag == MANIFEST_TAG_ALLOWED_CONNECTION && manifest_host_is_service(e->text))
			warn(c, path,
			     "%s is a DNS-SD service name: Spherule's network allowlist holds hosts "
			     "only, so it does not let the app reach the service's instances",
			     e->text);
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

static bool same_entry(uint8_t kind, const struct entry *a, const struct entry *b)
{
	switch (kind) {
	case MANIFEST_KIND_STRING: return strcmp(a->text, b->text) == 0;
	case MANIFEST_KIND_UUID: return memcmp(a->uuid, b->uuid, sizeof(a->uuid)) == 0;
	default: return a->number == b->number;
	}
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
			if (same_entry(rule->kind, &entries[j], &entries[i]))
				return json_path_fail(c->err, -EINVAL, at, "duplicate of %s[%zu]", path, j);
		rc = emit_entry(c, tag, &entries[i]);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int compile_mutable_storage(struct compiler *c, const json_t *v)
{
	static const char *const keys[] = { "SizeKB", NULL };
	uint32_t limit = c->opts->mutable_storage_max_kb ? c->opts->mutable_storage_max_kb
							 : MANIFEST_DEFAULT_STORAGE_MAX_KB;
	const json_t *size = json_object_get(v, "SizeKB");
	const char *path = "Capabilities.MutableStorage.SizeKB";
	struct entry e = { 0 };

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

/* DeviceAuthentication: a tenant UUID. The nil UUID, the placeholder of
 * Azure Sphere's samples, packs with a warning and no record: the app gets no
 * device authentication. */
static int compile_tenant(struct compiler *c, const json_t *v, const char *path)
{
	static const uint8_t nil[16];
	uint8_t uuid[16];
	int rc = parse_uuid(c, v, path, true, uuid);

	if (rc < 0)
		return rc;
	if (memcmp(uuid, nil, sizeof(nil)) == 0) {
		warn(c, path,
		     "%s is the placeholder of Azure Sphere's samples, not a tenant: packed without "
		     "device authentication (put your tenant's id here)",
		     json_string_value(v));
		return 0;
	}
	return emit(c, MANIFEST_TAG_DEVICE_AUTHENTICATION, uuid, sizeof(uuid));
}

static int compile_capability(struct compiler *c, uint16_t tag, const json_t *v, const char *path)
{
	if (tag == MANIFEST_TAG_MUTABLE_STORAGE_KB)
		return compile_mutable_storage(c, v);
	if (tag == MANIFEST_TAG_DEVICE_AUTHENTICATION)
		return compile_tenant(c, v, path);
	if (manifest_rule(tag)->kind != MANIFEST_KIND_FLAG)
		return compile_list(c, v, path, tag);
	if (!json_is_boolean(v))
		return json_path_fail(c->err, -EINVAL, path, "expected true or false");
	return json_is_true(v) ? emit(c, tag, NULL, 0) : 0;
}

/* Capabilities of Azure Sphere's schema that Spherule checks and then ignores
 * (docs/manifest.md says why): they compile to no record. */
static int compile_ignored(struct compiler *c, const char *key, const json_t *v, const char *path)
{
	if (!json_is_boolean(v))
		return json_path_fail(c->err, -EINVAL, path, "expected true or false");
	if (strcmp(key, "HeapMemStats") == 0 && json_is_true(v))
		warn(c, path, "heap allocation tracking (Azure Sphere's libmalloc) is not available "
			      "on Spherule: ignored");
	return 0;
}

static int compile_capabilities(struct compiler *c, const json_t *caps)
{
	static const char *const ignored[] = { "HeapMemStats", NULL };
	const char *key;
	json_t *value;

	if (!json_is_object(caps))
		return json_path_fail(c->err, -EINVAL, "Capabilities", "expected an object");
	json_object_foreach((json_t *)caps, key, value) {
		uint16_t tag = MANIFEST_TAG_GPIO;
		size_t i = 0;
		char at[JSON_PATH_MAX];
		int rc;

		while (tag < MANIFEST_TAG_COUNT && strcmp(manifest_tag_name(tag), key) != 0)
			tag++;
		while (ignored[i] && strcmp(ignored[i], key) != 0)
			i++;
		json_path_key(at, "Capabilities", key);
		if (tag == MANIFEST_TAG_COUNT && !ignored[i])
			return json_path_fail(c->err, -EINVAL, at, "unknown key");
		if (ignored[i] && (rc = compile_ignored(c, key, value, at)) < 0)
			return rc;
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

/* The Name as stored: its first MANIFEST_MAX_NAME_LEN bytes, cut before a
 * UTF-8 character that would not fit whole (Azure Sphere keeps 31). */
static int compile_name(struct compiler *c, const char *name)
{
	char stored[MANIFEST_MAX_NAME_LEN + 1];
	size_t len = strlen(name);

	if (len > MANIFEST_MAX_NAME_LEN) {
		len = MANIFEST_MAX_NAME_LEN;
		while (len > 0 && ((unsigned char)name[len] & 0xc0) == 0x80)
			len--;
	}
	memcpy(stored, name, len);
	stored[len] = '\0';
	if (!manifest_valid_name(stored))
		return json_path_fail(c->err, -EINVAL, "Name",
				      "expected 1 or more bytes without control characters");
	if (len < strlen(name))
		warn(c, "Name", "%zu bytes, only the first %zu are stored: \"%s\"", strlen(name), len,
		     stored);
	return emit(c, MANIFEST_TAG_NAME, stored, len + 1);
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
	if (!(component = required_string(c, root, "ComponentId")) ||
	    parse_uuid(c, json_object_get(root, "ComponentId"), "ComponentId", false, uuid) < 0)
		return -EINVAL;
	if (!(entry = required_string(c, root, "EntryPoint")))
		return -EINVAL;
	if (!manifest_valid_entry_point(entry))
		return json_path_fail(c->err, -EINVAL, "EntryPoint",
				      "expected an absolute path inside the image like /bin/app "
				      "(no . or .. or empty components)");
	rc = compile_name(c, name);
	if (rc == 0)
		rc = emit(c, MANIFEST_TAG_COMPONENT_ID, uuid, sizeof(uuid));
	if (rc == 0)
		rc = emit(c, MANIFEST_TAG_ENTRY_POINT, entry, strlen(entry) + 1);
	return rc;
}

/* The build's fields, checked and not recorded: Spherule has one allocator
 * (musl's) and one API set (docs/manifest.md). */
static int check_build_fields(struct compiler *c, const json_t *root)
{
	const json_t *malloc_version = json_object_get(root, "MallocVersion");
	const json_t *runtime = json_object_get(root, "TargetApplicationRuntimeVersion");
	const json_t *beta = json_object_get(root, "TargetBetaApis");

	if (malloc_version && (!json_is_integer(malloc_version) ||
			       json_integer_value(malloc_version) < 1 ||
			       json_integer_value(malloc_version) > 2))
		return json_path_fail(c->err, -EINVAL, "MallocVersion", "expected 1 or 2");
	if (runtime && (!json_is_integer(runtime) || json_integer_value(runtime) < 1))
		return json_path_fail(c->err, -EINVAL, "TargetApplicationRuntimeVersion",
				      "expected a positive integer");
	if (beta && (!json_is_string(beta) || !manifest_valid_token(json_string_value(beta))))
		return json_path_fail(c->err, -EINVAL, "TargetBetaApis",
				      "expected the name of a beta API set like Beta2101");
	return 0;
}

static int compile_root(struct compiler *c, const json_t *root)
{
	static const char *const keys[] = { "SchemaVersion", "Name", "ComponentId", "EntryPoint",
					    "CmdArgs", "ApplicationType", "Capabilities",
					    "MallocVersion", "TargetApplicationRuntimeVersion",
					    "TargetBetaApis", NULL };
	const json_t *args = json_object_get(root, "CmdArgs");
	const json_t *type = json_object_get(root, "ApplicationType");
	const json_t *caps = json_object_get(root, "Capabilities");
	struct entry app_type = { MANIFEST_APP_DEFAULT, NULL, { 0 } };
	int rc = json_path_known_keys(root, "", keys, c->err);

	if (rc == 0)
		rc = compile_identity(c, root);
	if (rc == 0 && args)
		rc = compile_list(c, args, "CmdArgs", MANIFEST_TAG_CMD_ARG);
	if (rc == 0)
		rc = check_build_fields(c, root);
	if (rc < 0)
		return rc;
	if (type) {
		while (json_is_string(type) && manifest_app_type_name(app_type.number) &&
		       strcmp(manifest_app_type_name(app_type.number), json_string_value(type)) != 0)
			app_type.number++;
		if (!json_is_string(type) || !manifest_app_type_name(app_type.number))
			return json_path_fail(c->err, -EINVAL, "ApplicationType",
					      "expected \"Default\", \"Debugger\" or \"RealTimeCapable\"");
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
