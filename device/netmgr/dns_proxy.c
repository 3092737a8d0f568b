/*
 * dns_proxy.c - netmgr's resolver for apps (dns_proxy.h): reads apps'
 * queries with the mark the LSM gave their sockets (the app's uid), asks
 * appmgr whether that app may resolve the name, sends allowed A questions
 * upstream (coalesced, bounded, rate-limited per app), publishes what comes
 * back and answers each waiting app with a message built from scratch.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

#include <spherule/app_service.h>

#include "dns_proxy.h"
#include "dns_publish.h"
#include "svc_client.h"

#ifndef SO_RCVMARK
#define SO_RCVMARK 75		/* Linux 6.0; musl 1.2.3's headers lack it */
#endif

/* App datagrams read per dns_proxy_handle call, upstream datagrams per
 * pending question: a flood cannot keep the loop from the rest. */
#define APP_READS_MAX 32
#define UPSTREAM_READS_MAX 8
/* Log lines: a burst, then a few a second. */
#define LOG_BURST 30
#define LOG_PER_S 5
/* A query longer than musl's is not from musl: dropped. */
#define APP_QUERY_MAX DNS_REPLY_MAX

__attribute__((format(printf, 3, 4)))
static void proxy_log(struct dns_proxy *p, uint64_t now_ms, const char *fmt, ...)
{
	va_list ap;

	if (!dns_rate_take(&p->log, now_ms))
		return;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

static void upstream_log(struct dns_proxy *p, uint64_t now_ms, const char *what, int err)
{
	proxy_log(p, now_ms, "netmgr: dns upstream %s: %s%s%s\n", inet_ntoa(p->cfg.upstream), what,
		  err ? ": " : "", err ? strerror(-err) : "");
}

int dns_proxy_open(struct dns_proxy *p, const struct dns_proxy_config *c, int listen_fd,
		   struct svc_client *svc)
{
	int on = 1;

	memset(p, 0, sizeof(*p));
	p->cfg = *c;
	p->listen_fd = listen_fd;
	p->svc = svc;
	p->hosts_fd = -1;
	dns_pending_init(&p->pending);
	dns_rate_init(&p->log, LOG_PER_S, LOG_BURST, 0);
	if (c->ttl_min_s == 0 || c->ttl_min_s > c->ttl_max_s || c->ttl_max_s > 24 * 60 * 60)
		return -EINVAL;
	if (setsockopt(listen_fd, SOL_SOCKET, SO_RCVMARK, &on, sizeof(on)) < 0)
		return -errno;
	p->hosts_fd = open(c->hosts_path, O_WRONLY | O_APPEND | O_CLOEXEC);
	if (p->hosts_fd < 0)
		return -errno;
	return 0;
}

/* Sends the answer to q (the app's id, rd and question) to from. */
static void reply(struct dns_proxy *p, const struct sockaddr_in *from, const struct dns_question *q,
		  int rcode, const struct dns_addr *addrs, unsigned n)
{
	uint8_t buf[DNS_REPLY_MAX];
	int len = dns_reply_build(buf, sizeof(buf), q, rcode, addrs, n, p->cfg.ttl_max_s);

	if (len > 0)
		sendto(p->listen_fd, buf, (size_t)len, MSG_DONTWAIT | MSG_NOSIGNAL,
		       (const struct sockaddr *)from, sizeof(*from));
}

/* Answers every app waiting for e, logs what each got, frees e. */
static void finish(struct dns_proxy *p, struct dns_pending_entry *e, int rcode,
		   const struct dns_addr *addrs, unsigned n, uint64_t now_ms)
{
	struct dns_question q = e->q;

	dns_upstream_close(&e->up);
	for (unsigned k = 0; k < e->n_waiters; k++) {
		const struct dns_waiter *w = &e->waiter[k];

		q.id = w->id;
		q.rd = w->rd;
		reply(p, &w->from, &q, rcode, addrs, n);
		for (unsigned i = 0; i < n; i++)
			proxy_log(p, now_ms, "netmgr: %s: %s -> %u.%u.%u.%u (ttl %u s)\n", w->app,
				  q.name, addrs[i].ipv4[0], addrs[i].ipv4[1], addrs[i].ipv4[2],
				  addrs[i].ipv4[3], (unsigned)addrs[i].ttl);
	}
	dns_pending_release(e);
}

static void fail(struct dns_proxy *p, struct dns_pending_entry *e, const char *what, int err,
		 uint64_t now_ms)
{
	upstream_log(p, now_ms, what, err);
	finish(p, e, DNS_RCODE_SERVFAIL, NULL, 0, now_ms);
}

/* Sends e's question upstream with a fresh random id, over TCP if tcp. */
static int send_upstream(struct dns_proxy *p, struct dns_pending_entry *e, bool tcp,
			 uint64_t now_ms)
{
	uint8_t query[DNS_UPSTREAM_QUERY_MAX];
	struct sockaddr_in server = {
		.sin_family = AF_INET,
		.sin_port = htons(p->cfg.upstream_port),
		.sin_addr = p->cfg.upstream,
	};

	dns_upstream_close(&e->up);
	if (getrandom(&e->upstream_id, sizeof(e->upstream_id), GRND_NONBLOCK) !=
	    sizeof(e->upstream_id))
		return -EAGAIN;
	int len = dns_query_build(query, sizeof(query), e->upstream_id, &e->q);

	if (len < 0)
		return len;
	e->tries = 1;
	e->deadline_ms = now_ms + (tcp ? DNS_UPSTREAM_TRIES : 1) * DNS_UPSTREAM_TRY_MS;
	return dns_upstream_start(&e->up, &server, tcp, query, (size_t)len);
}

/* Publishes up to DNS_PROXY_ADDRS_MAX of a's addresses (their TTLs
 * becoming the lifetimes) and answers e's apps with them. */
static void publish_and_answer(struct dns_proxy *p, struct dns_pending_entry *e,
			       struct dns_answer *a, uint64_t now_ms)
{
	unsigned n = a->n_addrs < DNS_PROXY_ADDRS_MAX ? a->n_addrs : DNS_PROXY_ADDRS_MAX;

	for (unsigned i = 0; i < n; i++) {
		struct dns_addr *addr = &a->addrs[i];
		int err;

		addr->ttl = dns_publish_lifetime(addr->ttl, p->cfg.ttl_min_s, p->cfg.ttl_max_s);
		err = dns_publish(p->hosts_fd, e->q.name, addr->ipv4, addr->ttl);
		if (err) {
			proxy_log(p, now_ms, "netmgr: %s: publishing %u.%u.%u.%u failed: %s\n",
				  e->q.name, addr->ipv4[0], addr->ipv4[1], addr->ipv4[2],
				  addr->ipv4[3], strerror(-err));
			finish(p, e, DNS_RCODE_SERVFAIL, NULL, 0, now_ms);
			return;
		}
	}
	finish(p, e, DNS_RCODE_NOERROR, a->addrs, n, now_ms);
}

/* What a whole upstream message of len bytes means for e: false when it
 * answers another query (UDP: wait for the next one). */
static bool upstream_message(struct dns_proxy *p, struct dns_pending_entry *e, size_t len,
			     uint64_t now_ms)
{
	struct dns_answer a;
	int err = dns_answer_parse(e->up.answer, len, e->upstream_id, &e->q, &a);

	if (err == -ENOMSG && !e->up.tcp)
		return false;
	if (err == -EMSGSIZE && !e->up.tcp) {
		err = send_upstream(p, e, true, now_ms);
		if (err)
			fail(p, e, "TCP after a truncated answer", err, now_ms);
	} else if (err) {
		fail(p, e, "answer refused", err, now_ms);
	} else if (a.rcode == DNS_RCODE_NXDOMAIN) {
		finish(p, e, DNS_RCODE_NXDOMAIN, NULL, 0, now_ms);
	} else if (a.rcode != DNS_RCODE_NOERROR) {
		char what[32];

		snprintf(what, sizeof(what), "answered rcode %d", a.rcode);
		fail(p, e, what, 0, now_ms);
	} else {
		publish_and_answer(p, e, &a, now_ms);
	}
	return true;
}

static void upstream_ready(struct dns_proxy *p, struct dns_pending_entry *e, short revents,
			   uint64_t now_ms)
{
	for (unsigned i = 0; i < UPSTREAM_READS_MAX; i++) {
		int n = dns_upstream_io(&e->up, revents);

		if (n == 0)
			return;
		if (n < 0) {
			fail(p, e, e->up.tcp ? "TCP" : "UDP", n, now_ms);
			return;
		}
		if (upstream_message(p, e, (size_t)n, now_ms))
			return;
	}
}

/* The app's name for logs: its manifest Name, else its component id,
 * else its uid. */
static void app_name(const struct app_svc_resolve *who, uint32_t uid,
		     char out[DNS_APP_NAME_MAX + 1])
{
	if (who->name[0])
		snprintf(out, DNS_APP_NAME_MAX + 1, "%.*s", (int)sizeof(who->name), who->name);
	else if (who->component_id[0])
		snprintf(out, DNS_APP_NAME_MAX + 1, "%.*s", (int)sizeof(who->component_id),
			 who->component_id);
	else
		snprintf(out, DNS_APP_NAME_MAX + 1, "uid %u", (unsigned)uid);
}

/* An allowed A question: joins the pending one or is sent upstream. */
static void ask_upstream(struct dns_proxy *p, const struct dns_question *q,
			 const struct dns_waiter *w, uint64_t now_ms)
{
	struct dns_pending_entry *e = dns_pending_find(&p->pending, q->name, q->qtype);

	if (e) {
		dns_pending_add_waiter(e, w);	/* full: dropped, musl asks again */
		return;
	}
	e = dns_pending_claim(&p->pending, q);
	if (!e)
		return;		/* the table is full: dropped */
	dns_pending_add_waiter(e, w);
	int err = send_upstream(p, e, p->cfg.upstream_tcp, now_ms);

	if (err)
		fail(p, e, "cannot ask", err, now_ms);
}

/* One query from an app whose uid is mark. */
static void app_query(struct dns_proxy *p, const struct sockaddr_in *from, uint32_t uid,
		      const uint8_t *msg, size_t len, uint64_t now_ms)
{
	struct dns_question q;
	struct app_svc_resolve who;
	struct dns_waiter w = { .from = *from };
	char reason[APP_SVC_REASON_SIZE] = "";

	if (dns_query_parse(msg, len, &q) != 0 || dns_pending_waiting(&p->pending, from, q.id) ||
	    !dns_rate_app_take(&p->apps, uid, now_ms))
		return;
	memset(&who, 0, sizeof(who));
	int err = svc_call(p->svc, APP_SVC_RESOLVE_CHECK, uid, 0, q.name, strlen(q.name) + 1, &who,
			   sizeof(who), reason, sizeof(reason));

	app_name(&who, uid, w.app);
	if (err == -ENOENT || err == -ESRCH) {
		proxy_log(p, now_ms, "netmgr: %s: %s refused: %s\n", w.app, q.name,
			  err == -ENOENT ? "not in its AllowedConnections" : "no app has that uid");
		reply(p, from, &q, DNS_RCODE_NXDOMAIN, NULL, 0);
	} else if (err) {
		proxy_log(p, now_ms, "netmgr: %s: %s not checked: %s\n", w.app, q.name,
			  reason[0] ? reason : strerror(-err));
		reply(p, from, &q, DNS_RCODE_SERVFAIL, NULL, 0);
	} else if (q.qtype != DNS_TYPE_A) {
		reply(p, from, &q, DNS_RCODE_NOERROR, NULL, 0);
	} else {
		w.id = q.id;
		w.rd = q.rd;
		ask_upstream(p, &q, &w, now_ms);
	}
}

/* Reads the apps' datagrams waiting on the listening socket. Those without
 * a mark (not from an app) or not from 127.0.0.1 are dropped. */
static void read_apps(struct dns_proxy *p, uint64_t now_ms)
{
	for (unsigned i = 0; i < APP_READS_MAX; i++) {
		uint8_t msg[APP_QUERY_MAX];
		union {
			struct cmsghdr align;
			char buf[CMSG_SPACE(sizeof(uint32_t))];
		} control;
		struct sockaddr_in from;
		struct iovec iov = { .iov_base = msg, .iov_len = sizeof(msg) };
		struct msghdr mh = {
			.msg_name = &from, .msg_namelen = sizeof(from),
			.msg_iov = &iov, .msg_iovlen = 1,
			.msg_control = control.buf, .msg_controllen = sizeof(control.buf),
		};
		uint32_t mark = 0;
		ssize_t n = recvmsg(p->listen_fd, &mh, MSG_DONTWAIT);

		if (n < 0)
			return;
		for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c))
			if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SO_MARK &&
			    c->cmsg_len == CMSG_LEN(sizeof(mark)))
				memcpy(&mark, CMSG_DATA(c), sizeof(mark));
		if (mark == 0 || (mh.msg_flags & MSG_TRUNC) || mh.msg_namelen != sizeof(from) ||
		    from.sin_family != AF_INET || from.sin_addr.s_addr != htonl(INADDR_LOOPBACK))
			continue;
		app_query(p, &from, mark, msg, (size_t)n, now_ms);
	}
}

/* UDP questions unanswered at their deadline are sent again, up to
 * DNS_UPSTREAM_TRIES times; then (and TCP ones at once) they fail. */
static void expire(struct dns_proxy *p, uint64_t now_ms)
{
	for (unsigned i = 0; i < DNS_PENDING_MAX; i++) {
		struct dns_pending_entry *e = &p->pending.entry[i];

		if (!e->used || now_ms < e->deadline_ms)
			continue;
		if (e->up.tcp || e->tries == DNS_UPSTREAM_TRIES) {
			char what[32];

			snprintf(what, sizeof(what), "no answer in %u s",
				 DNS_UPSTREAM_TRIES * DNS_UPSTREAM_TRY_MS / 1000);
			fail(p, e, what, 0, now_ms);
			continue;
		}
		int err = dns_upstream_resend(&e->up);

		e->tries++;
		e->deadline_ms = now_ms + DNS_UPSTREAM_TRY_MS;
		if (err)
			fail(p, e, "UDP", err, now_ms);
	}
}

int dns_proxy_fds(const struct dns_proxy *p, struct pollfd *out, int max)
{
	int n = 0;

	if (max < 1 + (int)dns_pending_count(&p->pending))
		return -ENOSPC;
	out[n++] = (struct pollfd){ .fd = p->listen_fd, .events = POLLIN };
	for (unsigned i = 0; i < DNS_PENDING_MAX; i++) {
		const struct dns_pending_entry *e = &p->pending.entry[i];

		if (e->used)
			out[n++] = (struct pollfd){ .fd = e->up.fd,
						    .events = dns_upstream_events(&e->up) };
	}
	return n;
}

void dns_proxy_handle(struct dns_proxy *p, const struct pollfd *fds, int n, uint64_t now_ms)
{
	bool apps = false;

	/* Upstream sockets first: a question the apps' queries start now
	 * may get a socket number another one had when poll returned. */
	for (int i = 0; i < n; i++) {
		struct dns_pending_entry *e;

		if (!fds[i].revents || fds[i].fd < 0)
			continue;
		if (fds[i].fd == p->listen_fd)
			apps = true;
		else if ((e = dns_pending_by_fd(&p->pending, fds[i].fd)))
			upstream_ready(p, e, fds[i].revents, now_ms);
	}
	if (apps)
		read_apps(p, now_ms);
	expire(p, now_ms);
}

int dns_proxy_timeout_ms(const struct dns_proxy *p, uint64_t now_ms)
{
	int best = -1;

	for (unsigned i = 0; i < DNS_PENDING_MAX; i++) {
		const struct dns_pending_entry *e = &p->pending.entry[i];

		if (!e->used)
			continue;
		int left = e->deadline_ms > now_ms ? (int)(e->deadline_ms - now_ms) : 0;

		if (best < 0 || left < best)
			best = left;
	}
	return best;
}

void dns_proxy_close(struct dns_proxy *p)
{
	for (unsigned i = 0; i < DNS_PENDING_MAX; i++) {
		dns_upstream_close(&p->pending.entry[i].up);
		dns_pending_release(&p->pending.entry[i]);
	}
	if (p->hosts_fd >= 0)
		close(p->hosts_fd);
	p->hosts_fd = -1;
}
