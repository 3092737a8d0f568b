/* eventloop.c — EventLoop (applibs/eventloop.h) over epoll. Each
 * epoll_wait takes one event, which is dispatched at once: a callback may
 * unregister any registration, its own included, without another event
 * still pointing at it, and level triggering keeps the ready descriptors
 * taking turns. An eventfd in the same epoll set lets EventLoop_Stop wake
 * a loop waiting in another thread. */
#include <applibs/eventloop.h>

#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "applibs_errno.h"
#include "eventloop_internal.h"

#define IO_EVENTS_ALL (EventLoop_Input | EventLoop_Output | EventLoop_Error)

struct EventRegistration {
	EventLoop *el;
	int fd;
	EventLoop_IoEvents events;
	bool attached;                /* its descriptor is in the epoll set */
	EventLoopIoCallback *callback;
	void *context;
	EventRegistration *prev, *next;
};

struct EventLoop {
	int epoll_fd;
	int wake_fd;                  /* eventfd, in the epoll set with data.ptr NULL */
	bool running;                 /* in EventLoop_Run */
	atomic_bool stop;             /* EventLoop_Stop was called during this run */
	EventRegistration *regs;
};

static uint32_t epoll_events_of(EventLoop_IoEvents events)
{
	return (events & EventLoop_Input ? EPOLLIN : 0u) | (events & EventLoop_Output ? EPOLLOUT : 0u);
}

/* What the callback of reg is told for the epoll events got. A hangup is an
 * error, and also input for a reader: read(2) then sees the end. */
static EventLoop_IoEvents io_events_of(const EventRegistration *reg, uint32_t got)
{
	EventLoop_IoEvents events = EventLoop_None;

	if (got & EPOLLIN)
		events |= EventLoop_Input;
	if (got & EPOLLOUT)
		events |= EventLoop_Output;
	if (got & (EPOLLERR | EPOLLHUP))
		events |= EventLoop_Error;
	if (got & EPOLLHUP)
		events |= reg->events & EventLoop_Input;
	return events;
}

static void drain_wake(EventLoop *el)
{
	uint64_t count;

	while (read(el->wake_fd, &count, sizeof(count)) > 0)
		;
}

EventLoop *EventLoop_Create(void)
{
	struct epoll_event wake = { .events = EPOLLIN, .data.ptr = NULL };
	EventLoop *el = calloc(1, sizeof(*el));
	int err;

	if (!el)
		return NULL;
	el->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
	el->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (el->epoll_fd >= 0 && el->wake_fd >= 0 &&
	    epoll_ctl(el->epoll_fd, EPOLL_CTL_ADD, el->wake_fd, &wake) == 0) {
		atomic_init(&el->stop, false);
		return el;
	}
	err = errno;
	if (el->epoll_fd >= 0)
		close(el->epoll_fd);
	if (el->wake_fd >= 0)
		close(el->wake_fd);
	free(el);
	errno = err;
	return NULL;
}

void EventLoop_Close(EventLoop *el)
{
	if (!el)
		return;
	while (el->regs) {
		EventRegistration *next = el->regs->next;

		free(el->regs);
		el->regs = next;
	}
	close(el->epoll_fd);
	close(el->wake_fd);
	free(el);
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The epoll_wait timeout of a run with duration ms ending at deadline. */
static int wait_timeout(int duration, int64_t deadline)
{
	int64_t left;

	if (duration <= 0)
		return duration == 0 ? 0 : -1;
	left = deadline - now_ms();
	return left > 0 ? (int)left : 0;
}

/* Waits for and dispatches one event: 1 when a callback ran, 0 when none
 * did, -1 with errno on failure. */
static int dispatch_one(EventLoop *el, int timeout)
{
	struct epoll_event got;
	EventRegistration *reg;
	int n = epoll_wait(el->epoll_fd, &got, 1, timeout);

	if (n <= 0)
		return n;
	reg = got.data.ptr;
	if (!reg) {
		drain_wake(el);
		return 0;
	}
	reg->callback(el, reg->fd, io_events_of(reg, got.events), reg->context);
	return 1;
}

static EventLoop_Run_Result run(EventLoop *el, int duration, bool process_one_event)
{
	int64_t deadline = duration > 0 ? now_ms() + duration : 0;
	bool processed = false;

	for (;;) {
		int result = dispatch_one(el, wait_timeout(duration, deadline));

		if (result < 0)
			return EventLoop_Run_Failed;
		processed = processed || result > 0;
		if (atomic_load(&el->stop) || duration == 0 || (processed && process_one_event) ||
		    (duration > 0 && now_ms() >= deadline))
			break;
	}
	return processed ? EventLoop_Run_Finished : EventLoop_Run_FinishedEmpty;
}

EventLoop_Run_Result EventLoop_Run(EventLoop *el, int duration_in_milliseconds,
				   bool process_one_event)
{
	EventLoop_Run_Result result;

	if (!el)
		return applibs_fail(EFAULT);
	if (el->running)
		return applibs_fail(EBUSY);
	el->running = true;
	atomic_store(&el->stop, false);
	drain_wake(el);
	result = run(el, duration_in_milliseconds, process_one_event);
	el->running = false;
	return result;
}

int EventLoop_GetWaitDescriptor(EventLoop *el)
{
	return el ? el->epoll_fd : applibs_fail(EFAULT);
}

int EventLoop_Stop(EventLoop *el)
{
	uint64_t one = 1;

	if (!el)
		return applibs_fail(EFAULT);
	atomic_store(&el->stop, true);
	/* Wakes a run waiting in another thread; a full counter wakes it too. */
	if (write(el->wake_fd, &one, sizeof(one)) < 0 && errno != EAGAIN)
		return -1;
	return 0;
}

EventRegistration *EventLoop_RegisterIo(EventLoop *el, int fd, EventLoop_IoEvents eventBitmask,
					EventLoopIoCallback *callback, void *context)
{
	struct epoll_event ev = { .events = epoll_events_of(eventBitmask) };
	EventRegistration *reg;

	if (!el || !callback) {
		errno = EFAULT;
		return NULL;
	}
	if (eventBitmask & ~(EventLoop_IoEvents)IO_EVENTS_ALL) {
		errno = EINVAL;
		return NULL;
	}
	if (fd < 0) {
		errno = EBADF;
		return NULL;
	}
	reg = calloc(1, sizeof(*reg));
	if (!reg)
		return NULL;
	*reg = (EventRegistration){ .el = el, .fd = fd, .events = eventBitmask, .attached = true,
				    .callback = callback, .context = context, .next = el->regs };
	ev.data.ptr = reg;
	if (epoll_ctl(el->epoll_fd, EPOLL_CTL_ADD, fd, &ev) != 0) {
		int err = errno;

		free(reg);
		errno = err;
		return NULL;
	}
	if (el->regs)
		el->regs->prev = reg;
	el->regs = reg;
	return reg;
}

int EventLoop_ModifyIoEvents(EventLoop *el, EventRegistration *reg,
			     EventLoop_IoEvents eventBitmask)
{
	struct epoll_event ev = { .events = epoll_events_of(eventBitmask), .data.ptr = reg };

	if (!el || !reg)
		return applibs_fail(EFAULT);
	if (eventBitmask & ~(EventLoop_IoEvents)IO_EVENTS_ALL)
		return applibs_fail(EINVAL);
	if (reg->attached && epoll_ctl(el->epoll_fd, EPOLL_CTL_MOD, reg->fd, &ev) != 0)
		return -1;
	reg->events = eventBitmask;
	return 0;
}

int EventLoop_UnregisterIo(EventLoop *el, EventRegistration *reg)
{
	if (!reg)
		return 0;
	if (!el)
		return applibs_fail(EFAULT);
	/* A descriptor already closed has left the set by itself. */
	eventloop_detach(reg);
	if (reg->prev)
		reg->prev->next = reg->next;
	else
		el->regs = reg->next;
	if (reg->next)
		reg->next->prev = reg->prev;
	free(reg);
	return 0;
}

EventLoop *eventloop_of(const EventRegistration *reg)
{
	return reg->el;
}

void eventloop_detach(EventRegistration *reg)
{
	if (reg->attached)
		epoll_ctl(reg->el->epoll_fd, EPOLL_CTL_DEL, reg->fd, NULL);
	reg->attached = false;
}
