/* kmsg_watch.c — the kernel's warnings from the kernel log (see kmsg_watch.h). */
#include "kmsg_watch.h"

#include <errno.h>
#include <string.h>
#include <sys/klog.h>

#include "failure_report.h"

#define CUT_HERE "------------[ cut here ]------------"
/* syslog(2)'s actions (the kernel's include/linux/syslog.h, not exported). */
#define SYSLOG_ACTION_READ 2
#define SYSLOG_ACTION_SIZE_UNREAD 9

ssize_t kmsg_syslog_read(char *buf, size_t len)
{
	int n = klogctl(SYSLOG_ACTION_SIZE_UNREAD, NULL, 0);

	if (n > 0)
		n = klogctl(SYSLOG_ACTION_READ, buf, (int)len);
	return n < 0 ? -errno : n;
}

int kmsg_watch_open(struct kmsg_watch *w, kmsg_read_fn read)
{
	char buf[KMSG_READ_MAX];
	ssize_t n = 0;

	w->after_cut = false;
	w->read = read;
	for (unsigned i = 0; i < KMSG_DRAIN_MAX && (n = read(buf, sizeof(buf))) > 0; i++)
		;
	if (n < 0)
		w->read = NULL;
	return n < 0 ? (int)n : 0;
}

const char *kmsg_line_message(const char *line)
{
	const char *p = line;

	if (*p == '<') {
		const char *end = strchr(p, '>');
		if (end)
			p = end + 1;
	}
	if (*p == '[') {
		const char *end = strchr(p, ']');
		if (end)
			p = end + 1 + (end[1] == ' ');
	}
	return p;
}

bool kmsg_is_warning(struct kmsg_watch *w, const char *line)
{
	bool cut = w->after_cut;

	w->after_cut = strstr(line, CUT_HERE) != NULL;
	if (w->after_cut)
		return false;
	return cut || strncmp(line, "WARNING:", 8) == 0 || strncmp(line, "BUG:", 4) == 0;
}

void kmsg_watch_read(struct kmsg_watch *w, struct error_ring *r)
{
	for (unsigned i = 0; w->read && i < KMSG_READS_PER_TURN; i++) {
		char buf[KMSG_READ_MAX + 1];
		ssize_t n = w->read(buf, KMSG_READ_MAX);
		char *line, *next;

		if (n <= 0)
			return;
		buf[n] = '\0';
		for (line = buf; *line; line = next) {
			const char *msg;

			next = strchr(line, '\n');
			next = next ? (*next = '\0', next + 1) : line + strlen(line);
			msg = kmsg_line_message(line);
			if (kmsg_is_warning(w, msg))
				failure_report_kernel(r, msg);
		}
	}
}
