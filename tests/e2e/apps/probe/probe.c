/* probe — end-to-end test app: reports every 5 s what confinement it runs
 * under, one "probe: key=value" line each: its pid and its parent's (appmgr
 * starts it, so PID 1), its uid/gid and groups, its capability sets and
 * NoNewPrivs from /proc/self/status, its rlimits and its working directory. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#define PERIOD_SECONDS 5

static const struct {
	int resource;
	const char *name;
} limits[] = {
	{ RLIMIT_DATA, "DATA" }, { RLIMIT_AS, "AS" }, { RLIMIT_STACK, "STACK" },
	{ RLIMIT_NPROC, "NPROC" }, { RLIMIT_NOFILE, "NOFILE" }, { RLIMIT_CORE, "CORE" },
	{ RLIMIT_FSIZE, "FSIZE" }, { RLIMIT_MEMLOCK, "MEMLOCK" }, { RLIMIT_MSGQUEUE, "MSGQUEUE" },
};

/* Its own capability sets and NoNewPrivs. */
static const char *const own_keys[] = { "CapInh:", "CapPrm:", "CapEff:", "CapBnd:", "CapAmb:",
					"NoNewPrivs:" };

/* Reads a small file into buf (NUL-terminated): bytes read or -errno. */
static int read_text(const char *path, char *buf, size_t cap)
{
	size_t len = 0;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -errno;
	while (len + 1 < cap) {
		ssize_t n = read(fd, buf + len, cap - 1 - len);

		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	buf[len] = '\0';
	return (int)len;
}

static void report_ids(void)
{
	gid_t groups[8];
	int ngroups = getgroups(8, groups);

	printf("probe: pid=%d ppid=%d\n", (int)getpid(), (int)getppid());
	printf("probe: uid=%u gid=%u euid=%u egid=%u groups=%d\n", (unsigned)getuid(),
	       (unsigned)getgid(), (unsigned)geteuid(), (unsigned)getegid(), ngroups);
}

/* The lines keys[] of its /proc/self/status as "probe: key=value". */
static void report_status(const char *const *keys, unsigned nkeys)
{
	static const char path[] = "/proc/self/status";
	char status[4096];
	int n = read_text(path, status, sizeof(status));

	if (n < 0) {
		printf("probe: %s unreadable: %s\n", path, strerror(-n));
		return;
	}
	for (unsigned k = 0; k < nkeys; k++) {
		const char *line = strstr(status, keys[k]);
		size_t klen = strlen(keys[k]);

		if (!line) {
			printf("probe: %.*s=absent\n", (int)(klen - 1), keys[k]);
			continue;
		}
		line += klen;
		line += strspn(line, " \t");
		printf("probe: %.*s=%.*s\n", (int)(klen - 1), keys[k], (int)strcspn(line, "\n"),
		       line);
	}
}

static void report_limits(void)
{
	for (unsigned i = 0; i < sizeof(limits) / sizeof(limits[0]); i++) {
		struct rlimit rl;

		if (getrlimit(limits[i].resource, &rl) != 0) {
			printf("probe: rlimit %s unreadable: %s\n", limits[i].name, strerror(errno));
			continue;
		}
		if (rl.rlim_cur == RLIM_INFINITY)
			printf("probe: rlimit %s=unlimited\n", limits[i].name);
		else
			printf("probe: rlimit %s=%llu\n", limits[i].name,
			       (unsigned long long)rl.rlim_cur);
	}
}

static void report_cwd(void)
{
	char buf[256];

	if (getcwd(buf, sizeof(buf)))
		printf("probe: cwd=%s\n", buf);
	else
		printf("probe: cwd unknown: %s\n", strerror(errno));
}

int main(void)
{
	for (;;) {
		report_ids();
		report_status(own_keys, sizeof(own_keys) / sizeof(own_keys[0]));
		report_limits();
		report_cwd();
		if (fflush(stdout) != 0)
			return 1;
		sleep(PERIOD_SECONDS);
	}
}
