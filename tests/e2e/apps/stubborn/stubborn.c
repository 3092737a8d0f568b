/* stubborn — end-to-end test app: it and a child it forks ignore SIGTERM,
 * each saying so when one arrives, so that at shutdown appmgr must send
 * SIGTERM to every process of the app and kill it at the deadline. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char sigterm_line[64];  /* composed before the handler may run */
static size_t sigterm_len;

static void on_sigterm(int sig)
{
	(void)sig;
	(void)!write(STDOUT_FILENO, sigterm_line, sigterm_len);
}

int main(void)
{
	struct sigaction sa;
	pid_t child = fork();
	const char *who = child == 0 ? "child" : "parent";
	int n = snprintf(sigterm_line, sizeof(sigterm_line), "stubborn: %s got SIGTERM, ignoring it\n",
			 who);

	sigterm_len = n > 0 ? (size_t)n : 0;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigterm;
	sigaction(SIGTERM, &sa, NULL);
	printf("stubborn: %s started%s\n", who, child < 0 ? " (fork failed)" : "");
	fflush(stdout);
	for (;;)
		pause();
}
