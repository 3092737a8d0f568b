/* time_sync.h — the device's network time: whether the time-sync service
 * is enabled (Networking_TimeSync_SetEnabled; kept on the data partition
 * across reboots, enabled until an app disables it), and whether a network
 * time source set the clock since boot, and when (TIME_SET from the
 * network manager). The network manager asks before each sync; apps read
 * it through NET_STATUS and TIMESYNC (spherule/app_service.h). */
#ifndef APPMGR_TIME_SYNC_H
#define APPMGR_TIME_SYNC_H

#include <stdbool.h>
#include <stdint.h>

#define TIME_SYNC_PATH "/mnt/data/appmgr-timesync"

/**
 * struct time_sync - the network time's state.
 * @enabled: the time-sync service is enabled
 * @synced: a network time source set the clock since boot
 * @last_sync_sec: the time it set last (UTC), 0 until synced
 * @path: the file keeping @enabled on the data partition
 */
struct time_sync {
	bool enabled;
	bool synced;
	int64_t last_sync_sec;
	const char *path;
};

/* Loads t's setting from path (a missing or damaged file: enabled); not
 * synced. */
void time_sync_load(struct time_sync *t, const char *path);

/* Enables or disables the service and saves the setting: 0, or -errno
 * when it could not be saved (the setting is then left as it was). */
int time_sync_set_enabled(struct time_sync *t, bool enabled);

/* A network time source set the clock to sec. */
void time_sync_synced(struct time_sync *t, int64_t sec);

#endif
