/* forkbomb — end-to-end test app: forks until fork fails (the app's
 * RLIMIT_NPROC stops it), prints how many children it got and the error,
 * holds them for 10 s and exits with status 1, leaving its children for
 * appmgr to end. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define HOLD_SECONDS 10

int main(void)
{
	unsigned long forked = 0;
	int err;

	printf("forkbomb: forking without bound\n");
	fflush(stdout);
	for (;;) {
		pid_t pid = fork();

		if (pid == 0)
			for (;;)
				pause();
		if (pid < 0)
			break;
		forked++;
	}
	err = errno;
	printf("forkbomb: forked %lu processes, then fork failed: %s (errno %d)\n", forked,
	       strerror(err), err);
	fflush(stdout);
	sleep(HOLD_SECONDS);
	return 1;
}
