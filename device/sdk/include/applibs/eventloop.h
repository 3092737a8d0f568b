/* applibs/eventloop.h — the event loop of an app (Azure Sphere applibs,
 * same declarations and semantics), over epoll. An EventLoop is used by
 * one thread at a time; only EventLoop_Stop may be called from another. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct EventLoop EventLoop;
typedef struct EventRegistration EventRegistration;

/* A new event loop, or NULL with errno (ENOMEM, EMFILE, ...). Free it with
 * EventLoop_Close. */
EventLoop *EventLoop_Create(void);

/* Frees el and every registration still in it. */
void EventLoop_Close(EventLoop *el);

typedef int EventLoop_Run_Result;
enum {
    EventLoop_Run_Failed = -1,       /* errno says why */
    EventLoop_Run_FinishedEmpty = 0, /* no event was processed */
    EventLoop_Run_Finished = 1,      /* one or more events were processed */
};

/* Dispatches events in the caller's thread. duration_in_milliseconds 0:
 * at most one ready event, without waiting (process_one_event ignored);
 * > 0: for that long; < 0: until EventLoop_Stop. With process_one_event,
 * it returns after the first event it processed. Errors: EFAULT (el is
 * NULL), EBUSY (called from one of el's own callbacks), EINTR (a signal
 * handler ran). */
EventLoop_Run_Result EventLoop_Run(EventLoop *el, int duration_in_milliseconds,
                                   bool process_one_event);

/* A descriptor that polls readable while el has events to process, or -1
 * with errno EFAULT. */
int EventLoop_GetWaitDescriptor(EventLoop *el);

/* Ends el's current EventLoop_Run: at once from one of its callbacks,
 * soon from another thread. 0, or -1 with errno EFAULT. */
int EventLoop_Stop(EventLoop *el);

typedef uint32_t EventLoop_IoEvents;
enum {
    EventLoop_None = 0x00,
    EventLoop_Input = 0x01,  /* readable */
    EventLoop_Output = 0x04, /* writable */
    EventLoop_Error = 0x08,  /* an error condition: always reported */
};

typedef void EventLoopIoCallback(EventLoop *el, int fd, EventLoop_IoEvents events, void *context);

/* Calls callback(el, fd, events, context) from EventLoop_Run when fd has
 * one of the events of eventBitmask. The registration lasts until
 * EventLoop_UnregisterIo or EventLoop_Close; fd must stay open meanwhile.
 * NULL with errno: EFAULT (el or callback NULL), EINVAL (eventBitmask has
 * other bits), EBADF (fd is not an open descriptor), EEXIST (fd is already
 * registered with el). */
EventRegistration *EventLoop_RegisterIo(EventLoop *el, int fd, EventLoop_IoEvents eventBitmask,
                                        EventLoopIoCallback *callback, void *context);

/* Changes the events of reg. 0, or -1 with errno EFAULT or EINVAL. */
int EventLoop_ModifyIoEvents(EventLoop *el, EventRegistration *reg,
                             EventLoop_IoEvents eventBitmask);

/* Ends reg (NULL: nothing to do). 0, or -1 with errno EFAULT (el NULL and
 * reg not). */
int EventLoop_UnregisterIo(EventLoop *el, EventRegistration *reg);

#ifdef __cplusplus
}
#endif
