/* caps.c — capability removal for app processes (see caps.h). */
#include "caps.h"

#include <errno.h>
#include <stdint.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

/* The capset ABI of <linux/capability.h> (not shipped with musl). */
#define CAPS_ABI_VERSION_3 0x20080522u
#define CAPS_ABI_WORDS 2
#define CAPS_MAX_PROBE 64   /* capability numbers tried before giving up */

struct caps_header {
	uint32_t version;
	int pid;
};

struct caps_data {
	uint32_t effective;
	uint32_t permitted;
	uint32_t inheritable;
};

int caps_drop_bounding(void)
{
	for (int cap = 0; cap < CAPS_MAX_PROBE; cap++) {
		if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) == 0)
			continue;
		if (errno == EINVAL && cap > 0)
			return 0;   /* past the last capability this kernel knows */
		return -errno;
	}
	return -E2BIG;
}

int caps_clear_all(void)
{
	struct caps_header hdr = { CAPS_ABI_VERSION_3, 0 };
	struct caps_data data[CAPS_ABI_WORDS] = { { 0, 0, 0 }, { 0, 0, 0 } };

	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0)
		return -errno;
	if (syscall(SYS_capset, &hdr, data) != 0)
		return -errno;
	return 0;
}

int caps_forbid_new_privs(void)
{
	return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ? -errno : 0;
}
