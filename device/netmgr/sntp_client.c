/* sntp_client.c — netmgr's SNTP exchanges and clock setting (see
 * sntp_client.h). T1 and T4 come from CLOCK_MONOTONIC, mapped to
 * CLOCK_REALTIME at the moment the request left, so that a step of the
 * clock during the exchange changes nothing. */
#include "sntp_client.h"

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int64_t clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * SNTP_NS_PER_S + ts.tv_nsec;
}

static const char *server_text(const struct sntp_client *c, char *buf, size_t size)
{
	return inet_ntop(AF_INET, &c->server.sin_addr, buf, (socklen_t)size);
}

static void close_fd(struct sntp_client *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	c->have = 0;
}

static void idle_until(struct sntp_client *c, uint64_t at_ms)
{
	close_fd(c);
	c->state = SNTP_IDLE;
	c->next_ms = at_ms;
}

/* No answer, or a bad one: again after the retry delay, doubled each time
 * up to the poll interval. */
static void failed(struct sntp_client *c, uint64_t now_ms)
{
	idle_until(c, now_ms + c->retry_ms);
	c->retry_ms = c->retry_ms * 2 < c->poll_ms ? c->retry_ms * 2 : c->poll_ms;
}

static void send_request(struct sntp_client *c, uint64_t now_ms)
{
	uint8_t msg[2 + SNTP_MSG_LEN] = { 0, SNTP_MSG_LEN };
	size_t len = c->tcp ? sizeof(msg) : SNTP_MSG_LEN;
	ssize_t n;

	c->nonce = c->io->random64(c->io->ctx);
	sntp_build_request(msg + 2, c->nonce);
	c->t1_mono_ns = clock_ns(CLOCK_MONOTONIC);
	c->t1_real_ns = clock_ns(CLOCK_REALTIME);
	n = send(c->fd, c->tcp ? msg : msg + 2, len, MSG_NOSIGNAL);
	if (n != (ssize_t)len) {
		failed(c, now_ms);
		return;
	}
	c->state = SNTP_WAITING;
	c->have = 0;
}

static void start_exchange(struct sntp_client *c, uint64_t now_ms)
{
	int enabled = c->io->timesync_enabled(c->io->ctx);

	if (enabled == 0) {
		idle_until(c, now_ms + c->poll_ms);
		return;
	}
	if (enabled < 0) {
		fprintf(c->io->log, "netmgr: appmgr did not say whether time sync is enabled (%s): syncing\n",
			strerror(-enabled));
		fflush(c->io->log);
	}
	c->fd = socket(AF_INET, (c->tcp ? SOCK_STREAM : SOCK_DGRAM) | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (c->fd < 0) {
		failed(c, now_ms);
		return;
	}
	c->deadline_ms = now_ms + SNTP_REPLY_TIMEOUT_MS;
	if (connect(c->fd, (const struct sockaddr *)&c->server, sizeof(c->server)) == 0) {
		send_request(c, now_ms);
	} else if (errno == EINPROGRESS) {
		c->state = SNTP_CONNECTING;
	} else {
		failed(c, now_ms);
	}
}

void sntp_client_start(struct sntp_client *c, struct in_addr server, uint16_t port, bool tcp,
		       uint32_t poll_s, const struct sntp_io *io, uint64_t now_ms)
{
	memset(c, 0, sizeof(*c));
	c->server.sin_family = AF_INET;
	c->server.sin_addr = server;
	c->server.sin_port = htons(port);
	c->tcp = tcp;
	c->poll_ms = poll_s * 1000;
	c->io = io;
	c->fd = -1;
	c->retry_ms = SNTP_RETRY_FIRST_MS;
	idle_until(c, now_ms);
}

static void set_clock(struct sntp_client *c, const struct sntp_reply *r, int64_t t4_mono_ns, uint64_t now_ms)
{
	int64_t t4 = c->t1_real_ns + (t4_mono_ns - c->t1_mono_ns);
	int64_t offset, delay, target;
	struct timespec ts;
	char reason[128], addr[INET_ADDRSTRLEN], off[32];
	int err;

	sntp_offset(c->t1_real_ns, r->receive_ns, r->transmit_ns, t4, &offset, &delay);
	if (delay < 0 || delay > SNTP_MAX_DELAY_NS) {
		failed(c, now_ms);
		return;
	}
	target = clock_ns(CLOCK_REALTIME) + offset;
	ts.tv_sec = (time_t)(target / SNTP_NS_PER_S);
	ts.tv_nsec = (long)(target % SNTP_NS_PER_S);
	server_text(c, addr, sizeof(addr));
	err = c->io->set_time(c->io->ctx, &ts, reason, sizeof(reason));
	if (err) {
		fprintf(c->io->log, "netmgr: appmgr refused the time from %s: %s (%s)\n", addr,
			reason[0] ? reason : "no reason given", strerror(-err));
		fflush(c->io->log);
		failed(c, now_ms);
		return;
	}
	sntp_format_offset(off, sizeof(off), offset);
	fprintf(c->io->log, "netmgr: clock set from %s (offset %s s)\n", addr, off);
	fflush(c->io->log);
	c->retry_ms = SNTP_RETRY_FIRST_MS;
	idle_until(c, now_ms + c->poll_ms);
}

/* Acts on a whole reply: a bad one ends the exchange over TCP (the
 * connection is the server's), is dropped over UDP (anyone may send). */
static void take_reply(struct sntp_client *c, const uint8_t *msg, size_t len, uint64_t now_ms)
{
	int64_t t4_mono_ns = clock_ns(CLOCK_MONOTONIC);
	struct sntp_reply r;
	char addr[INET_ADDRSTRLEN];
	int err = sntp_parse_reply(msg, len, c->nonce, &r);

	if (err == -ECONNREFUSED) {
		server_text(c, addr, sizeof(addr));
		if (strcmp(r.kiss, "DENY") == 0 || strcmp(r.kiss, "RSTR") == 0) {
			fprintf(c->io->log, "netmgr: ntp %s: kiss-o'-death %s, not asking it again\n", addr, r.kiss);
			fflush(c->io->log);
			close_fd(c);
			c->state = SNTP_STOPPED;
			return;
		}
		failed(c, now_ms);
		return;
	}
	if (err == 0)
		set_clock(c, &r, t4_mono_ns, now_ms);
	else if (c->tcp)
		failed(c, now_ms);
}

static void receive(struct sntp_client *c, uint64_t now_ms)
{
	uint8_t dgram[SNTP_MSG_LEN + 1];
	ssize_t n;

	if (!c->tcp) {
		n = recv(c->fd, dgram, sizeof(dgram), 0);
		if (n >= 0)
			take_reply(c, dgram, (size_t)n, now_ms);
		else if (errno != EAGAIN && errno != EINTR)
			failed(c, now_ms);   /* e.g. ECONNREFUSED: nobody at that port */
		return;
	}
	n = recv(c->fd, c->buf + c->have, sizeof(c->buf) - c->have, 0);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		failed(c, now_ms);
		return;
	}
	c->have += (size_t)n;
	if (c->have >= 2 && (c->buf[0] != 0 || c->buf[1] != SNTP_MSG_LEN)) {
		failed(c, now_ms);     /* a length other than the packet's */
		return;
	}
	if (c->have == sizeof(c->buf))
		take_reply(c, c->buf + 2, SNTP_MSG_LEN, now_ms);
}

void sntp_client_handle(struct sntp_client *c, short revents, uint64_t now_ms)
{
	int err = 0;
	socklen_t len = sizeof(err);

	if (c->fd < 0 || !revents)
		return;
	if (c->state == SNTP_CONNECTING) {
		if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0 || err != 0)
			failed(c, now_ms);
		else
			send_request(c, now_ms);
		return;
	}
	if (c->state == SNTP_WAITING)
		receive(c, now_ms);
}

void sntp_client_tick(struct sntp_client *c, uint64_t now_ms)
{
	if (c->state == SNTP_IDLE && now_ms >= c->next_ms)
		start_exchange(c, now_ms);
	else if ((c->state == SNTP_CONNECTING || c->state == SNTP_WAITING) && now_ms >= c->deadline_ms)
		failed(c, now_ms);
}

int sntp_client_fd(const struct sntp_client *c, struct pollfd *out)
{
	if (c->fd < 0 || (c->state != SNTP_CONNECTING && c->state != SNTP_WAITING))
		return 0;
	out->fd = c->fd;
	out->events = c->state == SNTP_CONNECTING ? POLLOUT : POLLIN;
	out->revents = 0;
	return 1;
}

int sntp_client_timeout_ms(const struct sntp_client *c, uint64_t now_ms)
{
	uint64_t due;

	if (c->state == SNTP_STOPPED)
		return -1;
	due = c->state == SNTP_IDLE ? c->next_ms : c->deadline_ms;
	if (due <= now_ms)
		return 0;
	return due - now_ms > INT_MAX ? INT_MAX : (int)(due - now_ms);
}

void sntp_client_stop(struct sntp_client *c)
{
	close_fd(c);
	c->state = SNTP_STOPPED;
}
