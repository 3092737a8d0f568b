/* devctl_rig.c — the bench of devctl's host tests (see devctl_rig.h). */
#include "devctl_rig.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static pthread_t server_thread;
static bool server_started;

static void *run_server(void *arg)
{
	struct rig *r = arg;

	serve(&r->server);
	return NULL;
}

static void wake(int sig)
{
}

/* Puts a new socketpair's end under RIG_LINK_FD; returns the other end.
 * A poll() already sleeping stays registered on the old socket alone (the
 * kernel registers a descriptor's wait queue on its first pass only), so
 * the server is interrupted to look again; on the board the port stays
 * the same file and its wait queue is woken when a host connects. */
static int swap_link(void)
{
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
		return -1;
	fcntl(sv[0], F_SETFL, O_NONBLOCK);
	if (dup2(sv[0], RIG_LINK_FD) < 0)
		return -1;
	close(sv[0]);
	if (server_started)
		pthread_kill(server_thread, SIGUSR1);
	return sv[1];
}

int rig_start(struct rig *r, int timeout_ms)
{
	int ctl_fd, nobody;
	struct sigaction sa = { .sa_handler = wake }; /* no SA_RESTART: poll() ends with EINTR */

	signal(SIGPIPE, SIG_IGN);
	sigaction(SIGUSR1, &sa, NULL);
	ctl_fd = fake_appmgr_start(&r->appmgr);
	nobody = swap_link();
	if (ctl_fd < 0 || nobody < 0)
		return -1;
	close(nobody); /* no host yet: the link reads end of file */
	server_init(&r->server, RIG_LINK_FD, ctl_fd, timeout_ms);
	if (pthread_create(&server_thread, NULL, run_server, r) != 0)
		return -1;
	server_started = true;
	return 0;
}

int host_connect(void)
{
	return swap_link();
}

int host_send(int fd, const void *text, size_t len)
{
	const char *p = text;

	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Reads into buf[cap] until deadline; returns the count, 0 at end of file,
 * -ETIMEDOUT. */
static ssize_t read_until(int fd, char *buf, size_t cap, long long deadline)
{
	struct pollfd p = { fd, POLLIN, 0 };
	long long left = deadline - now_ms();

	if (left <= 0 || poll(&p, 1, (int)left) <= 0)
		return -ETIMEDOUT;
	return read(fd, buf, cap);
}

int host_read_response(int fd, struct response *resp, int timeout_ms)
{
	long long deadline = now_ms() + timeout_ms;
	size_t got = 0, head_len;
	char *end = NULL, *cl;
	ssize_t n;

	memset(resp, 0, offsetof(struct response, body));
	resp->content_length = -1;
	while (!end) {
		if (got == sizeof(resp->head) - 1)
			return -EPROTO;
		n = read_until(fd, resp->head + got, 1, deadline); /* byte by byte: the body stays */
		if (n <= 0)
			return n == 0 ? -EPROTO : (int)n;
		got += (size_t)n;
		resp->head[got] = '\0';
		end = strstr(resp->head, "\r\n\r\n");
	}
	head_len = (size_t)(end + 4 - resp->head);
	if (sscanf(resp->head, "HTTP/1.1 %d ", &resp->status) != 1 || head_len != got)
		return -EPROTO;
	cl = strcasestr(resp->head, "\r\nContent-Length: ");
	if (cl)
		resp->content_length = strtol(cl + 18, NULL, 10);
	if (resp->content_length > (long)RIG_BODY_MAX)
		return -EPROTO;
	if (resp->status < 200)
		resp->content_length = 0; /* 100 Continue: no body */
	resp->body_len = 0;
	while (resp->content_length < 0 || resp->body_len < (size_t)resp->content_length) {
		size_t want = resp->content_length < 0 ? RIG_BODY_MAX - resp->body_len
						       : (size_t)resp->content_length - resp->body_len;

		if (want == 0)
			break;
		n = read_until(fd, resp->body + resp->body_len, want, deadline);
		if (n == -ETIMEDOUT && resp->content_length < 0)
			break;
		if (n <= 0)
			return n == 0 ? -EPROTO : (int)n;
		resp->body_len += (size_t)n;
	}
	resp->body[resp->body_len] = '\0';
	return 0;
}

int rig_request(const char *text, struct response *resp)
{
	int fd = host_connect(), r;

	if (fd < 0)
		return -1;
	r = host_send(fd, text, strlen(text));
	if (r == 0)
		r = host_read_response(fd, resp, 5000);
	close(fd);
	return r;
}

json_t *response_json(const struct response *resp)
{
	return json_loadb(resp->body, resp->body_len, 0, NULL);
}

bool response_is_error(const struct response *resp, int status, const char *code)
{
	json_t *j = response_json(resp);
	const char *got = json_string_value(json_object_get(json_object_get(j, "error"), "code"));
	const char *message = json_string_value(json_object_get(json_object_get(j, "error"), "message"));
	bool ok = resp->status == status && got && strcmp(got, code) == 0 && message && *message;

	if (!ok)
		printf("# wanted %d %s, got %d %s\n", status, code, resp->status, resp->body);
	json_decref(j);
	return ok;
}

const char *response_str(const struct response *resp, const char *key, char *out, size_t cap)
{
	json_t *j = response_json(resp);
	const char *v = json_string_value(json_object_get(j, key));

	snprintf(out, cap, "%s", v ? v : "");
	json_decref(j);
	return out;
}
