/* appmgr_ctl.h — the control protocol between appmgr and devctl: the narrow
 * interface through which devctl, an unprivileged system app, asks appmgr
 * (PID 1) for the privileged steps of device control (docs/device-api.md,
 * "appmgr's control socket").
 *
 * Transport: one AF_UNIX SOCK_SEQPACKET socketpair made by appmgr; devctl
 * holds its end as the descriptor named by SPHERULE_APPMGR_CTL. Every
 * message is at most APPMGR_CTL_MAX_MSG bytes and starts with a header.
 * devctl sends one request and reads its one response before the next;
 * appmgr answers in order. Both ends are built from this header by the same
 * compiler for the same device, so the structs travel as they are. appmgr
 * checks every length and field of a request before it uses it. */
#ifndef SPHERULE_APPMGR_CTL_H
#define SPHERULE_APPMGR_CTL_H

#include <stdint.h>

#define APPMGR_CTL_MAX_MSG 8192u
#define APPMGR_CTL_MAX_DATA 4096u   /* bytes of image per STAGE_DATA */
#define APPMGR_CTL_MAX_APPS 16u
#define APPMGR_CTL_REASON_SIZE 256u
#define APPMGR_CTL_NAME_SIZE 65u    /* manifest name and its NUL */
#define APPMGR_CTL_MAX_IFACES 4u

enum appmgr_ctl_op {
	APPMGR_CTL_LIST = 1,        /* -> n x struct appmgr_ctl_app */
	APPMGR_CTL_APP_STATUS = 2,  /* component id -> 1 app */
	APPMGR_CTL_APP_START = 3,   /* component id, flags APPMGR_CTL_F_DEBUG -> 1 app */
	APPMGR_CTL_APP_STOP = 4,    /* component id -> 1 app */
	APPMGR_CTL_STAGE_BEGIN = 5, /* arg = package size in bytes -> arg = slot */
	APPMGR_CTL_STAGE_DATA = 6,  /* up to APPMGR_CTL_MAX_DATA bytes, in order */
	APPMGR_CTL_STAGE_END = 7,   /* -> 1 app (the staged image, state STAGED) */
	APPMGR_CTL_STAGE_ABORT = 8, /* erases the staged slot */
	APPMGR_CTL_INSTALL = 9,     /* flags APPMGR_CTL_F_MANUAL_START -> 1 app; arg = 1 if it replaced one */
	APPMGR_CTL_DELETE = 10,     /* component id */
	APPMGR_CTL_LOG = 11,        /* component id (all zero: appmgr's log), arg = since -> struct appmgr_ctl_log + bytes */
	APPMGR_CTL_DEVICE = 12,     /* -> struct appmgr_ctl_device */
	APPMGR_CTL_RESTART = 13,    /* the device reboots after the answer */
	APPMGR_CTL_NET = 14,        /* -> n x struct appmgr_ctl_iface */
	/* Development mode and simulated lines only (else EPERM / ENOTSUP): */
	APPMGR_CTL_GPIO_GET = 15,   /* arg = board-wide GPIO number -> struct appmgr_ctl_gpio */
	APPMGR_CTL_GPIO_SET = 16,   /* arg = number, flags bit 0 = value: drive a simulated input -> struct appmgr_ctl_gpio */
	/* Development mode only: run the update-event sequence of app_service.h
	 * (Pending, deferrals, Final, Complete) with nothing installed; arg =
	 * enum app_svc_update_type, flags = maximum deferral in minutes. */
	APPMGR_CTL_SYSEVENT_SIMULATE = 17,
};

#define APPMGR_CTL_F_DEBUG 1u
#define APPMGR_CTL_F_MANUAL_START 2u

/**
 * struct appmgr_ctl_req - a request's header; STAGE_DATA's bytes follow it.
 * @op: enum appmgr_ctl_op
 * @flags: APPMGR_CTL_F_*; others 0
 * @arg: the op's number (STAGE_BEGIN: size; LOG: since position)
 * @component_id: the app's component id (UUID bytes), where the op names one
 */
struct appmgr_ctl_req {
	uint16_t op;
	uint16_t flags;
	uint32_t reserved;
	uint64_t arg;
	uint8_t component_id[16];
};

/**
 * struct appmgr_ctl_resp - a response's header; the op's records follow.
 * @op: the request's op
 * @status: 0, or a negative errno
 * @count: number of records that follow
 * @arg: the op's number (STAGE_BEGIN: the slot; INSTALL: 1 when an older
 *       image of the component was replaced)
 * @reason: with a failure, one line saying why (NUL-terminated)
 */
struct appmgr_ctl_resp {
	uint16_t op;
	uint16_t count;
	int32_t status;
	uint64_t arg;
	char reason[APPMGR_CTL_REASON_SIZE];
};

enum appmgr_ctl_state {
	APPMGR_CTL_RUNNING = 1,
	APPMGR_CTL_STOPPED = 2,     /* stopped by request, or installed with manual start */
	APPMGR_CTL_BACKOFF = 3,     /* ended; restart pending */
	APPMGR_CTL_DEBUGGING = 4,   /* running under gdbserver */
	APPMGR_CTL_STAGED = 5,      /* verified, not installed yet */
};

#define APPMGR_CTL_APP_SYSTEM 1u     /* devctl itself: cannot be stopped or deleted */
#define APPMGR_CTL_APP_DEV_KEY 2u    /* signed by a development key */
#define APPMGR_CTL_APP_DEBUG 4u      /* a debug build */

/** struct appmgr_ctl_app - one installed (or staged) app. */
struct appmgr_ctl_app {
	uint8_t component_id[16];
	uint8_t image_id[16];
	char name[APPMGR_CTL_NAME_SIZE];
	uint8_t state;               /* enum appmgr_ctl_state */
	uint8_t slot;
	uint8_t flags;               /* APPMGR_CTL_APP_* */
	int32_t pid;                 /* main process, 0 when none */
	uint32_t version;
	uint32_t security_version;
	uint32_t restarts;
	uint32_t image_bytes;        /* the package's size in its slot */
	uint32_t slot_bytes;         /* the slot's size */
	uint32_t storage_limit_kib;  /* MutableStorage.SizeKB; 0: none */
	uint32_t storage_used_kib;
	uint32_t mem_current_kib;    /* its memory cgroup */
	uint32_t mem_peak_kib;
	uint32_t mem_limit_kib;
};

/** struct appmgr_ctl_log - LOG's record; the bytes [start, end) follow. */
struct appmgr_ctl_log {
	uint64_t start;              /* stream position of the first byte sent */
	uint64_t end;                /* stream position after the last */
	uint64_t oldest;             /* oldest position still held (bytes before were lost) */
};

/** struct appmgr_ctl_device - DEVICE's record. */
struct appmgr_ctl_device {
	char device_id[129];         /* secmon's device id, hex; "" when secmon did not answer */
	uint8_t development_mode;
	uint8_t secmon_reachable;
	uint32_t uptime_s;
	uint32_t mem_total_kib;
	uint32_t mem_available_kib;
	uint32_t slots_used;
	uint32_t slots_total;
	uint32_t flash_used_kib;     /* bytes of installed packages, rounded up */
	uint32_t flash_total_kib;    /* all app slots */
	uint32_t storage_used_kib;   /* littlefs /mnt/data */
	uint32_t storage_total_kib;
	char os_version[32];
};

/** struct appmgr_ctl_iface - NET's record, one network interface. */
struct appmgr_ctl_iface {
	char name[16];
	uint8_t up;
	uint8_t prefix_len;
	uint8_t mac[6];
	uint8_t ipv4[4];             /* all zero: none */
};

/** struct appmgr_ctl_gpio - GPIO_GET's and GPIO_SET's record. */
struct appmgr_ctl_gpio {
	uint32_t number;             /* board-wide GPIO number */
	uint8_t value;               /* the line's level as the board sees it */
	uint8_t output;              /* 1: an app drives it as an output */
	uint8_t requested;           /* 1: an app holds the line */
	uint8_t pull;                /* simulated input: 0 pull-down, 1 pull-up */
	char chip[32];               /* the chip's label */
	uint32_t offset;             /* the line on that chip */
};

#endif
