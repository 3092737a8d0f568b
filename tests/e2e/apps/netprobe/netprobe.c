/* netprobe.c — the test app of netmgr's end-to-end suite
 * (tests/e2e/test_netmgr.sh): resolves host names with plain getaddrinfo
 * (musl asks 127.0.0.1:53, netmgr's resolver) and connects to what it got,
 * printing one line per step for the test to read:
 *
 *   netprobe ALLOWED DENIED DENIED_ADDR WILDCARD TTL_S [HOSTILE...]
 *
 *  1. resolves ALLOWED (retrying while netmgr starts), connects to its
 *     port 80 and prints the first line the server sends;
 *  2. resolves DENIED (not in its manifest): the resolver's answer;
 *  3. connects to DENIED_ADDR, DENIED's address upstream, which nobody
 *     published: the LSM's answer;
 *  4. resolves WILDCARD (allowed by a "*.domain" entry; QEMU forwards one
 *     address per guest port, so it is not connected to);
 *  5. resolves each HOSTILE name (allowed, but the network's server
 *     answers it with a defect);
 *  6. waits TTL_S + 3 seconds and connects to ALLOWED's address again
 *     without resolving: the publication has expired by then;
 *  7. resolves ALLOWED again: the resolver survived all of the above;
 *  8. prints the system time it reads (set by netmgr from the network). */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static int resolve(const char *name, struct in_addr *out)
{
	struct addrinfo hints = { .ai_family = AF_INET, .ai_socktype = SOCK_STREAM };
	struct addrinfo *res;
	int rc = getaddrinfo(name, "80", &hints, &res);

	if (rc != 0) {
		printf("netprobe: resolve %s: %s\n", name, gai_strerror(rc));
		return rc;
	}
	*out = ((struct sockaddr_in *)res->ai_addr)->sin_addr;
	printf("netprobe: resolve %s: %s\n", name, inet_ntoa(*out));
	freeaddrinfo(res);
	return 0;
}

/* Connects to addr:80 and prints the server's first line, or the errno. */
static void greet(const char *what, struct in_addr addr)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(80), .sin_addr = addr };
	char line[128];
	ssize_t n;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0 || connect(fd, (struct sockaddr *)&sin, sizeof(sin)) != 0) {
		printf("netprobe: connect %s %s: %s\n", what, inet_ntoa(addr), strerror(errno));
		if (fd >= 0)
			close(fd);
		return;
	}
	n = read(fd, line, sizeof(line) - 1);
	line[n > 0 ? n : 0] = '\0';
	line[strcspn(line, "\r\n")] = '\0';
	printf("netprobe: connect %s %s: says \"%s\"\n", what, inet_ntoa(addr), line);
	close(fd);
}

int main(int argc, char **argv)
{
	struct in_addr allowed, other;
	int tries, i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 6 || inet_aton(argv[3], &other) == 0) {
		fprintf(stderr, "usage: netprobe ALLOWED DENIED DENIED_ADDR WILDCARD TTL_S [HOSTILE...]\n");
		return 2;
	}
	for (tries = 0; resolve(argv[1], &allowed) != 0; tries++) {
		if (tries == 60)
			return 1;
		sleep(2);
	}
	greet(argv[1], allowed);
	resolve(argv[2], &other);
	inet_aton(argv[3], &other);
	greet(argv[2], other);
	resolve(argv[4], &other);
	for (i = 6; i < argc; i++)
		resolve(argv[i], &other);
	sleep((unsigned)atoi(argv[5]) + 3);
	greet("after-ttl", allowed);
	resolve(argv[1], &allowed);
	printf("netprobe: time %lld\n", (long long)time(NULL));
	for (;;)
		pause();
}
