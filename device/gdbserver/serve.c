/* serve.c — gdbserver's event loop (see serve.h). */
#include "serve.h"

#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "rsp_frame.h"
#include "rsp_session.h"

#define NO_HOST_RETRY_MS 250
#define WRITE_WAIT_MS 5000
#define READ_CHUNK 256

enum { SERVE_ON = -1 }; /* handlers: go on, or the exit status */

struct server {
	int port_fd, signal_fd;
	struct tracee *tracee;
	struct rsp_session session;
	struct rsp_rx rx;
	bool running;     /* resumed, its stop not yet reported */
	bool connected;   /* the debugger has sent bytes */
	bool host_absent; /* the port read as end of file: nobody on the host */
	size_t last_len;  /* the last packet sent, for a '-' */
	char last[2 * RSP_PACKET_MAX + 4];
	char reply[RSP_PACKET_MAX];
};

static void say(const char *what, int err)
{
	fprintf(stderr, "gdbserver: %s%s%s\n", what, err ? ": " : "", err ? strerror(-err) : "");
}

static int write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);
		struct pollfd p = { fd, POLLOUT, 0 };

		if (n > 0) {
			buf += n;
			len -= (size_t)n;
		} else if (n < 0 && errno == EAGAIN) {
			if (poll(&p, 1, WRITE_WAIT_MS) == 0)
				return -ETIMEDOUT;
		} else if (n < 0 && errno != EINTR) {
			return -errno;
		}
	}
	return 0;
}

static int send_packet(struct server *s, const char *data, size_t len)
{
	s->last_len = rsp_frame(data, len, s->last, sizeof(s->last));
	return write_all(s->port_fd, s->last, s->last_len);
}

/* Reports stop st to the debugger; the end of the program ends the loop. */
static int report_stop(struct server *s, struct stop st)
{
	const char *reply = rsp_session_stopped(&s->session, st);

	s->running = false;
	if (s->connected)
		(void)send_packet(s, reply, strlen(reply));
	if (st.kind == STOP_EXITED)
		fprintf(stderr, "gdbserver: the program exited with status %d\n", st.value);
	else if (st.kind == STOP_KILLED)
		fprintf(stderr, "gdbserver: the program was killed by signal %d\n", st.value);
	return stop_is_end(st) ? 0 : SERVE_ON;
}

static int take_stops(struct server *s)
{
	struct stop st;
	int r;

	while ((r = tracee_poll_stop(s->tracee, &st)) == 1) {
		if (st.kind == STOP_OTHER) {
			r = tracee_resume(s->tracee, 0);
			if (r < 0)
				break;
			continue;
		}
		r = report_stop(s, st);
		if (r != SERVE_ON)
			return r;
	}
	if (r < 0) {
		say("waitpid", r);
		return 1;
	}
	return SERVE_ON;
}

/* The debugger went away: take the breakpoints out and let the program run
 * on (a signal it stopped with is delivered). */
static int let_go(struct server *s)
{
	struct gdb_target tg = tracee_target(s->tracee);
	struct stop st = { STOP_INTERRUPT, 0 };
	int r = 0;

	if (s->running && (r = tracee_interrupt(s->tracee)) == 0) {
		while ((r = tracee_poll_stop(s->tracee, &st)) == 0)
			(void)poll(NULL, 0, 10);
	}
	if (r < 0 || stop_is_end(st))
		return r < 0 ? 1 : 0;
	arm_breakpoint_remove_all(&s->session.breakpoints, &tg);
	r = tracee_detach(s->tracee, st.kind == STOP_SIGNAL ? st.value : 0);
	say(r < 0 ? "cannot detach from the program" : "detached: the program runs on", r);
	return r < 0 ? 1 : 0;
}

static int handle_packet(struct server *s)
{
	enum rsp_action act;
	size_t len;
	int sig, r;

	if (s->running)
		return SERVE_ON; /* all-stop: nothing but 0x03 while it runs */
	act = rsp_session_handle(&s->session, s->rx.buf, s->rx.len, s->reply, &len, &sig);
	switch (act) {
	case RSP_RESUME:
		r = tracee_resume(s->tracee, sig);
		if (r == 0) {
			s->running = true;
			return SERVE_ON;
		}
		len = (size_t)snprintf(s->reply, sizeof(s->reply), "E%02x", -r & 0xff);
		break;
	case RSP_KILL:
		tracee_kill(s->tracee);
		say("killed the program", 0);
		return 0;
	case RSP_DETACH:
		(void)send_packet(s, s->reply, len);
		return let_go(s);
	case RSP_REPLY:
		break;
	}
	r = send_packet(s, s->reply, len);
	if (r < 0) {
		say("write to the port", r);
		return 1;
	}
	return SERVE_ON;
}

static int handle_byte(struct server *s, uint8_t c)
{
	int r = 0;

	switch (rsp_rx_byte(&s->rx, c)) {
	case RSP_RX_PACKET:
		r = write_all(s->port_fd, "+", 1);
		return r < 0 ? 1 : handle_packet(s);
	case RSP_RX_BAD:
		r = write_all(s->port_fd, "-", 1);
		break;
	case RSP_RX_NAK:
		if (s->last_len > 0)
			r = write_all(s->port_fd, s->last, s->last_len);
		break;
	case RSP_RX_INTERRUPT:
		if (s->running)
			r = tracee_interrupt(s->tracee);
		break;
	case RSP_RX_ACK:
	case RSP_RX_NONE:
		break;
	}
	if (r < 0) {
		say("port or ptrace", r);
		return 1;
	}
	return SERVE_ON;
}

static int read_port(struct server *s)
{
	uint8_t buf[READ_CHUNK];
	ssize_t n = read(s->port_fd, buf, sizeof(buf));
	int r = SERVE_ON;

	if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
		s->host_absent &= errno == EINTR; /* EAGAIN: connected, no bytes yet */
		return SERVE_ON;
	}
	if (n < 0) {
		say("read from the port", -errno);
		return 1;
	}
	if (n == 0 && s->connected) {
		say("the debugger went away", 0);
		return let_go(s);
	}
	s->host_absent = n == 0;
	if (n > 0 && !s->connected) {
		s->connected = true;
		say("debugger connected", 0);
	}
	for (ssize_t i = 0; i < n && r == SERVE_ON; i++)
		r = handle_byte(s, buf[i]);
	return r;
}

static void drain_signals(int fd)
{
	struct signalfd_siginfo info;

	while (read(fd, &info, sizeof(info)) == (ssize_t)sizeof(info))
		;
}

int serve(int port_fd, int signal_fd, struct tracee *t)
{
	static struct server s;
	struct gdb_target tg = tracee_target(t);
	int r = SERVE_ON;

	s.port_fd = port_fd;
	s.signal_fd = signal_fd;
	s.tracee = t;
	rsp_session_init(&s.session, &tg, (uint32_t)t->pid);
	rsp_rx_init(&s.rx);
	while (r == SERVE_ON) {
		struct pollfd fds[2] = { { signal_fd, POLLIN, 0 }, { port_fd, POLLIN, 0 } };
		int ready = poll(fds, s.host_absent ? 1 : 2, s.host_absent ? NO_HOST_RETRY_MS : -1);

		if (ready < 0 && errno != EINTR) {
			say("poll", -errno);
			r = 1;
			break;
		}
		drain_signals(signal_fd);
		r = take_stops(&s);
		if (r == SERVE_ON && (s.host_absent || fds[1].revents))
			r = read_port(&s);
	}
	if (r != 0)
		tracee_kill(t);
	return r;
}
