/* glibc_dir_shim.c — readdir() and stat() with glibc's armhf ABI, for
 * Debian's libmbedx509.a (built against glibc, without large-file support)
 * in static musl programs. Its mbedtls_x509_crt_parse_path() lists a
 * directory with readdir() and checks each entry with stat(); musl's
 * struct dirent and struct stat are laid out differently (64-bit inode,
 * offset, size and time fields), so the SDK renames
 * those two calls in its copy of the archive to the functions below
 * (device/sdk/layout.mk), which call musl's and give the result in glibc's
 * layout. As glibc's 32-bit calls do, a value that does not fit fails with
 * EOVERFLOW, except an entry's d_off: it is the kernel's cookie for the
 * next entry, which nothing here can seek with (musl's seekdir takes its own
 * positions), and a 64-bit kernel's ext4 gives 64-bit hashes to a 32-bit
 * program under qemu-arm, so it is given in its low 32 bits. */
#include <dirent.h>
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>

/* glibc's struct dirent on armhf without _FILE_OFFSET_BITS=64. */
struct glibc_dirent {
	uint32_t d_ino;
	int32_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[256];
};
_Static_assert(offsetof(struct glibc_dirent, d_name) == 11, "glibc armhf dirent layout");

/* glibc's struct timespec and struct stat on armhf, 32-bit time and offsets. */
struct glibc_timespec {
	int32_t tv_sec;
	int32_t tv_nsec;
};

struct glibc_stat {
	uint64_t st_dev;
	unsigned short pad1;
	uint32_t st_ino;
	uint32_t st_mode;
	uint32_t st_nlink;
	uint32_t st_uid;
	uint32_t st_gid;
	uint64_t st_rdev;
	unsigned short pad2;
	int32_t st_size;
	int32_t st_blksize;
	int32_t st_blocks;
	struct glibc_timespec st_atim;
	struct glibc_timespec st_mtim;
	struct glibc_timespec st_ctim;
	uint32_t reserved4;
	uint32_t reserved5;
};
_Static_assert(offsetof(struct glibc_stat, st_mode) == 16 && offsetof(struct glibc_stat, st_size) == 44 &&
	       sizeof(struct glibc_stat) == 88, "glibc armhf stat layout");

struct glibc_dirent *__spherule_glibc_readdir(DIR *dir);
int __spherule_glibc_stat(const char *path, struct glibc_stat *st);

/* As glibc's, the entry stays valid until the next call (in this thread). */
struct glibc_dirent *__spherule_glibc_readdir(DIR *dir)
{
	static _Thread_local struct glibc_dirent out;
	struct dirent *in = readdir(dir);

	if (in == NULL)
		return NULL;
	if (in->d_ino > UINT32_MAX) {
		errno = EOVERFLOW;
		return NULL;
	}
	out.d_ino = (uint32_t)in->d_ino;
	out.d_off = (int32_t)(uint32_t)in->d_off;
	out.d_reclen = sizeof(out);
	out.d_type = in->d_type;
	_Static_assert(sizeof(out.d_name) == sizeof(in->d_name), "d_name sizes");
	memcpy(out.d_name, in->d_name, sizeof(out.d_name));
	return &out;
}

static int glibc_time(struct glibc_timespec *out, const struct timespec *in)
{
	if (in->tv_sec > INT32_MAX || in->tv_sec < INT32_MIN)
		return -EOVERFLOW;
	out->tv_sec = (int32_t)in->tv_sec;
	out->tv_nsec = (int32_t)in->tv_nsec;
	return 0;
}

int __spherule_glibc_stat(const char *path, struct glibc_stat *st)
{
	struct stat in;

	if (stat(path, &in) != 0)
		return -1;
	memset(st, 0, sizeof(*st));
	if (in.st_ino > UINT32_MAX || in.st_size > INT32_MAX || in.st_blocks > INT32_MAX ||
	    glibc_time(&st->st_atim, &in.st_atim) != 0 || glibc_time(&st->st_mtim, &in.st_mtim) != 0 ||
	    glibc_time(&st->st_ctim, &in.st_ctim) != 0) {
		errno = EOVERFLOW;
		return -1;
	}
	st->st_dev = in.st_dev;
	st->st_ino = (uint32_t)in.st_ino;
	st->st_mode = in.st_mode;
	st->st_nlink = in.st_nlink;
	st->st_uid = in.st_uid;
	st->st_gid = in.st_gid;
	st->st_rdev = in.st_rdev;
	st->st_size = (int32_t)in.st_size;
	st->st_blksize = (int32_t)in.st_blksize;
	st->st_blocks = (int32_t)in.st_blocks;
	return 0;
}
