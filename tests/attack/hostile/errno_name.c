/* errno_name.c — symbolic names of the errno values the attack cases can get. */
#include "attack.h"

#include <errno.h>

static const struct {
	int err;
	const char *name;
} names[] = {
	{ 0, "0" }, { EPERM, "EPERM" }, { ENOENT, "ENOENT" }, { ESRCH, "ESRCH" },
	{ EINTR, "EINTR" }, { EIO, "EIO" }, { ENXIO, "ENXIO" }, { E2BIG, "E2BIG" },
	{ ENOEXEC, "ENOEXEC" }, { EBADF, "EBADF" }, { ECHILD, "ECHILD" }, { EAGAIN, "EAGAIN" },
	{ ENOMEM, "ENOMEM" }, { EACCES, "EACCES" }, { EFAULT, "EFAULT" }, { EBUSY, "EBUSY" },
	{ EEXIST, "EEXIST" }, { EXDEV, "EXDEV" }, { ENODEV, "ENODEV" }, { ENOTDIR, "ENOTDIR" },
	{ EISDIR, "EISDIR" }, { EINVAL, "EINVAL" }, { EMFILE, "EMFILE" }, { ENOTTY, "ENOTTY" },
	{ ETXTBSY, "ETXTBSY" }, { ENOSPC, "ENOSPC" }, { EROFS, "EROFS" }, { ENOSYS, "ENOSYS" },
	{ ELOOP, "ELOOP" }, { ENAMETOOLONG, "ENAMETOOLONG" }, { EOPNOTSUPP, "EOPNOTSUPP" },
	{ EAFNOSUPPORT, "EAFNOSUPPORT" }, { EPROTONOSUPPORT, "EPROTONOSUPPORT" },
	{ ESOCKTNOSUPPORT, "ESOCKTNOSUPPORT" }, { ECONNREFUSED, "ECONNREFUSED" },
	{ EADDRINUSE, "EADDRINUSE" }, { ENOTCONN, "ENOTCONN" }, { ENOTSOCK, "ENOTSOCK" },
	{ EPROTOTYPE, "EPROTOTYPE" }, { EDQUOT, "EDQUOT" }, { EFBIG, "EFBIG" },
	{ EBADMSG, "EBADMSG" }, { ENOTEMPTY, "ENOTEMPTY" }, { EPROTO, "EPROTO" }, { ETIMEDOUT, "ETIMEDOUT" },
	{ EPIPE, "EPIPE" },
};

const char *errno_name(int err)
{
	if (err < 0)
		err = -err;
	for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].err == err)
			return names[i].name;
	return "E?";
}
