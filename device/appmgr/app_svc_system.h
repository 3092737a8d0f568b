/* app_svc_system.h — what the app service's operations read and change on
 * the device (app_svc_ops.c and the ops beside it): an app's memory
 * figures, a UART's port, the hardware clock and the system time, the
 * network interfaces. The host unit test of the app
 * service links fakes of these instead. */
#ifndef APPMGR_APP_SVC_SYSTEM_H
#define APPMGR_APP_SVC_SYSTEM_H

#include <stdint.h>

#include <time.h>

#include "app.h"
#include "net_conf.h"
#include "spherule/app_service.h"
#include "spherule/error_detail.h"
#include "uart_conf.h"

/* App a's memory cgroup's charge (memory.current) and the resident memory
 * of its processes (VmRSS of each process its cgroup lists), in KiB. 0 or
 * -errno with why. */
int app_svc_sys_memory(const struct app *a, uint32_t *total_kib, uint32_t *user_kib, struct error_detail *why);

/* Opens u's virtio-serial port O_RDWR | O_NONBLOCK | O_NOCTTY | O_CLOEXEC:
 * the descriptor, or -ENODEV (the board has no such port), -EBUSY (it is
 * open already: the driver's one opener) or -errno, with why. */
int app_svc_sys_uart_open(const struct uart_conf_entry *u, struct error_detail *why);

/* Writes the system time (UTC) to the hardware clock, /dev/rtc0
 * (RTC_SET_TIME). 0 or -errno with why. */
int app_svc_sys_rtc_systohc(struct error_detail *why);

/* Fills n's interfaces (at most APP_SVC_MAX_IFACES) as they are now
 * (their ip_mode and time_synced left 0: appmgr's memory, not the
 * system's). */
void app_svc_sys_net(struct app_svc_net *n);

/* Configures interface i (net_up.h's net_iface_configure). 0 or -errno
 * with why. */
int app_svc_sys_net_apply(const struct net_conf_iface *i, struct error_detail *why);

/* Sets the system time (CLOCK_REALTIME) to ts. 0 or -errno with why. */
int app_svc_sys_set_time(const struct timespec *ts, struct error_detail *why);

#endif
