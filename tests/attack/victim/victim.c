/* victim — attack-suite target app: listens on an abstract AF_UNIX stream
 * socket and an abstract datagram socket (which the hostile app tries to
 * reach and to squat), and prints "victim: alive N" every 2 s, so the test
 * sees that nothing the hostile app did reached it. Each time it also tries
 * to open /sbin/appmgr, a denial of its own that the kernel must still log
 * while the hostile app floods it with its own (the audit limit is per
 * app). */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "victim_names.h"

/* A socket of type bound to the abstract name (leading NUL) name, or -errno. */
static int bind_abstract(int type, const char *name)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	size_t len = strlen(name);
	int fd = socket(AF_UNIX, type, 0);

	if (fd < 0)
		return -errno;
	memcpy(addr.sun_path + 1, name, len);
	if (bind(fd, (struct sockaddr *)&addr, (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + len)) != 0 ||
	    (type == SOCK_STREAM && listen(fd, 4) != 0)) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

int main(void)
{
	int stream = bind_abstract(SOCK_STREAM, VICTIM_STREAM_NAME);
	int dgram = bind_abstract(SOCK_DGRAM, VICTIM_DGRAM_NAME);

	printf("victim: pid=%d stream=%s dgram=%s\n", (int)getpid(),
	       stream >= 0 ? "listening" : strerror(-stream), dgram >= 0 ? "bound" : strerror(-dgram));
	for (unsigned n = 1;; n++) {
		int fd = open("/sbin/appmgr", O_RDONLY);

		printf("victim: alive %u%s\n", n, fd < 0 && errno == EACCES ? "" : " (appmgr opened!)");
		if (fd >= 0)
			close(fd);
		if (fflush(stdout) != 0)
			return 1;
		sleep(2);
	}
}
