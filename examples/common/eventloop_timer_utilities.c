/* eventloop_timer_utilities.c — timerfd-backed timers in an applibs
 * EventLoop (see eventloop_timer_utilities.h). */
#include "eventloop_timer_utilities.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/timerfd.h>
#include <unistd.h>

struct EventLoopTimer {
	EventLoop *eventLoop;
	EventLoopTimerHandler handler;
	int fd;
	EventRegistration *registration;
};

static void TimerCallback(EventLoop *el, int fd, EventLoop_IoEvents events, void *context)
{
	(void)el;
	(void)fd;
	(void)events;
	EventLoopTimer *timer = context;

	timer->handler(timer);
}

/* Sets timer's expiry: first after *first, then every *interval (zero: once). */
static int ArmTimer(EventLoopTimer *timer, const struct timespec *first, const struct timespec *interval)
{
	struct itimerspec spec = { .it_value = *first, .it_interval = *interval };

	return timerfd_settime(timer->fd, 0, &spec, NULL);
}

EventLoopTimer *CreateEventLoopDisarmedTimer(EventLoop *eventLoop, EventLoopTimerHandler handler)
{
	EventLoopTimer *timer;
	int err;

	if (eventLoop == NULL || handler == NULL) {
		errno = EINVAL;
		return NULL;
	}
	timer = calloc(1, sizeof(*timer));
	if (timer == NULL)
		return NULL;
	timer->eventLoop = eventLoop;
	timer->handler = handler;
	timer->fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	if (timer->fd >= 0) {
		timer->registration = EventLoop_RegisterIo(eventLoop, timer->fd, EventLoop_Input,
							   TimerCallback, timer);
		if (timer->registration != NULL)
			return timer;
	}
	err = errno;
	if (timer->fd >= 0)
		close(timer->fd);
	free(timer);
	errno = err;
	return NULL;
}

EventLoopTimer *CreateEventLoopPeriodicTimer(EventLoop *eventLoop, EventLoopTimerHandler handler,
					     const struct timespec *period)
{
	EventLoopTimer *timer = CreateEventLoopDisarmedTimer(eventLoop, handler);

	if (timer != NULL && SetEventLoopTimerPeriod(timer, period) != 0) {
		int err = errno;

		DisposeEventLoopTimer(timer);
		errno = err;
		return NULL;
	}
	return timer;
}

void DisposeEventLoopTimer(EventLoopTimer *timer)
{
	if (timer == NULL)
		return;
	EventLoop_UnregisterIo(timer->eventLoop, timer->registration);
	close(timer->fd);
	free(timer);
}

int ConsumeEventLoopTimerEvent(EventLoopTimer *timer)
{
	uint64_t expirations;

	if (read(timer->fd, &expirations, sizeof(expirations)) != (ssize_t)sizeof(expirations))
		return -1;
	return 0;
}

int SetEventLoopTimerPeriod(EventLoopTimer *timer, const struct timespec *period)
{
	if (period == NULL || (period->tv_sec == 0 && period->tv_nsec == 0)) {
		errno = EINVAL;
		return -1;
	}
	return ArmTimer(timer, period, period);
}

int SetEventLoopTimerOneShot(EventLoopTimer *timer, const struct timespec *delay)
{
	static const struct timespec once = { 0, 0 };

	if (delay == NULL || (delay->tv_sec == 0 && delay->tv_nsec == 0)) {
		errno = EINVAL;
		return -1;
	}
	return ArmTimer(timer, delay, &once);
}

int DisarmEventLoopTimer(EventLoopTimer *timer)
{
	static const struct timespec zero = { 0, 0 };

	return ArmTimer(timer, &zero, &zero);
}
