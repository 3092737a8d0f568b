/* app_svc_reports.c — the failure reports' ops of the app service (see
 * app_svc_reports.h). */
#include "app_svc_reports.h"

#include <errno.h>
#include <signal.h>
#include <string.h>

#include "log.h"

_Static_assert(sizeof(struct app_svc_reports) <= sizeof(((struct app_svc_answer *)0)->body) &&
		       sizeof(struct app_svc_reports_dropped) <= sizeof(((struct app_svc_answer *)0)->body),
	       "the reports' records fit an answer");

static bool crash_signal(uint32_t sig)
{
	return sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE || sig == SIGABRT;
}

int app_svc_crash_info(struct app *a, const uint8_t *payload, struct error_detail *why)
{
	struct app_svc_crash_info c;

	memcpy(&c, payload, sizeof(c));
	if (!crash_signal(c.signal) || c.stack_len > APP_SVC_STACK_MAX)
		return error_detail_set(why, -EINVAL, "signal %u or a stack of %u entries: no crash handler's",
					c.signal, c.stack_len);
	if (a->pid <= 0 || c.pid != (uint32_t)a->pid)
		return error_detail_set(why, -ESRCH, "pid %u is not the app's main process", c.pid);
	a->crash = c;
	a->crash_valid = true;
	return 0;
}

int app_svc_reports(struct supervisor *s, const struct app_svc_req *req, struct app_svc_answer *ans,
		    struct error_detail *why)
{
	if (req->op == APP_SVC_REPORTS_READ) {
		struct app_svc_reports rec = { 0 };
		bool more;

		rec.count = (uint32_t)error_ring_read(s->reports, req->arg, rec.report, APP_SVC_REPORTS_PER_ANSWER,
						      &more);
		rec.more = more;
		app_svc_answer_put(ans, &rec, sizeof(rec));
		return 0;
	} else {
		struct app_svc_reports_dropped rec = { 0 };
		int err = error_ring_drop(s->reports, req->arg, &rec.dropped);

		if (err != 0)
			return error_detail_set(why, err, "cannot write %s: %s", s->reports->path, strerror(-err));
		rec.left = s->reports->head.count;
		if (rec.dropped)
			log_line("failure reports up to %u dropped: the service has them (%u left)", req->arg,
				 rec.left);
		app_svc_answer_put(ans, &rec, sizeof(rec));
		return 0;
	}
}
