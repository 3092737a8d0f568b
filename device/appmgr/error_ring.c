/* error_ring.c — the ring of failure reports and its file (see
 * error_ring.h). */
#include "error_ring.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "cramfs_crc32.h"
#include "small_file.h"

static uint32_t crc_of(const void *p, size_t n)
{
	return cramfs_crc32(0, p, n);
}

static void seal_head(struct error_ring_head *h)
{
	h->crc = crc_of(h, offsetof(struct error_ring_head, crc));
}

static bool slot_valid(const struct error_ring_slot *s)
{
	const struct app_svc_report *r = &s->report;

	return s->crc == crc_of(r, sizeof(*r)) && r->seq != 0 && r->kind >= APP_SVC_REPORT_CRASH &&
	       r->kind <= APP_SVC_REPORT_KERNEL_WARNING && r->stack_len <= APP_SVC_STACK_MAX &&
	       memchr(r->name, '\0', sizeof(r->name)) && memchr(r->detail, '\0', sizeof(r->detail));
}

/* Writes the header and the slots in use; nothing without a file. */
static int save(struct error_ring *r)
{
	r->head.count = 0;
	while (r->head.count < ERROR_RING_SIZE && r->slot[r->head.count].report.seq != 0)
		r->head.count++;
	seal_head(&r->head);
	if (!r->path)
		return 0;
	_Static_assert(offsetof(struct error_ring, slot) == sizeof(struct error_ring_head),
		       "the slots follow the header, as in the file");
	return small_file_replace(r->path, r, sizeof(r->head) + r->head.count * sizeof(r->slot[0]));
}

/* Reads what the file holds into r (the header and the slots it has, at
 * most ERROR_RING_SIZE): the bytes read, or -errno. */
static ssize_t read_file(struct error_ring *r, const char *path)
{
	size_t cap = sizeof(r->head) + sizeof(r->slot), got = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n = 0;

	if (fd < 0)
		return -errno;
	while (got < cap && (n = read(fd, (uint8_t *)r + got, cap - got)) > 0)
		got += (size_t)n;
	close(fd);
	return n < 0 ? -errno : (ssize_t)got;
}

/* Keeps the valid slots of the n read, in increasing seq (the file's order;
 * one out of order is damage too); counts the others. */
static unsigned keep_valid(struct error_ring *r, size_t n)
{
	unsigned kept = 0, skipped = 0;
	uint32_t last = 0;

	for (size_t i = 0; i < n; i++) {
		if (!slot_valid(&r->slot[i]) || r->slot[i].report.seq <= last) {
			skipped++;
			continue;
		}
		last = r->slot[i].report.seq;
		if (kept != i)
			r->slot[kept] = r->slot[i];
		kept++;
	}
	memset(&r->slot[kept], 0, (ERROR_RING_SIZE - kept) * sizeof(r->slot[0]));
	return skipped;
}

static bool head_valid(const struct error_ring_head *h)
{
	return h->magic == ERROR_RING_MAGIC && h->format == ERROR_RING_FORMAT &&
	       h->crc == crc_of(h, offsetof(struct error_ring_head, crc));
}

void error_ring_open(struct error_ring *r, const char *path, struct error_ring_open_result *res)
{
	ssize_t got = path ? read_file(r, path) : -ENOENT;
	size_t slots = 0;
	bool head_ok;

	memset(res, 0, sizeof(*res));
	if (got < (ssize_t)sizeof(r->head) || r->head.magic != ERROR_RING_MAGIC ||
	    r->head.format != ERROR_RING_FORMAT) {
		memset(r, 0, sizeof(*r));
		res->fresh = true;
	} else {
		slots = ((size_t)got - sizeof(r->head)) / sizeof(r->slot[0]);
	}
	head_ok = !res->fresh && head_valid(&r->head);
	if (head_ok && r->head.count < slots)
		slots = r->head.count;
	res->skipped = keep_valid(r, slots);
	if (!head_ok) {
		/* Rebuilt from the records: later than any of them. */
		uint32_t boot = 0, seq = 0;

		for (size_t i = 0; i < ERROR_RING_SIZE && r->slot[i].report.seq; i++) {
			if (r->slot[i].report.boot > boot)
				boot = r->slot[i].report.boot;
			seq = r->slot[i].report.seq;
		}
		r->head = (struct error_ring_head){ ERROR_RING_MAGIC, ERROR_RING_FORMAT, boot, seq + 1, 0, 0, 0, 0 };
	}
	if (r->head.next_seq == 0)
		r->head.next_seq = 1;
	r->head.boot++;
	r->path = path;
	/* What the last boot kept may have reached the service (read, its drop
	 * lost to the reboot): nothing coalesces into it. */
	r->read_seq = r->head.next_seq - 1;
	res->save_err = save(r);
}

/* Whether event and the record rec are the same failure. */
static bool same_event(const struct app_svc_report *rec, const struct app_svc_report *event)
{
	return rec->kind == event->kind && rec->version == event->version &&
	       memcmp(rec->component_id, event->component_id, sizeof(rec->component_id)) == 0 &&
	       (rec->flags & (APP_SVC_REPORT_HAS_SIGNAL | APP_SVC_REPORT_HAS_EXIT | APP_SVC_REPORT_HAS_FAULT)) ==
		       (event->flags & (APP_SVC_REPORT_HAS_SIGNAL | APP_SVC_REPORT_HAS_EXIT |
					APP_SVC_REPORT_HAS_FAULT)) &&
	       rec->signal == event->signal && rec->exit_code == event->exit_code && rec->pc == event->pc &&
	       strncmp(rec->detail, event->detail, sizeof(rec->detail)) == 0;
}

int error_ring_add(struct error_ring *r, const struct app_svc_report *event, uint32_t *seq)
{
	size_t n = 0;

	for (; n < ERROR_RING_SIZE && r->slot[n].report.seq != 0; n++) {
		struct app_svc_report *rec = &r->slot[n].report;

		if (rec->seq > r->read_seq && same_event(rec, event)) {
			if (rec->count != UINT32_MAX)
				rec->count++;
			rec->time = event->time;
			rec->boot = r->head.boot;
			rec->rss_kib = event->rss_kib;
			r->slot[n].crc = crc_of(rec, sizeof(*rec));
			*seq = rec->seq;
			return save(r);
		}
	}
	if (n == ERROR_RING_SIZE) {
		if (r->slot[0].report.seq > r->read_seq)
			r->head.lost++;
		memmove(&r->slot[0], &r->slot[1], (ERROR_RING_SIZE - 1) * sizeof(r->slot[0]));
		n--;
	}
	r->slot[n].reserved = 0;
	r->slot[n].report = *event;
	r->slot[n].report.seq = r->head.next_seq++;
	r->slot[n].report.boot = r->head.boot;
	r->slot[n].report.count = 1;
	r->slot[n].report.name[sizeof(event->name) - 1] = '\0';
	r->slot[n].report.detail[sizeof(event->detail) - 1] = '\0';
	r->slot[n].crc = crc_of(&r->slot[n].report, sizeof(r->slot[n].report));
	*seq = r->slot[n].report.seq;
	return save(r);
}

size_t error_ring_read(struct error_ring *r, uint32_t after, struct app_svc_report *out, size_t max, bool *more)
{
	size_t got = 0;

	*more = false;
	for (size_t i = 0; i < ERROR_RING_SIZE && r->slot[i].report.seq != 0; i++) {
		const struct app_svc_report *rec = &r->slot[i].report;

		if (rec->seq <= after)
			continue;
		if (got == max) {
			*more = true;
			break;
		}
		out[got++] = *rec;
		if (rec->seq > r->read_seq)
			r->read_seq = rec->seq;
	}
	return got;
}

int error_ring_drop(struct error_ring *r, uint32_t upto, uint32_t *dropped)
{
	size_t n = 0;

	while (n < ERROR_RING_SIZE && r->slot[n].report.seq != 0 && r->slot[n].report.seq <= upto)
		n++;
	*dropped = (uint32_t)n;
	if (n == 0)
		return 0;
	memmove(&r->slot[0], &r->slot[n], (ERROR_RING_SIZE - n) * sizeof(r->slot[0]));
	memset(&r->slot[ERROR_RING_SIZE - n], 0, n * sizeof(r->slot[0]));
	return save(r);
}
