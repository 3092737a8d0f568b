/* memhog — end-to-end test app: allocates and touches 16 KiB chunks without
 * bound. Its memory cgroup stops the whole app when it reaches its RAM
 * budget (appmgr logs it), before the per-process RLIMIT_DATA would make
 * malloc fail: it never gets to print how far it got. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHUNK (16u * 1024u)
#define HOLD_SECONDS 10

int main(void)
{
	unsigned long total = 0;
	int err;

	printf("memhog: allocating %u-byte chunks without bound\n", CHUNK);
	fflush(stdout);
	for (;;) {
		char *p = malloc(CHUNK);

		if (!p)
			break;
		memset(p, 0xa5, CHUNK);
		total += CHUNK;
	}
	err = errno;
	printf("memhog: allocated %lu KiB, then malloc failed: %s (errno %d)\n", total / 1024,
	       strerror(err), err);
	fflush(stdout);
	sleep(HOLD_SECONDS);
	return 2;
}
