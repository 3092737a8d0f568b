/* app.h — one installed, verified app: its identity from the signed image and
 * the state appmgr supervises it with. Apps live in a fixed table of
 * APPMGR_MAX_APPS entries (one per flash slot); nothing is allocated. */
#ifndef APPMGR_APP_H
#define APPMGR_APP_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "app_cmd.h"
#include "app_echo.h"
#include "app_peripherals.h"
#include "app_policy.h"
#include "app_svc_caps.h"
#include "spherule/app_service.h"
#include "app_table.h"
#include "backoff.h"
#include "log_ring.h"
#include "spherule/manifest.h"

/* Each app runs as its own uid and gid: APP_ID_BASE + slot number. */
#define APP_ID_BASE 1000u
_Static_assert(SPHERULE_DEVICE_AUTH_UID < APP_ID_BASE, "no app runs as the device certificate's owner");
#define APP_MOUNT_DIR_MAX 224   /* room for a --check --root prefix */
#define APP_COMPONENT_STR_SIZE 37 /* canonical UUID text and its NUL */

struct app {
	/* identity, from the signed image in slot "app<slot>" */
	unsigned slot;
	char name[MANIFEST_MAX_NAME_LEN + 1];
	uint8_t component_id[16];
	char component_str[APP_COMPONENT_STR_SIZE]; /* canonical UUID text */
	char mount_dir[APP_MOUNT_DIR_MAX]; /* /mnt/apps/<component id> */
	struct app_cmd cmd;
	uid_t uid;
	gid_t gid;
	struct manifest_gpios gpio;        /* GPIO lines of gpiochip0 it is granted */
	struct app_net_policy net;         /* network part of its LSM policy */
	uint32_t storage_kib;              /* MutableStorage.SizeKB; 0: no storage */
	uint32_t app_type;                 /* ApplicationType (enum manifest_app_type) */
	struct peripherals peripherals;    /* the typed peripherals it asks for (Uart, ...) */
	uint8_t image_id[16];              /* the package's */
	uint32_t version;                  /* the image's version */
	uint32_t image_bytes;              /* the package's size in its slot */
	uint32_t slot_bytes;               /* the slot's size */
	uint32_t security_version;         /* the image's, as secmon read it */
	uint32_t counter;                  /* its component's counter in secmon (app_confirm.h) */
	bool development_key;              /* signed by a key trusted only in development mode */
	uint64_t confirm_retry_ms;         /* 0, or when a failed confirmation is tried again */
	bool debug_build;                  /* packed with --debug (secmon read its DEBUG section) */
	bool debugged;                     /* it starts under gdbserver (app_debug.h) */
	bool storage_ready;                /* its storage directory is set up (app_storage.h) */
	bool device_control;               /* DeviceControl: devctl (devctl_link.h) */
	struct app_svc_caps svc_caps;      /* what the app service grants it (app_svc_caps.h) */

	/* supervision */
	pid_t pid;                         /* main process; 0 when not running */
	pid_t debugger_pid;                /* its gdbserver; 0 when none runs */
	int out_fd;                        /* read end of its stdout/stderr pipe, or -1 */
	uint64_t started_ms;
	uint64_t restart_at_ms;            /* 0 when no restart is pending */
	bool held;                         /* stopped on request: not restarted (app_control.h) */
	uint32_t restarts;                 /* times it was restarted since it was started */
	uint64_t oom_stops;                /* its memory cgroup's OOM stops seen so far */
	struct backoff backoff;
	struct log_ring ring;
	struct app_echo echo;

	/* its app service (app_service.h), from its launch until it ends */
	int svc_fd;                        /* appmgr's end of its service socket, or -1 */
	int event_fd;                      /* appmgr's end of its event socket (SYSEVENT_REGISTER), or -1 */
	uint32_t event_mask;               /* the events it registered for */
	uint32_t peak_user_kib;            /* the highest MEMORY user_kib seen since it started */
	uint64_t svc_window_ms;            /* start of its current second of requests */
	uint32_t svc_requests;             /* requests taken in that second */
	bool svc_dropping;                 /* its last answer was dropped (it does not read them) */
	bool crash_valid;                  /* crash holds CRASH_INFO of this run (failure_report.h) */
	struct app_svc_crash_info crash;   /* what its crash handler sent */
};

#endif
