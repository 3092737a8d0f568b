/* app_service.h — the app service protocol between appmgr and every app: the
 * one door through which the SDK's applibs ask appmgr (PID 1) for what an
 * app may not do itself (docs/sdk.md, "How applibs reach appmgr").
 *
 * Transport: one AF_UNIX SOCK_SEQPACKET socketpair per app launch, made by
 * appmgr; the app holds its end as the descriptor named by the environment
 * variable SPHERULE_APP_SERVICE (a decimal fd number). The app sends one
 * request (struct app_svc_req, then the op's payload) and reads its one
 * response (struct app_svc_resp, then the op's payload; UART_OPEN and
 * SYSEVENT_REGISTER pass one descriptor with SCM_RIGHTS) before the next.
 * appmgr answers every app's requests in order and never blocks on one; it
 * checks every length and field, and the capability of the op against the
 * manifest of the app it launched on that socket (never anything the app
 * says about itself). Both ends are built from this header by the same
 * compiler for the same device, so the structs travel as they are.
 *
 * System events (SYSEVENT_REGISTER) arrive on a second SOCK_SEQPACKET
 * socket that appmgr passes back with the response: one struct
 * app_svc_event per message, never a response, so the app's event loop can
 * wait on it alone. */
#ifndef SPHERULE_APP_SERVICE_H
#define SPHERULE_APP_SERVICE_H

#include <stddef.h>
#include <stdint.h>

#define APP_SERVICE_ENV "SPHERULE_APP_SERVICE"
#define APP_SVC_MAX_MSG 1024u
/* OS_STAGE's and APP_STAGE's data: a request of those two ops may carry up
 * to this many bytes after its header (every other request, and every
 * response, is at most APP_SVC_MAX_MSG bytes). */
#define APP_SVC_STAGE_CHUNK_MAX 16384u
#define APP_SVC_MAX_STAGE_MSG (12u + APP_SVC_STAGE_CHUNK_MAX)
#define APP_SVC_REASON_SIZE 128u
#define APP_SVC_MAX_IFACES 4u
#define APP_SVC_CHIP_LABEL_SIZE 32u   /* with its NUL: the kernel's GPIO_MAX_NAME_SIZE */

enum app_svc_op {
	/* -> struct app_svc_memory. Every app. */
	APP_SVC_MEMORY = 1,
	/* arg = UART id (board's hardware definition: ISU<n> is id n + 4),
	 * payload struct app_svc_uart_config -> one fd (SCM_RIGHTS), opened
	 * O_RDWR | O_NONBLOCK | O_NOCTTY | O_CLOEXEC. Capability Uart. */
	APP_SVC_UART_OPEN = 2,
	/* Capability PowerControls ForceReboot; answered, then the device
	 * reboots (appmgr's orderly shutdown). */
	APP_SVC_POWER_REBOOT = 3,
	/* arg = maximum residency in seconds. Capability PowerControls
	 * ForcePowerDown; answered, then the device powers down. */
	APP_SVC_POWER_DOWN = 4,
	/* arg = enum app_svc_power_profile. Capability PowerControls
	 * SetPowerProfile. */
	APP_SVC_POWER_PROFILE = 5,
	/* Write the system time to the hardware clock. Capability SystemTime. */
	APP_SVC_RTC_SYSTOHC = 6,
	/* arg = event mask (APP_SVC_EVENT_*) -> one fd (SCM_RIGHTS), the event
	 * socket. Capability SystemEventNotifications. One registration per
	 * app at a time: a second is EEXIST until the first socket is closed. */
	APP_SVC_SYSEVENT_REGISTER = 7,
	/* arg = event mask, arg2 = minutes. Capability SoftwareUpdateDeferral;
	 * only while an event of the mask is pending (else EINVAL). */
	APP_SVC_SYSEVENT_DEFER = 8,
	/* arg = event mask. Capability SoftwareUpdateDeferral. */
	APP_SVC_SYSEVENT_RESUME = 9,
	/* -> struct app_svc_net. Every app. */
	APP_SVC_NET_STATUS = 10,
	/* arg = board-wide GPIO number -> struct app_svc_gpio_line: the chip
	 * and line /etc/spherule/gpio.conf gives that number (-ENODEV: no line
	 * of the board has it). Every app: apps may not read the root
	 * filesystem (the Spherule LSM), so applibs asks; which lines an app
	 * may then request is the LSM's decision, not this op's. */
	APP_SVC_GPIO_LINE = 11,
	/* payload struct app_svc_net_config: configures an interface (its
	 * address, replacing the one it had; up; the default route when the
	 * gateway is not 0). Capability by source: NetworkManager for
	 * APP_SVC_IP_DHCP and APP_SVC_IP_STATIC_FALLBACK, NetworkConfig for
	 * APP_SVC_IP_STATIC_APP and APP_SVC_IP_DYNAMIC_APP. An app's static
	 * configuration holds the interface (until an app gives it back with
	 * DYNAMIC_APP, or a reboot: the hold is not persisted): DHCP and
	 * STATIC_FALLBACK are then refused with -EBUSY, the reason naming the
	 * app. -ENODEV: no such interface; -ENOENT: STATIC_FALLBACK for an
	 * interface net.conf has no line for. */
	APP_SVC_NET_APPLY = 12,
	/* payload struct app_svc_time: sets the system time. Capability
	 * NetworkManager for APP_SVC_TIME_NETWORK (the time is then synced, and
	 * written to the hardware clock), SystemTime for APP_SVC_TIME_APP.
	 * -EINVAL: nsec out of 0..999999999, or a time before 2020-01-01. */
	APP_SVC_TIME_SET = 13,
	/* arg = a uid (an app socket's mark), payload = a host name,
	 * NUL-terminated, lower-case ASCII, at most APP_SVC_HOST_NAME_MAX
	 * bytes before its NUL -> struct app_svc_resolve naming the app.
	 * Capability NetworkManager. 0: the app running as that uid lists the
	 * name in its AllowedConnections (exactly, or as "*.d", which matches
	 * every name strictly below d); -ENOENT (with the record): it does
	 * not; -ESRCH: no app has that uid. */
	APP_SVC_RESOLVE_CHECK = 14,
	/* arg = APP_SVC_TIMESYNC_GET, _ENABLE or _DISABLE -> struct
	 * app_svc_timesync (as it is after the request). Every app may get;
	 * setting needs TimeSyncConfig. The setting is kept on the data
	 * partition across reboots (enabled until an app disables it). */
	APP_SVC_TIMESYNC = 15,
	/* arg = APP_SVC_PROXY_GET (capability NetworkConfig or
	 * ReadNetworkProxyConfig: -ENOENT, no proxy is configured) or
	 * APP_SVC_PROXY_APPLY (capability NetworkConfig: -ENOSYS, the device
	 * has no proxy support). Only the capability check is real: applibs'
	 * Networking_Proxy_Get and _Apply answer EACCES before anything else. */
	APP_SVC_PROXY = 16,
	/* The update agent's ops (capability UpdateAgent; docs/appmgr.md,
	 * "Update agent", and docs/ota.md).
	 *
	 * arg = offset in the OS staging partition `osstage` (bank 1; it holds
	 * an OS in bank 0's layout). With a payload (1..APP_SVC_STAGE_CHUNK_MAX
	 * bytes, arg2 = 0): writes it there, first erasing each erase block
	 * whose start the write covers (so an OS written part by part, each
	 * from its erase-aligned start, lands on erased flash, and a write
	 * resumed where the last one ended needs no erase). Without a payload:
	 * erases arg2 bytes (1..APP_SVC_OS_ERASE_MAX) from arg; both on erase
	 * blocks (struct app_svc_os_stage tells their size). -> struct
	 * app_svc_os_stage. -EINVAL: not on erase blocks, or past the
	 * partition; -ENODEV: the board has no osstage partition. */
	APP_SVC_OS_STAGE = 17,
	/* payload = SHA-256 (32 bytes) of the staged OS description: secmon
	 * checks the staged OS, writes it into the inactive OS slot and marks
	 * it for one trial boot (mailbox request 8) -> struct
	 * app_svc_os_install. Only while this agent's update gate sequence is
	 * applying (UPDATE_GATE): else -EAGAIN. A refusal is secmon's status
	 * as an errno (BAD_IMAGE -EBADMSG, BAD_SIGNATURE and UNTRUSTED_KEY
	 * -EKEYREJECTED, REVOKED_KEY -EKEYREVOKED, ROLLED_BACK -ESTALE,
	 * STORE_FAILED -EIO, any other -EPROTO), its name in the reason. */
	APP_SVC_OS_INSTALL = 18,
	/* -> struct app_svc_os_boot_state (mailbox request 9). */
	APP_SVC_OS_BOOT_STATE = 19,
	/* This trial boot is healthy: secmon makes its slot good and advances
	 * the os counter (mailbox request 10) -> struct app_svc_os_confirm. */
	APP_SVC_OS_CONFIRM = 20,
	/* Stages an app image package through appmgr's install path (the one
	 * devctl's PUT /update/stage takes). arg = APP_SVC_APP_STAGE_BEGIN
	 * (arg2 = the package's size; -> struct app_svc_app_staged with its
	 * slot), _DATA (payload = the next 1..APP_SVC_STAGE_CHUNK_MAX bytes),
	 * _END (secmon and appmgr verify it; -> struct app_svc_app_staged) or
	 * _ABORT. */
	APP_SVC_APP_STAGE = 21,
	/* Installs the verified staged app image (stopping and replacing the
	 * older image of its component) -> struct app_svc_app_staged. Only
	 * while this agent's update gate sequence is applying: else -EAGAIN. */
	APP_SVC_APP_INSTALL = 22,
	/* arg = APP_SVC_UPDATE_GATE_START (arg2 = update type in bits 0..7,
	 * maximum deferral in minutes, 0..1440, in bits 8..23): the apps
	 * registered for update events are told, and may defer it; or
	 * APP_SVC_UPDATE_GATE_STATUS. -> struct app_svc_update_gate. The agent
	 * asks STATUS until the phase is APPLYING, installs, then says
	 * UPDATE_DONE. -EBUSY: a sequence runs already. */
	APP_SVC_UPDATE_GATE = 23,
	/* The agent's sequence is over: arg = APP_SVC_UPDATE_DONE_COMPLETE
	 * (the apps are told Complete) or _REBOOT (a system update: the device
	 * reboots into it, appmgr's orderly shutdown, 1 s after the answer).
	 * -EINVAL: no sequence of this agent is applying. */
	APP_SVC_UPDATE_DONE = 24,
	/* -> struct app_svc_app_list: the installed apps' component ids and
	 * versions (what the agent reports and compares with its targets). */
	APP_SVC_APP_LIST = 25,
	/* The SDK's crash handler (docs/sdk.md, "Crash reports"): payload
	 * struct app_svc_crash_info, what the app's process saw when a fatal
	 * signal hit it. Every app; one-way: the handler dies without reading
	 * the answer. appmgr keeps it for that pid and merges it into the
	 * failure report when it reaps the process killed by that signal
	 * (docs/appmgr.md, "Failure reports"): appmgr, not the app, names the
	 * component, its version, the signal and the resident set. */
	APP_SVC_CRASH_INFO = 26,
	/* arg = a seq -> struct app_svc_reports: the failure reports of the
	 * ring with a seq above arg, oldest first, at most
	 * APP_SVC_REPORTS_PER_ANSWER (ask again after the last one's seq).
	 * Capability UpdateAgent. */
	APP_SVC_REPORTS_READ = 27,
	/* arg = a seq: drops every report of the ring with a seq up to arg
	 * (the service stored them) -> struct app_svc_reports_dropped.
	 * Capability UpdateAgent. */
	APP_SVC_REPORTS_DROP = 28,
	/* Device certificates (docs/cloud.md, "Device certificates on the
	 * device"). Op 29 is unused.
	 *
	 * The update agent hands over the device certificate it obtained
	 * (capability UpdateAgent): payload = struct app_svc_deviceauth_store
	 * and its three PEM texts, at most APP_SVC_DEVICEAUTH_MSG_MAX bytes with
	 * the header. appmgr checks it (each text within its bound: -EFBIG;
	 * PEM and DER that do not parse, a not_after that is not the
	 * certificate's, the nil tenant: -EINVAL; a private key that is not the
	 * certificate's: -EKEYREJECTED) and keeps it in its own storage
	 * (replacing the last one whole), -errno when it cannot be written. */
	APP_SVC_DEVICEAUTH_STORE = 30,
	/* Whether a certificate for the app's tenant (its manifest's
	 * DeviceAuthentication) is present and valid now (capability
	 * DeviceAuthentication) -> struct app_svc_deviceauth_status. */
	APP_SVC_DEVICEAUTH_STATUS = 31,
};

/* DEVICEAUTH_STORE's longest request, header included. */
#define APP_SVC_DEVICEAUTH_MSG_MAX 6144u

/* The longest message a request of op may be. */
static inline size_t app_svc_request_max(uint16_t op)
{
	if (op == APP_SVC_DEVICEAUTH_STORE)
		return APP_SVC_DEVICEAUTH_MSG_MAX;
	return op == APP_SVC_OS_STAGE || op == APP_SVC_APP_STAGE ? APP_SVC_MAX_STAGE_MSG : APP_SVC_MAX_MSG;
}

/**
 * struct app_svc_req - a request's header; the op's payload follows.
 * @op: enum app_svc_op
 * @reserved: 0
 * @arg: the op's first number
 * @arg2: the op's second number
 */
struct app_svc_req {
	uint16_t op;
	uint16_t reserved;
	uint32_t arg;
	uint32_t arg2;
};

/**
 * struct app_svc_resp - a response's header; the op's record follows.
 * @op: the request's op
 * @status: 0, or a negative errno (the value applibs sets errno to)
 * @reason: with a failure, one line saying why (NUL-terminated), also
 *          written to the app's log by appmgr
 */
struct app_svc_resp {
	uint16_t op;
	uint16_t reserved;
	int32_t status;
	char reason[APP_SVC_REASON_SIZE];
};

/** struct app_svc_memory - MEMORY's record, KiB. */
struct app_svc_memory {
	uint32_t total_kib;          /* the app's memory cgroup, memory.current */
	uint32_t user_kib;           /* its processes' resident memory */
	uint32_t peak_user_kib;      /* the highest user_kib seen since it started */
	uint32_t limit_kib;          /* its memory budget */
};

/** struct app_svc_uart_config - UART_OPEN's payload (applibs' UART_Config). */
struct app_svc_uart_config {
	uint32_t baud_rate;
	uint8_t blocking_mode;       /* 0: non-blocking, the only mode */
	uint8_t data_bits;           /* 5..8 */
	uint8_t parity;              /* 0 none, 1 even, 2 odd */
	uint8_t stop_bits;           /* 1, 2 */
	uint8_t flow_control;        /* 0 none, 1 RTS/CTS, 2 XON/XOFF */
	uint8_t reserved[3];
};

enum app_svc_power_profile {
	APP_SVC_POWER_PROFILE_HIGH_PERFORMANCE = 0,
	APP_SVC_POWER_PROFILE_BALANCED = 1,
	APP_SVC_POWER_PROFILE_POWER_SAVER = 2,
};

/* Event bits, those of applibs' SysEvent_Events. Only UPDATE is ever
 * sent today; a mask with the others registers, to be told of them once
 * the update agent exists. */
#define APP_SVC_EVENT_UPDATE 0x01u         /* an update is ready to install */
#define APP_SVC_EVENT_UPDATE_STARTED 0x02u /* an update is being downloaded */
#define APP_SVC_EVENT_NO_UPDATE 0x04u      /* an update check found none */
#define APP_SVC_EVENT_ALL 0x07u

enum app_svc_event_status {
	APP_SVC_STATUS_PENDING = 1,   /* the app may defer it */
	APP_SVC_STATUS_FINAL = 2,     /* 10 s warning, no more deferral */
	APP_SVC_STATUS_DEFERRED = 3,  /* deferred (by this or another app) */
	APP_SVC_STATUS_COMPLETE = 4,  /* applied (or, simulated, finished) */
};

enum app_svc_update_type {
	APP_SVC_UPDATE_APP = 1,
	APP_SVC_UPDATE_SYSTEM = 2,
};

/** struct app_svc_event - one message on the event socket. */
struct app_svc_event {
	uint32_t event;              /* APP_SVC_EVENT_* */
	uint32_t status;             /* enum app_svc_event_status */
	uint32_t update_type;        /* enum app_svc_update_type */
	uint32_t max_deferral_minutes;
};

/** struct app_svc_iface - one network interface of NET_STATUS. */
struct app_svc_iface {
	char name[16];
	uint8_t up;                  /* administratively up */
	uint8_t carrier;             /* link present */
	uint8_t prefix_len;
	uint8_t ip_mode;             /* APP_SVC_IP_MODE_*: how it got its address */
	uint8_t ipv4[4];             /* all zero: none */
};

#define APP_SVC_IP_MODE_NONE 0u      /* not configured (or not by appmgr) */
#define APP_SVC_IP_MODE_STATIC 1u    /* a static address: net.conf, or an app's */
#define APP_SVC_IP_MODE_DHCP 2u      /* a DHCP lease */

/** struct app_svc_net - NET_STATUS's record. */
struct app_svc_net {
	uint8_t time_synced;         /* 0 until a network time source set the clock (TIME_SET) */
	uint8_t count;
	uint8_t reserved[2];
	struct app_svc_iface iface[APP_SVC_MAX_IFACES];
};

/** struct app_svc_gpio_line - GPIO_LINE's record. */
struct app_svc_gpio_line {
	char chip_label[APP_SVC_CHIP_LABEL_SIZE]; /* NUL-terminated */
	uint32_t line;               /* offset of the line on that chip */
};

/* NET_APPLY's sources. */
#define APP_SVC_IP_DHCP 1u               /* a lease: the payload's address */
#define APP_SVC_IP_STATIC_FALLBACK 2u    /* net.conf's line for ifname (payload address ignored) */
#define APP_SVC_IP_STATIC_APP 3u         /* an app's choice: the payload's address, prefix, gateway */
#define APP_SVC_IP_DYNAMIC_APP 4u        /* an app gives ifname back to DHCP (payload address ignored) */

/** struct app_svc_net_config - NET_APPLY's payload. */
struct app_svc_net_config {
	char ifname[16];             /* NUL-terminated */
	uint8_t source;              /* APP_SVC_IP_* (NET_APPLY's sources) */
	uint8_t prefix_len;          /* 1..32 (DHCP, STATIC_APP) */
	uint8_t reserved[2];         /* 0 */
	uint8_t ipv4[4];             /* DHCP, STATIC_APP: the address, not 0 */
	uint8_t gateway[4];          /* DHCP, STATIC_APP: the default route; 0.0.0.0: none */
	uint32_t lease_s;            /* DHCP: the lease's length, for the log */
};

/* TIME_SET's sources. */
#define APP_SVC_TIME_NETWORK 1u          /* a network time source (NetworkManager) */
#define APP_SVC_TIME_APP 2u              /* an app's clock_settime (SystemTime) */
#define APP_SVC_TIME_MIN_SEC 1577836800  /* 2020-01-01T00:00:00Z: no earlier time is set */

/** struct app_svc_time - TIME_SET's payload: UTC. */
struct app_svc_time {
	int64_t sec;
	int32_t nsec;                /* 0..999999999 */
	uint32_t source;             /* APP_SVC_TIME_* */
};

#define APP_SVC_HOST_NAME_MAX 253u   /* RESOLVE_CHECK's name, without its NUL */

/** struct app_svc_resolve - RESOLVE_CHECK's record: the app, for logs. */
struct app_svc_resolve {
	char component_id[37];       /* canonical UUID text, NUL-terminated */
	char name[31];               /* its manifest's Name, truncated, NUL-terminated */
};

/* TIMESYNC's args. */
#define APP_SVC_TIMESYNC_GET 0u
#define APP_SVC_TIMESYNC_ENABLE 1u
#define APP_SVC_TIMESYNC_DISABLE 2u

/* PROXY's args. */
#define APP_SVC_PROXY_GET 0u
#define APP_SVC_PROXY_APPLY 1u

/** struct app_svc_timesync - TIMESYNC's record. */
struct app_svc_timesync {
	uint8_t enabled;             /* the time-sync service is enabled */
	uint8_t synced;              /* a network time source set the clock since boot */
	uint8_t reserved[2];
	int64_t last_sync_sec;       /* when (UTC, the time it set); 0 until synced */
};

/* The update agent's records (UpdateAgent). */
#define APP_SVC_OS_ERASE_MAX 0x100000u   /* OS_STAGE: bytes one erase request may cover */

/** struct app_svc_os_stage - OS_STAGE's record. */
struct app_svc_os_stage {
	uint32_t size;               /* the osstage partition's bytes */
	uint32_t erase_size;         /* its erase block */
	uint32_t erased;             /* erase blocks this request erased */
	uint32_t reserved;
};

/** struct app_svc_os_install - OS_INSTALL's record: mailbox result 8. */
struct app_svc_os_install {
	uint16_t slot;               /* the slot written: 0 A, 1 B */
	uint16_t reserved;
	uint32_t version;
	uint32_t security_version;
	uint8_t measurement[32];
};

/** struct app_svc_os_boot_state - OS_BOOT_STATE's record: mailbox result 9. */
struct app_svc_os_boot_state {
	uint16_t running_slot;       /* 0 A, 1 B */
	uint16_t trial;              /* 1: an unconfirmed trial boot */
	uint32_t version;
	uint32_t security_version;
	uint16_t other_state;        /* 0 empty, 1 good, 2 trial pending, 3 bad */
	uint16_t reserved;
	uint32_t deadline_s;         /* seconds left to confirm; 0: none */
};

/** struct app_svc_os_confirm - OS_CONFIRM's record: mailbox result 10. */
struct app_svc_os_confirm {
	uint32_t counter;            /* the os security counter now */
};

/* APP_STAGE's args. */
#define APP_SVC_APP_STAGE_BEGIN 1u
#define APP_SVC_APP_STAGE_DATA 2u
#define APP_SVC_APP_STAGE_END 3u
#define APP_SVC_APP_STAGE_ABORT 4u

/** struct app_svc_app_staged - APP_STAGE's (BEGIN, END) and APP_INSTALL's record. */
struct app_svc_app_staged {
	uint32_t slot;               /* the app slot it is staged in */
	uint32_t version;            /* END, APP_INSTALL: the image's version */
	uint8_t component_id[16];    /* END, APP_INSTALL */
	uint8_t replaced;            /* APP_INSTALL: an older image was replaced */
	uint8_t reserved[3];
	char name[32];               /* END, APP_INSTALL: its manifest's Name, truncated, NUL-terminated */
};

/* UPDATE_GATE's args and phases. */
#define APP_SVC_UPDATE_GATE_START 1u
#define APP_SVC_UPDATE_GATE_STATUS 2u
#define APP_SVC_UPDATE_GATE_ARG2(type, minutes) ((uint32_t)(type) | ((uint32_t)(minutes) << 8))

enum app_svc_update_phase {
	APP_SVC_UPDATE_IDLE = 0,
	APP_SVC_UPDATE_PENDING = 1,  /* apps may defer it */
	APP_SVC_UPDATE_DEFERRED = 2, /* an app deferred it */
	APP_SVC_UPDATE_FINAL = 3,    /* the last warning */
	APP_SVC_UPDATE_APPLYING = 4, /* the agent installs now, then UPDATE_DONE */
};

/** struct app_svc_update_gate - UPDATE_GATE's record. */
struct app_svc_update_gate {
	uint32_t phase;              /* enum app_svc_update_phase */
	uint32_t mine;               /* 1: the sequence is this agent's */
	uint32_t wait_ms;            /* until the gate's next step; 0 applying or idle */
	uint32_t reserved;
};

/** struct app_svc_app_list - APP_LIST's record. */
struct app_svc_app_list {
	uint32_t count;
	struct {
		uint8_t component_id[16];
		uint32_t version;
	} app[16];                   /* APPMGR_MAX_APPS */
};

/* CRASH_INFO's stack trace and a report's: at most this many return addresses. */
#define APP_SVC_STACK_MAX 16u

/** struct app_svc_crash_info - CRASH_INFO's payload, from the app's own
 * crash handler (so only as true as the app: it can lie about itself only). */
struct app_svc_crash_info {
	uint32_t pid;                /* the process the signal hit (getpid) */
	uint32_t signal;             /* the fatal signal (si_signo) */
	uint32_t fault_address;      /* si_addr */
	uint32_t pc, lr, sp;         /* from the signal's ucontext */
	uint32_t stack_len;          /* entries of stack used, 0..APP_SVC_STACK_MAX */
	uint32_t stack[APP_SVC_STACK_MAX]; /* return addresses found above sp, innermost first */
};

/* A failure report's kinds (the service's "kind" strings). */
enum app_svc_report_kind {
	APP_SVC_REPORT_CRASH = 1,          /* "crash": killed by a signal */
	APP_SVC_REPORT_EXIT = 2,           /* "exit": a non-zero exit status */
	APP_SVC_REPORT_OOM = 3,            /* "oom": the kernel's OOM killer (its memory cgroup) */
	APP_SVC_REPORT_BUDGET = 4,         /* "budget": stopped by appmgr for a budget */
	APP_SVC_REPORT_KERNEL_WARNING = 5, /* "kernel-warning": a WARNING/BUG line of the kernel */
};

/* The service's name of kind: "crash", "exit", "oom", "budget",
 * "kernel-warning" ("unknown" for any other). */
static inline const char *app_svc_report_kind_name(uint8_t kind)
{
	static const char *const names[] = { "unknown", "crash", "exit", "oom", "budget", "kernel-warning" };

	return kind < sizeof(names) / sizeof(names[0]) ? names[kind] : names[0];
}

/* Which of a report's optional fields hold a value (else null). */
#define APP_SVC_REPORT_HAS_SIGNAL 0x01u
#define APP_SVC_REPORT_HAS_EXIT 0x02u
#define APP_SVC_REPORT_HAS_FAULT 0x04u   /* fault_address, pc, lr (the crash handler's) */
#define APP_SVC_REPORT_HAS_RSS 0x08u
#define APP_SVC_REPORT_DETAIL_SIZE 128u  /* with its NUL */
#define APP_SVC_REPORT_NAME_SIZE 32u     /* with its NUL: the Name, truncated */

/** struct app_svc_report - one failure report (docs/appmgr.md, "Failure
 * reports"): a record of appmgr's ring, as REPORTS_READ passes it. */
struct app_svc_report {
	uint32_t seq;                /* the device's monotonic number of the report */
	uint32_t boot;               /* the boot it happened in (1 the first) */
	int64_t time;                /* UTC seconds of its last occurrence */
	uint32_t count;              /* identical events coalesced into it */
	uint32_t version;            /* the app image's version (0 for the kernel) */
	uint8_t component_id[16];    /* all 0 for the kernel */
	uint8_t kind;                /* enum app_svc_report_kind */
	uint8_t flags;               /* APP_SVC_REPORT_HAS_* */
	uint8_t signal;
	uint8_t stack_len;
	int32_t exit_code;
	uint32_t fault_address, pc, lr;
	uint32_t rss_kib;            /* peak resident set at death (wait4's ru_maxrss) */
	uint32_t stack[APP_SVC_STACK_MAX];
	char name[APP_SVC_REPORT_NAME_SIZE];     /* NUL-terminated; "kernel" for the kernel */
	char detail[APP_SVC_REPORT_DETAIL_SIZE]; /* NUL-terminated text, may be empty */
};

#define APP_SVC_REPORTS_PER_ANSWER 3u

/** struct app_svc_reports - REPORTS_READ's record. */
struct app_svc_reports {
	uint32_t count;              /* reports used, 0..APP_SVC_REPORTS_PER_ANSWER */
	uint32_t more;               /* reports after these remain */
	struct app_svc_report report[APP_SVC_REPORTS_PER_ANSWER];
};

/** struct app_svc_reports_dropped - REPORTS_DROP's record. */
struct app_svc_reports_dropped {
	uint32_t dropped;            /* reports dropped by this request */
	uint32_t left;               /* reports the ring holds now */
};

/* UPDATE_DONE's args. */
#define APP_SVC_UPDATE_DONE_COMPLETE 0u
#define APP_SVC_UPDATE_DONE_REBOOT 1u

/* DEVICEAUTH_STORE's bounds on its texts (bytes, no NUL). */
#define APP_SVC_DEVICEAUTH_CERT_MAX 2048u
#define APP_SVC_DEVICEAUTH_CHAIN_MAX 3072u
#define APP_SVC_DEVICEAUTH_KEY_MAX 512u

/**
 * struct app_svc_deviceauth_store - DEVICEAUTH_STORE's payload's head; the
 * certificate, the chain and the private key follow, as PEM texts of the
 * lengths given, without NULs, in that order.
 * @not_after: the certificate's notAfter (UTC seconds)
 * @tenant: the tenant the certificate's CA is of (UUID bytes)
 * @cert_len: the certificate's PEM ("CERTIFICATE")
 * @chain_len: the chain's PEM (one or more "CERTIFICATE")
 * @key_len: the private key's PEM ("EC PRIVATE KEY", P-256)
 */
struct app_svc_deviceauth_store {
	int64_t not_after;
	uint8_t tenant[16];
	uint16_t cert_len;
	uint16_t chain_len;
	uint16_t key_len;
	uint16_t reserved;
};

/** struct app_svc_deviceauth_status - DEVICEAUTH_STATUS's record. */
struct app_svc_deviceauth_status {
	uint32_t ready;              /* 1: a certificate for the app's tenant, valid now */
	uint32_t reserved;
	int64_t not_after;           /* that certificate's notAfter (UTC seconds); 0: none of its tenant */
};

#endif
