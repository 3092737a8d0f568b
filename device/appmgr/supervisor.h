/* supervisor.h — appmgr's event loop: reads every app's output into its log
 * ring and echoes it, reaps every child (PID 1 inherits orphans), ends what
 * is left of an app whose main process ended and restarts it with backoff;
 * on a shutdown request (a signal, the power key) stops the apps and powers
 * off or reboots (supervisor_shutdown.h). */
#ifndef APPMGR_SUPERVISOR_H
#define APPMGR_SUPERVISOR_H

#include <stddef.h>
#include <stdint.h>

#include "app.h"
#include "app_limits.h"
#include "board_conf.h"
#include "console.h"
#include "deviceauth.h"
#include "error_ring.h"
#include "gpio_map.h"
#include "kmsg_watch.h"
#include "net_conf.h"
#include "net_modes.h"
#include "shutdown.h"
#include "time_sync.h"
#include "uart_conf.h"
#include "update_gate.h"

/* A shutdown that the device API or an app (the app service) asked for,
 * started at at_ms, once the answer is on its way. */
struct supervisor_later {
	uint64_t at_ms;            /* 0: none */
	enum shutdown_kind kind;
	const char *why;           /* static text, as shutdown.why */
	uint32_t residency_s;      /* SHUTDOWN_POWER_DOWN: how long until the device starts again */
};

struct supervisor {
	struct app *apps;          /* the launched apps */
	size_t count;
	size_t refused;            /* images refused at boot, for status lines */
	struct console *console;
	int signal_fd;             /* signalfd for SIGCHLD and the shutdown requests */
	int power_key_fd;          /* the power key's GPIO line (power_key.h), or -1 */
	struct shutdown shutdown;  /* idle until a shutdown request */
	const struct app_limit *limits;
	const struct gpio_map *gpio; /* the board's GPIO numbers and chips */
	uint32_t ram_budget_kib;   /* each app's memory cgroup limit */
	uint64_t mem_report_at_ms; /* when the next memory report is due */
	uint64_t kmsg_at_ms;       /* when the kernel log is read next (kmsg_watch.h) */
	const struct board_conf *board; /* the budgets, for apps installed while it runs */
	int ctl_fd;                /* appmgr's end of devctl's control socket, or -1 */
	struct supervisor_later later;
	const struct uart_conf *uarts; /* the board's UARTs for apps (uart.conf) */
	struct update_gate gate;   /* the update events (app_sysevent.h) */
	unsigned gate_agent;       /* 1 + the slot of the update agent whose sequence runs; 0: none */
	uint8_t power_profile;     /* the last SetPowerProfile (enum app_svc_power_profile) */
	const struct net_conf *net_conf; /* net.conf as read at boot: NET_APPLY's static fallback */
	struct net_modes net_modes; /* how each interface got its address (NET_STATUS) */
	struct time_sync time_sync; /* the network time and the time-sync setting */
	struct deviceauth deviceauth; /* the device certificate kept (DEVICEAUTH_STORE) */
	struct error_ring *reports; /* the failure reports (error_ring.h) */
	struct kmsg_watch *kmsg;   /* the kernel's warnings (kmsg_watch.h) */
};

/* How long after answering a restart or power request appmgr starts the
 * shutdown, so that the answer reaches the host (devctl) or the app before
 * the apps are stopped. */
#define SUPERVISOR_API_REBOOT_DELAY_MS 1000u

/* Schedules the shutdown of kind (why: static text) that a request
 * answered at now_ms asked for (a later request replaces it). */
static inline void supervisor_shutdown_later(struct supervisor *s, enum shutdown_kind kind, const char *why,
					     uint32_t residency_s, uint64_t now_ms)
{
	s->later = (struct supervisor_later){ now_ms + SUPERVISOR_API_REBOOT_DELAY_MS, kind, why, residency_s };
}

/* Runs the loop forever. */
__attribute__((noreturn))
void supervisor_run(struct supervisor *s);

/* Readies app a's supervision state (not running, no restart pending, a
 * fresh backoff, log ring and echo) before its first start. */
void supervisor_init_app(struct app *a, uint64_t now_ms);

/* Starts app a now; on failure logs it and schedules a restart. */
void supervisor_start_app(struct supervisor *s, struct app *a, uint64_t now_ms);

#endif
