/* cases_limits.c — the budgets appmgr sets still hold: a fork bomb stops
 * at the app's process limit (EAGAIN), an allocation loop at its RAM
 * budget (ENOMEM); the children are then ended and memory freed. */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "attack.h"

#define FORK_TRIES 64
#define CHUNK (16 * 1024)
#define CHUNKS_MAX 1024

static int fork_bomb(void)
{
	pid_t kids[FORK_TRIES];
	int n = 0, err = 0;

	while (n < FORK_TRIES) {
		pid_t pid = fork();

		if (pid < 0) {
			err = -errno;
			break;
		}
		if (pid == 0) {
			pause();
			_exit(0);
		}
		kids[n++] = pid;
	}
	for (int i = 0; i < n; i++)
		kill(kids[i], SIGKILL);
	for (int i = 0; i < n; i++)
		waitpid(kids[i], NULL, 0);
	return err;
}

static int memory_hog(void)
{
	static void *chunks[CHUNKS_MAX];
	int n = 0, err = 0;

	while (n < CHUNKS_MAX) {
		chunks[n] = malloc(CHUNK);
		if (!chunks[n]) {
			err = -ENOMEM;
			break;
		}
		((volatile char *)chunks[n])[0] = 1;
		n++;
	}
	while (n > 0)
		free(chunks[--n]);
	return err;
}

const struct attack_case limit_cases[] = {
	{ "limits: fork bomb stops at the process limit", -EAGAIN, fork_bomb },
	{ "limits: allocation stops at the RAM budget", -ENOMEM, memory_hog },
};
const unsigned limit_case_count = CASE_COUNT(limit_cases);
