/* eventloop_timer_utilities.h — timers for an applibs EventLoop, the helper
 * every Azure Sphere high-level sample carries beside its main.c, written
 * for Spherule's examples with the same calls: a timer is a timerfd
 * registered for input in the loop; its handler must consume the expiry
 * with ConsumeEventLoopTimerEvent(). */
#pragma once

#include <time.h>

#include <applibs/eventloop.h>

typedef struct EventLoopTimer EventLoopTimer;
typedef void (*EventLoopTimerHandler)(EventLoopTimer *timer);

/* A timer firing every *period, the first time one period from now; NULL
 * with errno set on failure. */
EventLoopTimer *CreateEventLoopPeriodicTimer(EventLoop *eventLoop, EventLoopTimerHandler handler,
					     const struct timespec *period);

/* A timer that does not fire until SetEventLoopTimerPeriod or
 * SetEventLoopTimerOneShot arms it; NULL with errno set on failure. */
EventLoopTimer *CreateEventLoopDisarmedTimer(EventLoop *eventLoop, EventLoopTimerHandler handler);

/* Unregisters and frees timer; NULL is allowed. */
void DisposeEventLoopTimer(EventLoopTimer *timer);

/* Reads the expiry count from the timer, as its handler must: 0, or -1 with
 * errno set. */
int ConsumeEventLoopTimerEvent(EventLoopTimer *timer);

/* Re-arms timer to fire every *period from now: 0, or -1 with errno set. */
int SetEventLoopTimerPeriod(EventLoopTimer *timer, const struct timespec *period);

/* Arms timer to fire once, *delay from now: 0, or -1 with errno set. */
int SetEventLoopTimerOneShot(EventLoopTimer *timer, const struct timespec *delay);

/* Stops timer from firing until armed again: 0, or -1 with errno set. */
int DisarmEventLoopTimer(EventLoopTimer *timer);
