/* loopback_server.c — the tests' loopback server (see loopback_server.h). */
#include "loopback_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

pid_t loopback_server_start(uint16_t *port, loopback_serve_fn serve, void *ctx)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(sa);
	int s = socket(AF_INET, SOCK_STREAM, 0), one = 1;
	pid_t pid;

	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (s < 0 || bind(s, (struct sockaddr *)&sa, sizeof(sa)) != 0 || listen(s, 8) != 0 ||
	    getsockname(s, (struct sockaddr *)&sa, &len) != 0)
		exit(1);
	*port = ntohs(sa.sin_port);
	pid = fork();
	if (pid == 0) {
		for (;;) {
			int c = accept(s, NULL, NULL);

			if (c < 0)
				_exit(0);
			serve(c, ctx);
			close(c);
		}
	}
	close(s);
	return pid;
}

void loopback_server_stop(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}
