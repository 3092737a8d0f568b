/* applibs/sysevent.h — system event notifications: updates, and deferring
 * them (Azure Sphere applibs, same declarations; the older names
 * SysEvent_Events_Update and SysEvent_Status_Rejected are kept too). The
 * events come from appmgr; the update agent that will cause them comes in
 * a later issue. */
#pragma once

#include <stdint.h>

#include <applibs/eventloop.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef uint32_t SysEvent_Events;
enum {
    SysEvent_Events_None = 0x00,
    SysEvent_Events_UpdateReadyForInstall = 0x01, /* an OS or app update is ready */
    SysEvent_Events_Update = SysEvent_Events_UpdateReadyForInstall, /* its older name */
    SysEvent_Events_UpdateStarted = 0x02,         /* an update is being downloaded */
    SysEvent_Events_NoUpdateAvailable = 0x04,     /* an update check found none */
    SysEvent_Events_Mask = SysEvent_Events_UpdateReadyForInstall | SysEvent_Events_UpdateStarted |
                           SysEvent_Events_NoUpdateAvailable
};

typedef uint32_t SysEvent_Status;
enum {
    SysEvent_Status_Invalid = 0,
    SysEvent_Status_Pending = 1,  /* it will happen soon; it may be deferred */
    SysEvent_Status_Final = 2,    /* it will happen soon; no more deferral */
    SysEvent_Status_Deferred = 3, /* it was deferred and will happen later */
    SysEvent_Status_Rejected = SysEvent_Status_Deferred, /* the older name */
    SysEvent_Status_Complete = 4  /* it happened (app updates only) */
};

typedef uint32_t SysEvent_UpdateType;
enum {
    SysEvent_UpdateType_Invalid = 0,
    SysEvent_UpdateType_App = 1,   /* the app restarts, the device does not */
    SysEvent_UpdateType_System = 2 /* the device reboots */
};

typedef struct SysEvent_Info_UpdateData {
    unsigned int max_deferral_time_in_minutes; /* meaningful while Pending */
    SysEvent_UpdateType update_type;
} SysEvent_Info_UpdateData;

/* What a callback is told about its event; valid until it returns. */
typedef struct SysEvent_Info SysEvent_Info;

/* The update data of info, an UpdateReadyForInstall event's. 0, or -1 with
 * errno: EFAULT (an argument NULL), EINVAL (another event's info). */
int SysEvent_Info_GetUpdateData(const SysEvent_Info *info, SysEvent_Info_UpdateData *update_info);

/* Called once per change of status of one event. */
typedef void SysEvent_EventsCallback(SysEvent_Events event, SysEvent_Status state,
                                     const SysEvent_Info *info, void *context);

/* Calls callback from el for every status change of the events of
 * eventBitmask. One registration at a time. NULL with errno: EACCES (no
 * SystemEventNotifications in the manifest), EFAULT (el or callback NULL),
 * EINVAL (eventBitmask is 0 or has other bits), EEXIST (already
 * registered). */
EventRegistration *SysEvent_RegisterForEventNotifications(EventLoop *el,
                                                          SysEvent_Events eventBitmask,
                                                          SysEvent_EventsCallback *callback,
                                                          void *context);

/* Ends the registration reg. 0, or -1 with errno EFAULT (reg NULL) or
 * EINVAL (reg is not the registration). */
int SysEvent_UnregisterForEventNotifications(EventRegistration *reg);

/* Defers the pending event (one bit) by up to the minutes asked (the
 * maximum of its Pending status at most). 0, or -1 with errno: EACCES (no
 * SoftwareUpdateDeferral), EINVAL (not exactly one event, or it is not
 * pending). */
int SysEvent_DeferEvent(SysEvent_Events event, uint32_t requested_defer_time_in_minutes);

/* Lets a deferred event (one bit) happen now. 0, or -1 with errno: EACCES,
 * EINVAL. */
int SysEvent_ResumeEvent(SysEvent_Events event);

#ifdef __cplusplus
}
#endif
