/* app_identity.c — switches a process to an app's identity (see app_identity.h). */
#include "app_identity.h"

#include <errno.h>
#include <grp.h>
#include <unistd.h>

int app_identity_assume(const struct app *a, const char **step)
{
	uid_t ruid, euid, suid;
	gid_t rgid, egid, sgid;

	*step = "setgroups";
	if (setgroups(0, NULL) != 0)
		return -errno;
	*step = "setresgid";
	if (setresgid(a->gid, a->gid, a->gid) != 0)
		return -errno;
	*step = "setresuid";
	if (setresuid(a->uid, a->uid, a->uid) != 0)
		return -errno;
	*step = "identity check";
	if (getresuid(&ruid, &euid, &suid) != 0 || getresgid(&rgid, &egid, &sgid) != 0)
		return -errno;
	if (ruid != a->uid || euid != a->uid || suid != a->uid ||
	    rgid != a->gid || egid != a->gid || sgid != a->gid)
		return -EPERM;
	return 0;
}
