/* churn — endurance test app (tests/e2e/test_endurance.sh): starts and ends
 * CHURN_CYCLES processes one after the other, each an exec of its own
 * binary (a new address space, page directory, stack and page tables every
 * time, as an app start costs the kernel), to fragment the RAM the way
 * months of app restarts would; it reports every 100 cycles, then exits so
 * that appmgr starts it again, which must still work. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define CHURN_CYCLES 1000u
#define SELF "bin/churn"

int main(int argc, char **argv)
{
	char *const child_argv[] = { SELF, "child", NULL };
	char *const envp[] = { NULL };
	unsigned done = 0;

	if (argc == 2 && strcmp(argv[1], "child") == 0)
		return 0;
	printf("churn: start\n");
	fflush(stdout);
	while (done < CHURN_CYCLES) {
		int status;
		pid_t pid = fork();

		if (pid < 0) {
			printf("churn: fork failed after %u cycles: %s\n", done, strerror(errno));
			return 1;
		}
		if (pid == 0) {
			execve(SELF, child_argv, envp);
			_exit(127);
		}
		if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			printf("churn: cycle %u failed (status %d)\n", done + 1, status);
			return 1;
		}
		if (++done % 100 == 0) {
			printf("churn: %u cycles\n", done);
			fflush(stdout);
		}
	}
	printf("churn: done %u cycles\n", done);
	return 0;
}
