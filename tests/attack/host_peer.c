/* host_peer.c — the service on the host's loopback that the attack suite's
 * net app reaches through the emulator's --guestfwd forwards: listens on
 * 127.0.0.1 (an ephemeral port, written to PORTFILE), and answers every
 * line it receives on any connection with "pong <line>". QEMU opens one
 * connection per forward when it starts and carries the device's
 * connections over it. Runs until killed.
 *
 *   host_peer PORTFILE     serve
 *   host_peer --free-port  print a TCP port of 127.0.0.1 that is free now */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_PEERS 8
#define LINE_MAX_LEN 256

struct peer {
	int fd;
	size_t len;
	char line[LINE_MAX_LEN];
};

static int listen_loopback(unsigned *port)
{
	struct sockaddr_in addr = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(addr);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof(addr)) != 0 || listen(fd, MAX_PEERS) != 0 ||
	    getsockname(fd, (struct sockaddr *)&addr, &len) != 0) {
		perror("host_peer: listen on 127.0.0.1");
		return -1;
	}
	*port = ntohs(addr.sin_port);
	return fd;
}

/* Answers the complete lines peer has received; -1 when it is gone. */
static int serve(struct peer *p)
{
	ssize_t n = read(p->fd, p->line + p->len, sizeof(p->line) - 1 - p->len);
	char *nl;

	if (n <= 0)
		return -1;
	p->len += (size_t)n;
	while ((nl = memchr(p->line, '\n', p->len)) != NULL) {
		char reply[LINE_MAX_LEN + 8];
		size_t line_len = (size_t)(nl - p->line);
		int r = snprintf(reply, sizeof(reply), "pong %.*s\n", (int)line_len, p->line);

		if (write(p->fd, reply, (size_t)r) != r)
			return -1;
		p->len -= line_len + 1;
		memmove(p->line, nl + 1, p->len);
	}
	if (p->len == sizeof(p->line) - 1)
		p->len = 0; /* an overlong line is dropped */
	return 0;
}

int main(int argc, char **argv)
{
	struct pollfd fds[MAX_PEERS + 1];
	struct peer peers[MAX_PEERS];
	unsigned port, count = 0;
	int server;
	FILE *f;

	if (argc != 2 || strcmp(argv[1], "--help") == 0) {
		fprintf(stderr, "usage: host_peer PORTFILE | host_peer --free-port\n");
		return 2;
	}
	server = listen_loopback(&port);
	if (server < 0)
		return 1;
	if (strcmp(argv[1], "--free-port") == 0) {
		printf("%u\n", port);
		return 0;
	}
	f = fopen(argv[1], "w");
	if (!f || fprintf(f, "%u\n", port) < 0 || fclose(f) != 0) {
		perror(argv[1]);
		return 1;
	}
	for (;;) {
		fds[0] = (struct pollfd){ .fd = server, .events = POLLIN };
		for (unsigned i = 0; i < count; i++)
			fds[i + 1] = (struct pollfd){ .fd = peers[i].fd, .events = POLLIN };
		if (poll(fds, count + 1, -1) < 0 && errno != EINTR)
			return 1;
		for (unsigned i = count; i-- > 0;) {
			if (!(fds[i + 1].revents & (POLLIN | POLLHUP | POLLERR)) || serve(&peers[i]) == 0)
				continue;
			close(peers[i].fd);
			peers[i] = peers[--count];
		}
		if ((fds[0].revents & POLLIN) && count < MAX_PEERS) {
			int fd = accept4(server, NULL, NULL, SOCK_CLOEXEC);

			if (fd >= 0)
				peers[count++] = (struct peer){ .fd = fd, .len = 0 };
		}
	}
}
