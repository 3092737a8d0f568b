/* kmsg_watch.c — the kernel's warnings from /dev/kmsg (see kmsg_watch.h). */
#include "kmsg_watch.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "failure_report.h"

#define CUT_HERE "------------[ cut here ]------------"

int kmsg_watch_open(struct kmsg_watch *w, const char *path)
{
	w->after_cut = false;
	w->fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (w->fd < 0)
		return -errno;
	if (lseek(w->fd, 0, SEEK_END) < 0) {
		int err = -errno;

		close(w->fd);
		w->fd = -1;
		return err;
	}
	return 0;
}

char *kmsg_record_message(char *rec, size_t len)
{
	char *semi = memchr(rec, ';', len), *end;

	if (!semi)
		return NULL;
	semi++;
	end = memchr(semi, '\n', len - (size_t)(semi - rec));
	if (!end)
		return NULL;
	*end = '\0';
	return semi;
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
	for (unsigned i = 0; w->fd >= 0 && i < KMSG_READS_PER_TURN; i++) {
		char rec[KMSG_RECORD_MAX];
		ssize_t n = read(w->fd, rec, sizeof(rec) - 1);
		char *line;

		/* EPIPE: records were overwritten before they were read; EINVAL:
		 * one longer than the buffer. Both are passed over. */
		if (n < 0 && (errno == EPIPE || errno == EINVAL || errno == EINTR))
			continue;
		if (n <= 0)
			return;
		rec[n] = '\0';
		line = kmsg_record_message(rec, (size_t)n);
		if (line && kmsg_is_warning(w, line))
			failure_report_kernel(r, line);
	}
}
