/* ctl_records.h — the records appmgr answers devctl with (appmgr_ctl.h):
 * one app's state and figures, the device's, its network interfaces. */
#ifndef APPMGR_CTL_RECORDS_H
#define APPMGR_CTL_RECORDS_H

#include "spherule/appmgr_ctl.h"
#include "supervisor.h"

/* Fills r from app a (state, versions, slot, memory cgroup, storage use). */
void ctl_record_app(const struct supervisor *s, const struct app *a, enum appmgr_ctl_state state,
		    struct appmgr_ctl_app *r);

/* The state devctl sees app a in. */
enum appmgr_ctl_state ctl_app_state(const struct app *a);

/* Fills d: secmon's device id and development mode (asked now), uptime,
 * memory, app slots and flash, storage. */
void ctl_record_device(const struct supervisor *s, struct appmgr_ctl_device *d);

/* Fills up to max interfaces; returns how many. */
unsigned ctl_record_ifaces(struct appmgr_ctl_iface *out, unsigned max);

#endif
