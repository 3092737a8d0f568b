/* test_applibs_files.c — applibs' Storage and Log_Debug on the host: the
 * mutable file in $SPHERULE_STORAGE_DIR (created, kept, deleted; EACCES
 * without the variable), the image package's paths (the documented
 * EFAULT and EINVAL cases, the root found from /proc/self/exe's mount
 * whatever the working directory, the walk up to a mount's root), and
 * Log_Debug to stderr. TAP lines. */
#include <applibs/log.h>
#include <applibs/storage.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "storage_image.h"
#include "tap.h"

#define FAILED_WITH(result, err) ((result) == -1 && errno == (err))

static void test_mutable(void)
{
	char dir[] = "/tmp/applibs-storage.XXXXXX", path[PATH_MAX], text[8] = { 0 };
	int fd;

	unsetenv("SPHERULE_STORAGE_DIR");
	tap_ok(FAILED_WITH(Storage_OpenMutableFile(), EACCES) &&
		       FAILED_WITH(Storage_DeleteMutableFile(), EACCES),
	       "no storage (no SPHERULE_STORAGE_DIR): EACCES");
	if (!mkdtemp(dir))
		return;
	setenv("SPHERULE_STORAGE_DIR", dir, 1);
	snprintf(path, sizeof(path), "%s/mutable_storage", dir);
	fd = Storage_OpenMutableFile();
	tap_ok(fd >= 0 && write(fd, "abc", 3) == 3 && access(path, F_OK) == 0,
	       "OpenMutableFile creates $SPHERULE_STORAGE_DIR/mutable_storage");
	close(fd);
	fd = Storage_OpenMutableFile();
	tap_ok(fd >= 0 && read(fd, text, sizeof(text) - 1) == 3 && strcmp(text, "abc") == 0,
	       "opened again: what was written is there");
	close(fd);
	tap_ok(Storage_DeleteMutableFile() == 0 && access(path, F_OK) != 0,
	       "DeleteMutableFile removes it");
	tap_ok(FAILED_WITH(Storage_DeleteMutableFile(), ENOENT), "DeleteMutableFile of none: ENOENT");
	rmdir(dir);
	unsetenv("SPHERULE_STORAGE_DIR");
}

/* The directory holding path (absolute, not "/"), in a static buffer. */
static const char *dirname_of(const char *path)
{
	static char dir[PATH_MAX];
	char *slash;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash == dir)
		slash[1] = '\0';
	else
		*slash = '\0';
	return dir;
}

static void test_image_paths(void)
{
	static const char *const refused[] = { "/etc/passwd", ".hidden", "./x", "a/../b", "a..b", ".." };
	char exe[PATH_MAX], cwd[PATH_MAX], *path, *root;
	struct stat exe_st, root_st, parent_st;
	bool all_refused = true;
	size_t root_len;
	int fd;

	errno = 0;
	tap_ok(!Storage_GetAbsolutePathInImagePackage(NULL) && errno == EFAULT,
	       "GetAbsolutePathInImagePackage(NULL): EFAULT");
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		errno = 0;
		all_refused = all_refused && !Storage_GetAbsolutePathInImagePackage(refused[i]) &&
			      errno == EINVAL;
	}
	tap_ok(all_refused, "absolute paths, a leading '.', and \"..\" anywhere: EINVAL");
	tap_ok(FAILED_WITH(Storage_OpenFileInImagePackage("../x"), EINVAL) &&
		       FAILED_WITH(Storage_OpenFileInImagePackage(NULL), EFAULT),
	       "OpenFileInImagePackage: the same checks");

	if (!realpath("/proc/self/exe", exe) || !getcwd(cwd, sizeof(cwd)) || chdir("/") != 0)
		return;
	/* From another working directory: the root does not follow it. */
	path = Storage_GetAbsolutePathInImagePackage("x/y");
	if (chdir(cwd) != 0 || !path)
		return;
	root_len = strlen(path) - strlen("/x/y");
	root = strndup(path, root_len ? root_len : 1);
	tap_ok(strcmp(path + root_len, "/x/y") == 0 && strncmp(exe, root, root_len) == 0 &&
		       exe[root_len] == '/',
	       "the path is below a directory holding the running program (%s)", path);
	stat(exe, &exe_st);
	stat(root, &root_st);
	tap_ok(root_st.st_dev == exe_st.st_dev &&
		       (strcmp(root, "/") == 0 ||
			(stat(dirname_of(root), &parent_st) == 0 && parent_st.st_dev != root_st.st_dev)),
	       "that directory is the root of the program's filesystem (%s)", root);
	fd = Storage_OpenFileInImagePackage(exe + root_len + 1);
	tap_ok(fd >= 0, "OpenFileInImagePackage of the program's own path in it");
	if (fd >= 0)
		close(fd);
	tap_ok(FAILED_WITH(Storage_OpenFileInImagePackage("applibs-no-such-file"), ENOENT),
	       "OpenFileInImagePackage of a file it lacks: ENOENT");
	free(root);
	free(path);
}

static void test_image_root(void)
{
	char root[IMAGE_PATH_MAX], longer[IMAGE_PATH_MAX + 8];

	tap_ok(image_root_of("/proc/self/status", root) == 0 && strcmp(root, "/proc") == 0,
	       "the root of /proc/self/status's filesystem is /proc (got %s)", root);
	tap_ok(image_root_of("/proc/applibs-no-such/file", root) == ENOENT,
	       "a program whose directory does not exist: ENOENT");
	memset(longer, 'a', sizeof(longer) - 1);
	longer[0] = '/';
	longer[sizeof(longer) - 1] = '\0';
	tap_ok(image_root_of(longer, root) == ENAMETOOLONG, "a path too long: ENAMETOOLONG");
}

static void test_log(void)
{
	char text[64] = { 0 };
	int p[2], saved = dup(STDERR_FILENO);

	tap_ok(FAILED_WITH(Log_Debug(NULL), EFAULT), "Log_Debug(NULL): EFAULT");
	if (pipe(p) != 0 || saved < 0)
		return;
	dup2(p[1], STDERR_FILENO);
	Log_Debug("counter %d: %s\n", 7, "ok");
	dup2(saved, STDERR_FILENO);
	close(saved);
	close(p[1]);
	tap_ok(read(p[0], text, sizeof(text) - 1) > 0 && strcmp(text, "counter 7: ok\n") == 0,
	       "Log_Debug formats to stderr (appmgr's log of the app)");
	close(p[0]);
}

int main(void)
{
	test_mutable();
	test_image_paths();
	test_image_root();
	test_log();
	return tap_done();
}
