/* eventloop_internal.h — what other applibs files need of an event loop's
 * registrations beyond the public API (applibs/eventloop.h). */
#ifndef APPLIBS_EVENTLOOP_INTERNAL_H
#define APPLIBS_EVENTLOOP_INTERNAL_H

#include <applibs/eventloop.h>

/* The loop reg belongs to. */
EventLoop *eventloop_of(const EventRegistration *reg);

/* Stops watching reg's descriptor (at its end: its hangup would wake the
 * loop forever) while reg stays registered until EventLoop_UnregisterIo. */
void eventloop_detach(EventRegistration *reg);

#endif
