/* applications.c — the app's memory use (applibs/applications.h), asked of
 * appmgr (APP_SVC_MEMORY), which reads the app's memory cgroup and its
 * processes' resident sets: an app may not read those itself. */
#include <applibs/applications.h>

#include "app_service_client.h"

size_t z__Applications_GetMemoryInKB(z__Applications_MemoryKind kind)
{
	struct app_svc_memory memory;
	struct app_svc_call call = { .op = APP_SVC_MEMORY, .record = &memory,
				     .record_len = sizeof(memory) };

	if (app_svc_call(&call) != 0) {
		/* The one errno documented: the figure is not to be had now. */
		errno = EAGAIN;
		return 0;
	}
	switch (kind) {
	case z__Applications_MemoryKind_Total:
		return memory.total_kib;
	case z__Applications_MemoryKind_UserMode:
		return memory.user_kib;
	case z__Applications_MemoryKind_PeakUserMode:
		return memory.peak_user_kib;
	default:
		errno = EINVAL;
		return 0;
	}
}
