/* sysevent.c — system event notifications (applibs/sysevent.h). appmgr
 * gives the registered app an event socket (APP_SVC_SYSEVENT_REGISTER);
 * each message on it, a struct app_svc_event, is one status change,
 * handed to the app's callback from its event loop. Deferring and resuming
 * are requests to appmgr, which checks SoftwareUpdateDeferral. */
#include <applibs/sysevent.h>

#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "app_service_client.h"
#include "applibs_errno.h"
#include "eventloop_internal.h"

/* The event bits travel as they are. */
_Static_assert(SysEvent_Events_UpdateReadyForInstall == APP_SVC_EVENT_UPDATE, "event bit");
_Static_assert(SysEvent_Events_UpdateStarted == APP_SVC_EVENT_UPDATE_STARTED, "event bit");
_Static_assert(SysEvent_Events_NoUpdateAvailable == APP_SVC_EVENT_NO_UPDATE, "event bit");
_Static_assert(SysEvent_Events_Mask == APP_SVC_EVENT_ALL, "event bits");

struct SysEvent_Info {
	SysEvent_Events event;
	SysEvent_Info_UpdateData update;
};

/* The one registration (reg NULL: none). */
static struct {
	EventRegistration *reg;
	int fd;
	SysEvent_Events events;
	SysEvent_EventsCallback *callback;
	void *context;
} registered;

/* appmgr's status as applibs', or Invalid for one it does not know. */
static SysEvent_Status status_of(uint32_t status)
{
	switch (status) {
	case APP_SVC_STATUS_PENDING:
		return SysEvent_Status_Pending;
	case APP_SVC_STATUS_FINAL:
		return SysEvent_Status_Final;
	case APP_SVC_STATUS_DEFERRED:
		return SysEvent_Status_Deferred;
	case APP_SVC_STATUS_COMPLETE:
		return SysEvent_Status_Complete;
	default:
		return SysEvent_Status_Invalid;
	}
}

static SysEvent_UpdateType update_type_of(uint32_t type)
{
	switch (type) {
	case APP_SVC_UPDATE_APP:
		return SysEvent_UpdateType_App;
	case APP_SVC_UPDATE_SYSTEM:
		return SysEvent_UpdateType_System;
	default:
		return SysEvent_UpdateType_Invalid;
	}
}

/* Whether events is exactly one event. */
static bool one_event(SysEvent_Events events)
{
	return events != 0 && (events & (events - 1)) == 0 && (events & ~SysEvent_Events_Mask) == 0;
}

/* One message of the event socket: the callback for an event registered
 * with a status known; anything else is dropped. */
static void deliver(const struct app_svc_event *msg)
{
	SysEvent_Status status = status_of(msg->status);
	SysEvent_Info info = {
		.event = msg->event,
		.update = { .max_deferral_time_in_minutes = msg->max_deferral_minutes,
			    .update_type = update_type_of(msg->update_type) },
	};

	if (!one_event(msg->event) || !(msg->event & registered.events) ||
	    status == SysEvent_Status_Invalid)
		return;
	registered.callback(info.event, status, &info, registered.context);
}

static void on_event_socket(EventLoop *el, int fd, EventLoop_IoEvents events, void *context)
{
	/* One byte more than a message: a longer one is not taken for one. */
	unsigned char buf[sizeof(struct app_svc_event) + 1];
	struct app_svc_event msg;
	ssize_t n;

	do
		n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
	while (n < 0 && errno == EINTR);
	if (n == 0 || (n < 0 && errno != EAGAIN)) {
		/* appmgr closed it: no more events, and no wakeups either. */
		eventloop_detach(registered.reg);
		return;
	}
	if (n != sizeof(msg))
		return;
	memcpy(&msg, buf, sizeof(msg));
	deliver(&msg);
}

EventRegistration *SysEvent_RegisterForEventNotifications(EventLoop *el,
							  SysEvent_Events eventBitmask,
							  SysEvent_EventsCallback *callback,
							  void *context)
{
	int fd, result;
	struct app_svc_call call = { .op = APP_SVC_SYSEVENT_REGISTER, .arg = eventBitmask, .fd = &fd };
	EventRegistration *reg;

	if (!el || !callback)
		result = -EFAULT;
	else if (eventBitmask == 0 || (eventBitmask & ~SysEvent_Events_Mask))
		result = -EINVAL;
	else if (registered.reg)
		result = -EEXIST;
	else
		result = app_svc_call(&call);
	if (result < 0) {
		errno = -result;
		return NULL;
	}
	reg = EventLoop_RegisterIo(el, fd, EventLoop_Input, on_event_socket, NULL);
	if (!reg) {
		int err = errno;

		close(fd);
		errno = err;
		return NULL;
	}
	registered.reg = reg;
	registered.fd = fd;
	registered.events = eventBitmask;
	registered.callback = callback;
	registered.context = context;
	return reg;
}

int SysEvent_UnregisterForEventNotifications(EventRegistration *reg)
{
	if (!reg)
		return applibs_fail(EFAULT);
	if (reg != registered.reg)
		return applibs_fail(EINVAL);
	EventLoop_UnregisterIo(eventloop_of(reg), reg);
	/* Closing the socket ends the registration at appmgr too. */
	close(registered.fd);
	registered.reg = NULL;
	return 0;
}

int SysEvent_Info_GetUpdateData(const SysEvent_Info *info, SysEvent_Info_UpdateData *update_info)
{
	if (!info || !update_info)
		return applibs_fail(EFAULT);
	if (info->event != SysEvent_Events_UpdateReadyForInstall)
		return applibs_fail(EINVAL);
	*update_info = info->update;
	return 0;
}

int SysEvent_DeferEvent(SysEvent_Events event, uint32_t requested_defer_time_in_minutes)
{
	if (!one_event(event))
		return applibs_fail(EINVAL);
	return applibs_result(app_svc_simple(APP_SVC_SYSEVENT_DEFER, event,
					     requested_defer_time_in_minutes));
}

int SysEvent_ResumeEvent(SysEvent_Events event)
{
	if (!one_event(event))
		return applibs_fail(EINVAL);
	return applibs_result(app_svc_simple(APP_SVC_SYSEVENT_RESUME, event, 0));
}
