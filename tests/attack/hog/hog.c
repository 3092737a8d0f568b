/* hog — an app that tries to hold more RAM than its budget, by one of the
 * ways the per-process limits used to miss (argument): "pipes" (filled pipe
 * buffers, kernel memory), "sockets" (data queued in AF_UNIX socket pairs,
 * kernel memory), "shm" (shared anonymous memory, which RLIMIT_DATA does
 * not count) or "fork" (children each within the per-process limit). Its
 * memory cgroup must stop the whole app before it holds more than its
 * budget: appmgr then logs "<name>: stopped: it exceeded its RAM budget".
 * It prints "hog: MODE: N KiB" as it goes; if it ever holds HOG_GOAL_KIB
 * it says so ("not stopped") and waits, and the test fails. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#define HOG_GOAL_KIB 2048u          /* eight times the budget */
#define CHUNK (16u * 1024u)
#define CHILD_BYTES (192u * 1024u)  /* within RLIMIT_DATA (256 KiB) */
#define CHILDREN 3u                 /* within RLIMIT_NPROC (4, with itself) */

static unsigned held_kib;

static void progress(const char *mode, unsigned add_bytes)
{
	unsigned before = held_kib / 64u;

	held_kib += add_bytes / 1024u;
	if (held_kib / 64u != before) {
		printf("hog: %s: %u KiB\n", mode, held_kib);
		fflush(stdout);
	}
}

/* Fills a non-blocking fd with zeros until it would block: bytes written. */
static unsigned fill(int fd)
{
	static char chunk[CHUNK];
	unsigned total = 0;
	ssize_t n;

	while ((n = write(fd, chunk, sizeof(chunk))) > 0)
		total += (unsigned)n;
	return total;
}

static void hog_pipes(void)
{
	int fds[2];

	while (held_kib < HOG_GOAL_KIB && pipe2(fds, O_NONBLOCK) == 0)
		progress("pipes", fill(fds[1]));
}

static void hog_sockets(void)
{
	int sv[2];

	while (held_kib < HOG_GOAL_KIB && socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv) == 0) {
		progress("sockets", fill(sv[0]));
		progress("sockets", fill(sv[1]));
	}
}

static void hog_shm(void)
{
	size_t size = HOG_GOAL_KIB * 1024u;
	char *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return;
	for (size_t off = 0; off < size; off += CHUNK) {
		memset(p + off, 0x5a, CHUNK);
		progress("shm", CHUNK);
	}
}

/* Each child touches its memory, then says so through the pipe; a child
 * stopped before that closes its end without a byte. */
static void hog_fork(void)
{
	for (unsigned i = 0; i < CHILDREN && held_kib < HOG_GOAL_KIB; i++) {
		int ready[2];
		char byte;
		pid_t pid;

		if (pipe(ready) != 0)
			return;
		pid = fork();
		if (pid < 0)
			return;
		if (pid == 0) {
			/* volatile: the compiler may not drop writes nobody reads. */
			volatile char *p = malloc(CHILD_BYTES);

			close(ready[0]);
			if (p) {
				for (unsigned off = 0; off < CHILD_BYTES; off += 1024)
					p[off] = 0x5a;
				(void)!write(ready[1], "", 1);
			}
			pause();
			_exit(0);
		}
		close(ready[1]);
		if (read(ready[0], &byte, 1) != 1)
			return;
		close(ready[0]);
		progress("fork", CHILD_BYTES);
	}
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		void (*run)(void);
	} modes[] = { { "pipes", hog_pipes }, { "sockets", hog_sockets }, { "shm", hog_shm },
		      { "fork", hog_fork } };
	const char *mode = argc == 2 ? argv[1] : "";

	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		if (strcmp(mode, modes[i].name) != 0)
			continue;
		printf("hog: %s: start\n", mode);
		fflush(stdout);
		modes[i].run();
		printf("hog: %s: not stopped, holding %u KiB (%s)\n", mode, held_kib,
		       held_kib >= HOG_GOAL_KIB ? "goal reached" : strerror(errno));
		fflush(stdout);
		for (;;)
			pause();
	}
	printf("hog: usage: hog pipes|sockets|shm|fork\n");
	return 2;
}
