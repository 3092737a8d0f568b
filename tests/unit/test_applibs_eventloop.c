/* test_applibs_eventloop.c — applibs' EventLoop (applibs/eventloop.h) on
 * the host: dispatch, Run's durations and process_one_event, Stop from a
 * callback and from another thread, recursion, the errno of every
 * refusal, hangups, unregistering from a callback, the wait descriptor,
 * a signal during Run. TAP lines. */
#include <applibs/eventloop.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "signal_soon.h"
#include "tap.h"

/* What callbacks saw. */
struct seen {
	int calls;
	int fd;
	EventLoop_IoEvents events;
	int nested_result, nested_errno;
	bool stop, nest, drain;
	EventRegistration *unregister;  /* unregistered by the callback */
};

static void on_io(EventLoop *el, int fd, EventLoop_IoEvents events, void *context)
{
	struct seen *seen = context;
	char buf[64];

	seen->calls++;
	seen->fd = fd;
	seen->events = events;
	if (seen->drain && read(fd, buf, sizeof(buf)) < 0)
		seen->events = 0xdead;
	if (seen->nest) {
		seen->nested_result = EventLoop_Run(el, 0, false);
		seen->nested_errno = errno;
	}
	if (seen->unregister) {
		EventLoop_UnregisterIo(el, seen->unregister);
		seen->unregister = NULL;
	}
	if (seen->stop)
		EventLoop_Stop(el);
}

static void make_pipe(int p[2])
{
	if (pipe2(p, O_CLOEXEC | O_NONBLOCK) != 0) {
		perror("pipe2");
		_exit(2);
	}
}

static void put_byte(int fd)
{
	if (write(fd, "x", 1) != 1)
		_exit(2);
}

static int64_t ms_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void test_dispatch(void)
{
	EventLoop *el = EventLoop_Create();
	struct seen seen = { .drain = true };
	int p[2];
	EventRegistration *reg;

	make_pipe(p);
	reg = EventLoop_RegisterIo(el, p[0], EventLoop_Input, on_io, &seen);
	tap_ok(el && reg, "EventLoop_Create and EventLoop_RegisterIo of a pipe");
	tap_ok(EventLoop_Run(el, 0, false) == EventLoop_Run_FinishedEmpty && seen.calls == 0,
	       "Run(0) with nothing ready: FinishedEmpty, no callback");
	put_byte(p[1]);
	tap_ok(EventLoop_Run(el, 0, false) == EventLoop_Run_Finished && seen.calls == 1 &&
		       seen.fd == p[0] && seen.events == EventLoop_Input,
	       "Run(0) with input ready: Finished, the callback with the fd and EventLoop_Input");
	tap_ok(EventLoop_Run(el, 0, false) == EventLoop_Run_FinishedEmpty && seen.calls == 1,
	       "Run(0) once the input was read: FinishedEmpty");
	close(p[1]);
	seen.drain = false;
	tap_ok(EventLoop_Run(el, 0, false) == EventLoop_Run_Finished &&
		       seen.events == (EventLoop_Input | EventLoop_Error),
	       "the writer's end closed: EventLoop_Input | EventLoop_Error (read(2) sees the end)");
	tap_ok(EventLoop_UnregisterIo(el, reg) == 0, "EventLoop_UnregisterIo");
	EventLoop_Close(el);
	close(p[0]);
}

static void test_refusals(void)
{
	EventLoop *el = EventLoop_Create();
	struct seen seen = { 0 };
	int p[2];
	EventRegistration *reg;

	make_pipe(p);
	errno = 0;
	tap_ok(!EventLoop_RegisterIo(NULL, p[0], EventLoop_Input, on_io, &seen) && errno == EFAULT,
	       "RegisterIo with no loop: EFAULT");
	errno = 0;
	tap_ok(!EventLoop_RegisterIo(el, p[0], EventLoop_Input, NULL, &seen) && errno == EFAULT,
	       "RegisterIo with no callback: EFAULT");
	errno = 0;
	tap_ok(!EventLoop_RegisterIo(el, p[0], 0x02, on_io, &seen) && errno == EINVAL,
	       "RegisterIo with a bit that is no event: EINVAL");
	errno = 0;
	tap_ok(!EventLoop_RegisterIo(el, -1, EventLoop_Input, on_io, &seen) && errno == EBADF,
	       "RegisterIo of fd -1: EBADF");
	errno = 0;
	tap_ok(!EventLoop_RegisterIo(el, 1000, EventLoop_Input, on_io, &seen) && errno == EBADF,
	       "RegisterIo of a descriptor not open: EBADF");
	reg = EventLoop_RegisterIo(el, p[0], EventLoop_Input | EventLoop_Error, on_io, &seen);
	errno = 0;
	tap_ok(reg && !EventLoop_RegisterIo(el, p[0], EventLoop_Input, on_io, &seen) &&
		       errno == EEXIST,
	       "RegisterIo of a descriptor already registered: EEXIST");
	errno = 0;
	tap_ok(EventLoop_Run(NULL, 0, false) == EventLoop_Run_Failed && errno == EFAULT,
	       "Run with no loop: EFAULT");
	errno = 0;
	tap_ok(EventLoop_Stop(NULL) == -1 && errno == EFAULT, "Stop with no loop: EFAULT");
	errno = 0;
	tap_ok(EventLoop_GetWaitDescriptor(NULL) == -1 && errno == EFAULT,
	       "GetWaitDescriptor with no loop: EFAULT");
	errno = 0;
	tap_ok(EventLoop_ModifyIoEvents(el, NULL, EventLoop_Input) == -1 && errno == EFAULT,
	       "ModifyIoEvents with no registration: EFAULT");
	errno = 0;
	tap_ok(EventLoop_ModifyIoEvents(el, reg, 0x10) == -1 && errno == EINVAL,
	       "ModifyIoEvents with a bit that is no event: EINVAL");
	tap_ok(EventLoop_UnregisterIo(el, NULL) == 0, "UnregisterIo of NULL: nothing, 0");
	errno = 0;
	tap_ok(EventLoop_UnregisterIo(NULL, reg) == -1 && errno == EFAULT,
	       "UnregisterIo of a registration with no loop: EFAULT");
	/* Closed with the registration still in it. */
	EventLoop_Close(el);
	EventLoop_Close(NULL);
	close(p[0]);
	close(p[1]);
}

static void test_recursion_and_stop(void)
{
	EventLoop *el = EventLoop_Create();
	struct seen a = { .nest = true, .stop = true, .drain = true }, b = { .stop = true, .drain = true };
	int pa[2], pb[2];

	make_pipe(pa);
	make_pipe(pb);
	EventLoop_RegisterIo(el, pa[0], EventLoop_Input, on_io, &a);
	EventLoop_RegisterIo(el, pb[0], EventLoop_Input, on_io, &b);
	put_byte(pa[1]);
	tap_ok(EventLoop_Run(el, -1, false) == EventLoop_Run_Finished && a.calls == 1,
	       "Run(-1) returns when a callback calls EventLoop_Stop");
	tap_ok(a.nested_result == EventLoop_Run_Failed && a.nested_errno == EBUSY,
	       "Run from one of the loop's callbacks: EBUSY");
	put_byte(pa[1]);
	put_byte(pb[1]);
	EventLoop_Run(el, -1, false);
	tap_ok(a.calls + b.calls == 2, "Stop from a callback: no further event that run (%d, %d)",
	       a.calls, b.calls);
	a.stop = a.nest = b.stop = false;
	put_byte(pa[1]);
	put_byte(pb[1]);
	a.calls = b.calls = 0;
	tap_ok(EventLoop_Run(el, -1, true) == EventLoop_Run_Finished && a.calls + b.calls == 1,
	       "Run(-1, process_one_event): returns after one event");
	EventLoop_Run(el, 0, false);
	EventLoop_Run(el, 0, false);
	EventLoop_Close(el);
	close(pa[0]);
	close(pa[1]);
	close(pb[0]);
	close(pb[1]);
}

static void test_unregister_from_callback(void)
{
	EventLoop *el = EventLoop_Create();
	struct seen a = { .drain = true }, b = { .drain = true };
	int pa[2], pb[2];
	EventRegistration *ra, *rb;

	make_pipe(pa);
	make_pipe(pb);
	ra = EventLoop_RegisterIo(el, pa[0], EventLoop_Input, on_io, &a);
	rb = EventLoop_RegisterIo(el, pb[0], EventLoop_Input, on_io, &b);
	a.unregister = rb;
	b.unregister = ra;
	put_byte(pa[1]);
	put_byte(pb[1]);
	EventLoop_Run(el, 0, false);
	EventLoop_Run(el, 0, false);
	tap_ok(a.calls + b.calls == 1,
	       "a callback unregisters another ready registration: that one is not called");
	EventLoop_Close(el);
	close(pa[0]);
	close(pa[1]);
	close(pb[0]);
	close(pb[1]);
}

static void test_modify_and_wait_descriptor(void)
{
	EventLoop *el = EventLoop_Create();
	struct seen seen = { .drain = true };
	int p[2], wait_fd;
	struct pollfd pfd;
	EventRegistration *reg;

	make_pipe(p);
	reg = EventLoop_RegisterIo(el, p[0], EventLoop_None, on_io, &seen);
	put_byte(p[1]);
	tap_ok(EventLoop_Run(el, 0, false) == EventLoop_Run_FinishedEmpty && seen.calls == 0,
	       "registered for EventLoop_None: input does not call back");
	wait_fd = EventLoop_GetWaitDescriptor(el);
	pfd = (struct pollfd){ .fd = wait_fd, .events = POLLIN };
	tap_ok(wait_fd >= 0 && poll(&pfd, 1, 0) == 0,
	       "the wait descriptor is not readable while nothing is to be processed");
	tap_ok(EventLoop_ModifyIoEvents(el, reg, EventLoop_Input) == 0, "ModifyIoEvents to Input");
	tap_ok(poll(&pfd, 1, 0) == 1 && (pfd.revents & POLLIN),
	       "the wait descriptor is readable when an event is ready");
	tap_ok(EventLoop_Run(el, 0, false) == EventLoop_Run_Finished && seen.calls == 1,
	       "after ModifyIoEvents, the input calls back");
	EventLoop_Close(el);
	close(p[0]);
	close(p[1]);
}

static void *stop_later(void *el)
{
	struct timespec pause = { .tv_nsec = 50 * 1000 * 1000 };

	nanosleep(&pause, NULL);
	EventLoop_Stop(el);
	return NULL;
}

static void test_durations_and_threads(void)
{
	EventLoop *el = EventLoop_Create();
	pthread_t thread;
	int64_t start, took;
	EventLoop_Run_Result result;

	start = ms_now();
	result = EventLoop_Run(el, 80, false);
	took = ms_now() - start;
	tap_ok(result == EventLoop_Run_FinishedEmpty && took >= 75 && took < 2000,
	       "Run(80 ms) with nothing to do: FinishedEmpty after about 80 ms (%lld)",
	       (long long)took);
	pthread_create(&thread, NULL, stop_later, el);
	start = ms_now();
	result = EventLoop_Run(el, -1, false);
	took = ms_now() - start;
	pthread_join(thread, NULL);
	tap_ok(result == EventLoop_Run_FinishedEmpty && took >= 40 && took < 2000,
	       "Run(-1) returns when another thread calls EventLoop_Stop (%lld ms)",
	       (long long)took);
	EventLoop_Stop(el);
	start = ms_now();
	tap_ok(EventLoop_Run(el, 30, false) == EventLoop_Run_FinishedEmpty && ms_now() - start >= 25,
	       "a Stop between runs does not end the next run");
	EventLoop_Close(el);
}

static void test_signal(void)
{
	EventLoop *el = EventLoop_Create();
	EventLoop_Run_Result result;

	signal_soon(50);
	errno = 0;
	result = EventLoop_Run(el, 5000, false);
	tap_ok(result == EventLoop_Run_Failed && errno == EINTR && signals_caught == 1,
	       "a signal handler during Run: Failed with EINTR");
	EventLoop_Close(el);
	signal_soon_end();
}

int main(void)
{
	test_dispatch();
	test_refusals();
	test_recursion_and_stop();
	test_unregister_from_callback();
	test_modify_and_wait_descriptor();
	test_durations_and_threads();
	test_signal();
	return tap_done();
}
