/* devctl_fake_appmgr.c — the fake appmgr of devctl's host tests (see
 * devctl_fake_appmgr.h). */
#include "devctl_fake_appmgr.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "uuid_text.h"

static struct appmgr_ctl_app app_named(const char *id, const char *name, uint8_t state, uint8_t flags)
{
	struct appmgr_ctl_app a = { .state = state, .flags = flags, .version = 3, .security_version = 1,
				    .slot = 1, .pid = 60, .restarts = 2, .image_bytes = 20480,
				    .slot_bytes = FAKE_SLOT_BYTES, .storage_limit_kib = 8, .storage_used_kib = 3,
				    .mem_current_kib = 120, .mem_peak_kib = 150, .mem_limit_kib = 256 };

	uuid_parse(id, strlen(id), a.component_id);
	memset(a.image_id, 0xab, sizeof(a.image_id));
	snprintf(a.name, sizeof(a.name), "%s", name);
	return a;
}

static struct appmgr_ctl_app devctl_app(void)
{
	return app_named(FAKE_DEVCTL_ID, "devctl", APPMGR_CTL_RUNNING, APPMGR_CTL_APP_SYSTEM);
}

static struct appmgr_ctl_app hello_app(void)
{
	return app_named(FAKE_HELLO_ID, "hello", APPMGR_CTL_RUNNING, APPMGR_CTL_APP_DEV_KEY);
}

/* The answer being built. */
struct answer {
	union {
		struct appmgr_ctl_resp resp;
		unsigned char bytes[APPMGR_CTL_MAX_MSG];
	} msg;
	size_t len;
};

static void add(struct answer *a, const void *rec, size_t n)
{
	memcpy(a->msg.bytes + a->len, rec, n);
	a->len += n;
	a->msg.resp.count++;
}

static void refuse(struct answer *a, int32_t status, const char *reason)
{
	a->msg.resp.status = status;
	snprintf(a->msg.resp.reason, sizeof(a->msg.resp.reason), "%s", reason);
}

/* The app the request names: 0 none, 1 devctl, 2 hello. */
static int named_app(const struct appmgr_ctl_req *q, struct appmgr_ctl_app *out)
{
	struct appmgr_ctl_app d = devctl_app(), h = hello_app();

	if (memcmp(q->component_id, d.component_id, 16) == 0) {
		*out = d;
		return 1;
	}
	if (memcmp(q->component_id, h.component_id, 16) == 0) {
		*out = h;
		return 2;
	}
	return 0;
}

static void answer_app_op(struct fake_appmgr *f, const struct appmgr_ctl_req *q, struct answer *a)
{
	struct appmgr_ctl_app app;
	int which = named_app(q, &app);

	if (which == 0) {
		refuse(a, -ENOENT, "");
		return;
	}
	if (q->op == APPMGR_CTL_APP_STOP || q->op == APPMGR_CTL_DELETE) {
		if (which == 1) {
			refuse(a, -EPERM, "devctl is a system app");
			return;
		}
		app.state = APPMGR_CTL_STOPPED;
		app.pid = 0;
	}
	if (q->op == APPMGR_CTL_APP_START)
		app.state = q->flags & APPMGR_CTL_F_DEBUG ? APPMGR_CTL_DEBUGGING : APPMGR_CTL_RUNNING;
	if (q->op != APPMGR_CTL_DELETE)
		add(a, &app, sizeof(app));
}

static void answer_stage(struct fake_appmgr *f, const struct appmgr_ctl_req *q, const unsigned char *data,
			 size_t len, struct answer *a)
{
	struct appmgr_ctl_app staged;

	switch (q->op) {
	case APPMGR_CTL_STAGE_BEGIN:
		if (f->staging) {
			refuse(a, -EBUSY, "an image is being staged already");
			return;
		}
		if (q->arg > FAKE_SLOT_BYTES) {
			refuse(a, -EFBIG, "the package is larger than the 1024 KiB of an app slot");
			return;
		}
		f->staging = true;
		f->staged = false;
		f->stage_size = q->arg;
		f->stage_got = f->stage_sum = 0;
		f->stage_max_chunk = 0;
		a->msg.resp.arg = 3;
		return;
	case APPMGR_CTL_STAGE_DATA:
		if (!f->staging || len == 0 || f->stage_got + len > f->stage_size) {
			refuse(a, -EINVAL, "STAGE_DATA out of place");
			return;
		}
		for (size_t i = 0; i < len; i++) {
			if (f->stage_got + i < sizeof(f->stage_head))
				f->stage_head[f->stage_got + i] = (char)data[i];
			f->stage_sum += data[i];
		}
		f->stage_got += len;
		f->stage_max_chunk = len > f->stage_max_chunk ? len : f->stage_max_chunk;
		return;
	case APPMGR_CTL_STAGE_END:
		if (!f->staging || f->stage_got != f->stage_size) {
			refuse(a, -EINVAL, "STAGE_END before the whole package");
			return;
		}
		f->staging = false;
		if (memcmp(f->stage_head, "BAD", 3) == 0) {
			refuse(a, -EACCES, "the signature does not verify with any trusted key");
			return;
		}
		f->staged = true;
		staged = app_named(FAKE_STAGED_ID, "staged \"app\"", APPMGR_CTL_STAGED, 0);
		staged.version = 7;
		add(a, &staged, sizeof(staged));
		return;
	default: /* APPMGR_CTL_STAGE_ABORT */
		f->staging = f->staged = false;
		return;
	}
}

static void answer_install(struct fake_appmgr *f, const struct appmgr_ctl_req *q, struct answer *a)
{
	struct appmgr_ctl_app app;

	if (!f->staged) {
		refuse(a, -ENOENT, "");
		return;
	}
	f->staged = false;
	app = app_named(FAKE_STAGED_ID, "staged \"app\"",
			q->flags & APPMGR_CTL_F_MANUAL_START ? APPMGR_CTL_STOPPED : APPMGR_CTL_RUNNING, 0);
	app.version = 7;
	a->msg.resp.arg = 1;
	add(a, &app, sizeof(app));
}

static void answer_log(struct fake_appmgr *f, const struct appmgr_ctl_req *q, struct answer *a)
{
	static const uint8_t zero[16];
	struct appmgr_ctl_app app;
	struct appmgr_ctl_log pos;
	size_t room = sizeof(a->msg.bytes) - a->len - sizeof(pos);

	if (memcmp(q->component_id, zero, 16) != 0 && named_app(q, &app) == 0) {
		refuse(a, -ENOENT, "no such app");
		return;
	}
	pos.oldest = f->log_len > FAKE_LOG_HELD ? f->log_len - FAKE_LOG_HELD : 0;
	pos.start = q->arg > pos.oldest ? q->arg : pos.oldest;
	if (pos.start > f->log_len)
		pos.start = f->log_len;
	pos.end = f->log_len - pos.start > room ? pos.start + room : f->log_len;
	add(a, &pos, sizeof(pos));
	memcpy(a->msg.bytes + a->len, f->log + pos.start, pos.end - pos.start);
	a->len += pos.end - pos.start;
}

static void answer_device(struct answer *a)
{
	struct appmgr_ctl_device d = { .development_mode = 1, .secmon_reachable = 1, .uptime_s = 42,
				       .mem_total_kib = 3328, .mem_available_kib = 1500, .slots_used = 2,
				       .slots_total = 8, .flash_used_kib = 60, .flash_total_kib = 8192,
				       .storage_used_kib = 12, .storage_total_kib = 16384 };

	snprintf(d.device_id, sizeof(d.device_id), "%s", "00c0ffee");
	snprintf(d.os_version, sizeof(d.os_version), "%s", "spherule-test");
	add(a, &d, sizeof(d));
}

static void answer_net(struct answer *a)
{
	struct appmgr_ctl_iface lo = { .name = "lo", .up = 1, .prefix_len = 8, .ipv4 = { 127, 0, 0, 1 } };
	struct appmgr_ctl_iface eth = { .name = "eth0", .up = 0, .mac = { 0x52, 0x54, 0, 0x12, 0x34, 0x56 } };

	add(a, &lo, sizeof(lo));
	add(a, &eth, sizeof(eth));
}

/* GPIO_GET and GPIO_SET: the line's state, pulled as SET asks. */
static void answer_gpio(const struct appmgr_ctl_req *q, struct answer *a)
{
	struct appmgr_ctl_gpio g = { .number = (uint32_t)q->arg, .chip = "sim0",
				     .offset = (uint32_t)q->arg - FAKE_GPIO_SIM_FIRST };

	if (q->arg > FAKE_GPIO_LAST) {
		refuse(a, -ENODEV, "this board has no GPIO 81");
		return;
	}
	if (q->arg < FAKE_GPIO_SIM_FIRST) {
		refuse(a, -EOPNOTSUPP, "GPIO 0 is line 0 of 9030000.pl061, not a simulated line");
		return;
	}
	if (q->arg == FAKE_GPIO_OUTPUT) {
		if (q->op == APPMGR_CTL_GPIO_SET) {
			refuse(a, -EBUSY, "GPIO 9 is an output of blink: its level is the app's");
			return;
		}
		g.requested = g.output = g.value = 1;
	} else if (q->op == APPMGR_CTL_GPIO_SET) {
		g.value = g.pull = q->flags & 1u;
	}
	add(a, &g, sizeof(g));
}

static void answer(struct fake_appmgr *f, const unsigned char *msg, size_t len, struct answer *a)
{
	struct appmgr_ctl_req q;
	struct appmgr_ctl_app d = devctl_app(), h = hello_app();

	memcpy(&q, msg, sizeof(q));
	a->msg.resp.op = q.op;
	f->op_count[q.op & 31]++;
	f->last_flags = q.flags;
	f->last_arg = q.arg;
	if (f->fail_op == q.op && f->fail_status) {
		refuse(a, f->fail_status, f->fail_reason);
		return;
	}
	switch (q.op) {
	case APPMGR_CTL_LIST:
		add(a, &d, sizeof(d));
		add(a, &h, sizeof(h));
		break;
	case APPMGR_CTL_APP_STATUS:
	case APPMGR_CTL_APP_START:
	case APPMGR_CTL_APP_STOP:
	case APPMGR_CTL_DELETE:
		answer_app_op(f, &q, a);
		break;
	case APPMGR_CTL_STAGE_BEGIN:
	case APPMGR_CTL_STAGE_DATA:
	case APPMGR_CTL_STAGE_END:
	case APPMGR_CTL_STAGE_ABORT:
		answer_stage(f, &q, msg + sizeof(q), len - sizeof(q), a);
		break;
	case APPMGR_CTL_INSTALL:
		answer_install(f, &q, a);
		break;
	case APPMGR_CTL_LOG:
		answer_log(f, &q, a);
		break;
	case APPMGR_CTL_DEVICE:
		answer_device(a);
		break;
	case APPMGR_CTL_NET:
		answer_net(a);
		break;
	case APPMGR_CTL_GPIO_GET:
	case APPMGR_CTL_GPIO_SET:
		answer_gpio(&q, a);
		break;
	case APPMGR_CTL_RESTART:
	case APPMGR_CTL_SYSEVENT_SIMULATE:
		break;
	default:
		refuse(a, -EINVAL, "unknown op");
		break;
	}
}

static void *serve_ctl(void *arg)
{
	struct fake_appmgr *f = arg;
	static unsigned char msg[APPMGR_CTL_MAX_MSG + 1];
	static struct answer a;

	for (;;) {
		ssize_t n = recv(f->fd, msg, sizeof(msg), 0);

		if (n <= 0)
			return NULL;
		memset(&a, 0, sizeof(a));
		a.len = sizeof(a.msg.resp);
		pthread_mutex_lock(&f->lock);
		if ((size_t)n < sizeof(struct appmgr_ctl_req) ||
		    (size_t)n > sizeof(struct appmgr_ctl_req) + APPMGR_CTL_MAX_DATA) {
			fprintf(stderr, "fake appmgr: a request of %zd bytes\n", n);
			refuse(&a, -EMSGSIZE, "bad request size");
		} else {
			answer(f, msg, (size_t)n, &a);
		}
		pthread_mutex_unlock(&f->lock);
		if (send(f->fd, a.msg.bytes, a.len, MSG_NOSIGNAL) < 0)
			return NULL;
	}
}

int fake_appmgr_start(struct fake_appmgr *f)
{
	int sv[2];

	memset(f, 0, sizeof(*f));
	pthread_mutex_init(&f->lock, NULL);
	if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv) < 0)
		return -1;
	f->fd = sv[0];
	if (pthread_create(&f->thread, NULL, serve_ctl, f) != 0)
		return -1;
	return sv[1];
}

void fake_appmgr_log(struct fake_appmgr *f, const char *text)
{
	size_t n = strlen(text);

	pthread_mutex_lock(&f->lock);
	if (f->log_len + n <= sizeof(f->log)) {
		memcpy(f->log + f->log_len, text, n);
		f->log_len += n;
	}
	pthread_mutex_unlock(&f->lock);
}

void fake_appmgr_fail(struct fake_appmgr *f, uint16_t op, int32_t status, const char *reason)
{
	pthread_mutex_lock(&f->lock);
	f->fail_op = op;
	f->fail_status = status;
	snprintf(f->fail_reason, sizeof(f->fail_reason), "%s", reason);
	pthread_mutex_unlock(&f->lock);
}

unsigned fake_appmgr_count(struct fake_appmgr *f, uint16_t op)
{
	unsigned n;

	pthread_mutex_lock(&f->lock);
	n = f->op_count[op & 31];
	pthread_mutex_unlock(&f->lock);
	return n;
}

bool fake_appmgr_wait(struct fake_appmgr *f, uint16_t op, unsigned n, int ms)
{
	for (int waited = 0; waited <= ms; waited += 10) {
		if (fake_appmgr_count(f, op) > n)
			return true;
		poll(NULL, 0, 10);
	}
	return false;
}
