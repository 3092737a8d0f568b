/*
 * qmp.c - a minimal QMP client (see qmp.h). QMP is one JSON object per
 * line: QEMU greets with {"QMP": ...}, answers each command with
 * {"return": ...} or {"error": ...}, and sends {"event": ...} lines at
 * any time, which are skipped.
 */
#include "qmp.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define QMP_LINE_MAX 4096

struct qmp_conn {
	int fd;
	int timeout_ms;
	char buf[QMP_LINE_MAX];
	size_t len;        /* bytes in buf */
};

/* The next line from QEMU into line (NUL-terminated, without its end): 0 or -errno. */
static int read_line(struct qmp_conn *c, char line[QMP_LINE_MAX])
{
	for (;;) {
		char *nl = memchr(c->buf, '\n', c->len);
		struct pollfd p = { c->fd, POLLIN, 0 };
		ssize_t n;
		int r;

		if (nl) {
			size_t l = (size_t)(nl - c->buf);

			memcpy(line, c->buf, l);
			line[l] = '\0';
			memmove(c->buf, nl + 1, c->len - l - 1);
			c->len -= l + 1;
			return 0;
		}
		if (c->len == sizeof(c->buf))
			return -EPROTO;
		r = poll(&p, 1, c->timeout_ms);
		if (r == 0)
			return -ETIMEDOUT;
		if (r < 0)
			return errno == EINTR ? -ETIMEDOUT : -errno;
		n = read(c->fd, c->buf + c->len, sizeof(c->buf) - c->len);
		if (n == 0)
			return -ECONNRESET;
		if (n < 0)
			return -errno;
		c->len += (size_t)n;
	}
}

/* Sends {"execute":"command"[,"arguments":arguments]} and waits for its answer: 0 or -errno. */
static int execute(struct qmp_conn *c, const char *command, const char *arguments, char *why, size_t why_len)
{
	char line[QMP_LINE_MAX];
	int n = snprintf(line, sizeof(line), "{\"execute\":\"%s\"%s%s}\n", command,
			 arguments ? ",\"arguments\":" : "", arguments ? arguments : "");
	int err;

	if (n < 0 || (size_t)n >= sizeof(line)) {
		snprintf(why, why_len, "%s: arguments too long for one QMP line", command);
		return -EINVAL;
	}
	if (send(c->fd, line, (size_t)n, MSG_NOSIGNAL) != n) {
		err = -errno;
		snprintf(why, why_len, "cannot send %s: %s", command, strerror(-err));
		return err;
	}
	do {
		err = read_line(c, line);
		if (err) {
			snprintf(why, why_len, "no answer to %s: %s", command, strerror(-err));
			return err;
		}
	} while (strstr(line, "\"event\""));
	if (strncmp(line, "{\"return\"", 9) == 0)
		return 0;
	snprintf(why, why_len, "%s: %.200s", command, line);
	return -EPROTO;
}

struct qmp_conn *qmp_open(const char *path, int timeout_ms, char *why, size_t why_len)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	struct qmp_conn *c;
	char line[QMP_LINE_MAX];
	int err;

	if (strlen(path) >= sizeof(addr.sun_path)) {
		snprintf(why, why_len, "%s: path too long for a socket", path);
		errno = ENAMETOOLONG;
		return NULL;
	}
	memcpy(addr.sun_path, path, strlen(path) + 1);
	c = calloc(1, sizeof(*c));
	if (!c) {
		snprintf(why, why_len, "out of memory");
		return NULL;
	}
	c->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	c->timeout_ms = timeout_ms;
	if (c->fd < 0 || connect(c->fd, (struct sockaddr *)&addr, sizeof(addr)) != 0) {
		err = -errno;
		snprintf(why, why_len, "%s: %s", path, strerror(-err));
	} else if ((err = read_line(c, line)) != 0) {
		snprintf(why, why_len, "%s: no greeting: %s", path, strerror(-err));
	} else if (strncmp(line, "{\"QMP\"", 6) != 0) {
		snprintf(why, why_len, "%s: not a QMP socket", path);
		err = -EPROTO;
	} else {
		err = execute(c, "qmp_capabilities", NULL, why, why_len);
	}
	if (err) {
		qmp_close(c);
		errno = -err;
		return NULL;
	}
	return c;
}

int qmp_fd(const struct qmp_conn *c)
{
	return c->fd;
}

int qmp_shutdown_event(struct qmp_conn *c, char *reason, size_t reason_len)
{
	char line[QMP_LINE_MAX];
	const char *r;
	int timeout = c->timeout_ms, found = 0, err;

	c->timeout_ms = 0; /* only what has come */
	while ((err = read_line(c, line)) == 0) {
		if (!strstr(line, "\"event\": \"SHUTDOWN\"") && !strstr(line, "\"event\":\"SHUTDOWN\""))
			continue;
		r = strstr(line, "\"reason\"");
		r = r ? strchr(r + 8, '"') : NULL;
		snprintf(reason, reason_len, "%.*s", r ? (int)strcspn(r + 1, "\"") : 0, r ? r + 1 : "");
		found = 1;
	}
	c->timeout_ms = timeout;
	return err == -ETIMEDOUT || found ? found : err;
}

void qmp_close(struct qmp_conn *c)
{
	if (!c)
		return;
	if (c->fd >= 0)
		close(c->fd);
	free(c);
}

int qmp_execute(const char *path, const char *command, const char *arguments, int timeout_ms, char *why,
		size_t why_len)
{
	struct qmp_conn *c = qmp_open(path, timeout_ms, why, why_len);
	int err;

	if (!c)
		return -errno;
	err = execute(c, command, arguments, why, why_len);
	qmp_close(c);
	return err;
}
