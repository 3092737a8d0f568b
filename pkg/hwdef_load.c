/*
 * hwdef_load.c - loads a hardware definition file and the files it imports.
 * Each Imports[].Path is looked up next to the importing file, then in the
 * directories given (the SDK's HardwareDefinitions), as Azure Sphere's packer
 * does; a chain of imports is at most HWDEF_MAX_DEPTH files long, and a file
 * importing one of the files that import it is refused, naming the chain. A
 * file imported twice (mt3620.json by two boards) is loaded once.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "hwdef.h"
#include "json_path.h"
#include "pkg_internal.h"

#define HWDEF_FILE_MAX (1024u * 1024u)

struct loader {
	struct hwdef *hw;
	const char *const *dirs;
	size_t ndirs;
	unsigned stack[HWDEF_MAX_DEPTH]; /* the files being loaded, the first importing the next */
	unsigned depth;
	struct error_detail *err;
};

/* Rewrites err's message as "file: message". */
static int in_file(struct error_detail *err, int rc, const char *file)
{
	char msg[sizeof(err->msg)];

	snprintf(msg, sizeof(msg), "%s", err->msg);
	return error_detail_set(err, rc, "%s: %s", file, msg);
}

static int read_json(const char *path, json_t **root, struct error_detail *err)
{
	FILE *f = fopen(path, "rb");
	char *text;
	size_t len;
	int rc;

	if (!f)
		return error_detail_set(err, -errno, "%s: %s", path, strerror(errno));
	text = malloc(HWDEF_FILE_MAX + 1);
	len = text ? fread(text, 1, HWDEF_FILE_MAX + 1, f) : 0;
	rc = !text ? -ENOMEM : ferror(f) ? -EIO : len > HWDEF_FILE_MAX ? -EFBIG : 0;
	fclose(f);
	if (rc < 0) {
		free(text);
		return error_detail_set(err, rc, "%s: %s", path, strerror(-rc));
	}
	rc = json_path_load(text, len, root, err);
	free(text);
	return rc < 0 ? in_file(err, rc, path) : 0;
}

static bool is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Where Imports' rel of the file importer is: next to it, then in the dirs. */
static int find_import(const struct loader *l, const char *importer, const char *rel,
		       char out[PATH_MAX])
{
	const char *slash = strrchr(importer, '/');
	int dir_len = slash ? (int)(slash - importer) : 1;

	if (rel[0] == '/')
		return snprintf(out, PATH_MAX, "%s", rel) < PATH_MAX && is_file(out) ? 0 : -ENOENT;
	if (snprintf(out, PATH_MAX, "%.*s/%s", dir_len, slash ? importer : ".", rel) < PATH_MAX &&
	    is_file(out))
		return 0;
	for (size_t d = 0; d < l->ndirs; d++)
		if (snprintf(out, PATH_MAX, "%s/%s", l->dirs[d], rel) < PATH_MAX && is_file(out))
			return 0;
	return -ENOENT;
}

/* "a.json > b.json > c.json": the files being loaded, then last. */
static void chain(const struct loader *l, const char *last, char *out, size_t cap)
{
	size_t used = 0;

	out[0] = '\0';
	for (unsigned d = 0; d < l->depth && used < cap; d++)
		used += (size_t)snprintf(out + used, cap - used, "%s > ",
					 l->hw->file[l->stack[d]].path);
	if (used < cap)
		snprintf(out + used, cap - used, "%s", last);
}

static int not_found(const struct loader *l, const char *importer, size_t i, const char *rel)
{
	char dirs[256] = "";
	size_t used = 0;

	for (size_t d = 0; d < l->ndirs && used < sizeof(dirs); d++)
		used += (size_t)snprintf(dirs + used, sizeof(dirs) - used, "%s%s", d ? ", " : "",
					 l->dirs[d]);
	if (l->ndirs == 0)
		return error_detail_set(l->err, -ENOENT,
					"%s: Imports[%zu].Path: %s is not next to it, and no "
					"HardwareDefinitions directory is given (--hardware-definitions DIR)",
					importer, i, rel);
	return error_detail_set(l->err, -ENOENT, "%s: Imports[%zu].Path: %s is neither next to it nor in %s",
				importer, i, rel, dirs);
}

static int load(struct loader *l, const char *path, unsigned *index);

/* Loads the imports of file f (on top of the stack) and adds what they see to its own. */
static int load_imports(struct loader *l, unsigned f)
{
	const json_t *imports = json_object_get(l->hw->file[f].root, "Imports");

	for (size_t i = 0; i < json_array_size(imports); i++) {
		const char *rel = json_string_value(json_object_get(json_array_get(imports, i), "Path"));
		char found[PATH_MAX];
		unsigned child;
		int rc;

		if (find_import(l, l->hw->file[f].path, rel, found) < 0)
			return not_found(l, l->hw->file[f].path, i, rel);
		rc = load(l, found, &child);
		if (rc < 0)
			return rc;
		l->hw->file[f].visible |= l->hw->file[child].visible;
	}
	return 0;
}

static int load(struct loader *l, const char *path, unsigned *index)
{
	char real[PATH_MAX], trail[ERROR_DETAIL_SIZE];
	json_t *root;
	int rc;

	if (!realpath(path, real))
		return error_detail_set(l->err, -errno, "%s: %s", path, strerror(errno));
	for (unsigned f = 0; f < l->hw->count; f++) {
		if (strcmp(l->hw->file[f].real, real) != 0)
			continue;
		for (unsigned d = 0; d < l->depth; d++)
			if (l->stack[d] == f) {
				chain(l, path, trail, sizeof(trail));
				return error_detail_set(l->err, -ELOOP, "Imports loop: %s", trail);
			}
		*index = f;
		return 0;
	}
	if (l->depth == HWDEF_MAX_DEPTH) {
		chain(l, path, trail, sizeof(trail));
		return error_detail_set(l->err, -ELOOP, "Imports nest more than %u files deep: %s",
					HWDEF_MAX_DEPTH, trail);
	}
	rc = read_json(path, &root, l->err);
	if (rc < 0)
		return rc;
	rc = hwdef_check_file(root, l->err);
	if (rc == 0)
		rc = hwdef_add_file(l->hw, path, real, root, l->err);
	if (rc < 0) {
		json_decref(root);
		return rc == -EINVAL ? in_file(l->err, rc, path) : rc;
	}
	*index = l->hw->count - 1;
	l->stack[l->depth++] = *index;
	rc = load_imports(l, *index);
	l->depth--;
	return rc;
}

int hwdef_load(const char *path, const char *const *dirs, size_t ndirs, struct hwdef **out,
	       struct error_detail *err)
{
	struct loader l = { .dirs = dirs, .ndirs = ndirs, .err = err };
	unsigned root;
	int rc;

	*out = NULL;
	l.hw = calloc(1, sizeof(*l.hw));
	if (!l.hw)
		return error_detail_set(err, -ENOMEM, "out of memory");
	rc = load(&l, path, &root);
	if (rc == 0)
		rc = hwdef_check_links(l.hw, err);
	if (rc < 0) {
		hwdef_free(l.hw);
		return rc;
	}
	*out = l.hw;
	return 0;
}
