/* ctl_records.c — the records of appmgr's control answers (see ctl_records.h). */
#include "ctl_records.h"

#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <sys/sysinfo.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "app_cgroup.h"
#include "app_storage.h"
#include "mounts.h"
#include "mtd_slots.h"
#include "net_ifaces.h"
#include "proc_field.h"
#include "secmon_mailbox.h"
#include "small_file.h"
#include "spherule/pkg.h"

_Static_assert(MBOX_DEVICE_ID_SIZE == PKG_THUMBPRINT_SIZE, "the device id is a key thumbprint");

#define KIB(bytes) ((uint32_t)(((bytes) + 1023u) / 1024u))

enum appmgr_ctl_state ctl_app_state(const struct app *a)
{
	if (a->pid > 0)
		return a->debugged ? APPMGR_CTL_DEBUGGING : APPMGR_CTL_RUNNING;
	return a->restart_at_ms != 0 ? APPMGR_CTL_BACKOFF : APPMGR_CTL_STOPPED;
}

/* Bytes the app's storage directory holds (littlefs's trusted.littlefs.used). */
static uint32_t storage_used_kib(const struct app *a)
{
	char path[128], value[24];
	ssize_t n;

	if (a->storage_kib == 0)
		return 0;
	snprintf(path, sizeof(path), "%s/%s", APP_STORAGE_DEVICE_DIR, a->component_str);
	n = getxattr(path, "trusted.littlefs.used", value, sizeof(value) - 1);
	if (n <= 0)
		return 0;
	value[n] = '\0';
	return KIB(strtoull(value, NULL, 10));
}

void ctl_record_app(const struct supervisor *s, const struct app *a, enum appmgr_ctl_state state,
		    struct appmgr_ctl_app *r)
{
	uint64_t current = 0, peak = 0;

	memset(r, 0, sizeof(*r));
	memcpy(r->component_id, a->component_id, sizeof(r->component_id));
	memcpy(r->image_id, a->image_id, sizeof(r->image_id));
	snprintf(r->name, sizeof(r->name), "%s", a->name);
	r->state = (uint8_t)state;
	r->slot = (uint8_t)a->slot;
	r->flags = (a->device_control ? APPMGR_CTL_APP_SYSTEM : 0) |
		   (a->development_key ? APPMGR_CTL_APP_DEV_KEY : 0) |
		   (a->debug_build ? APPMGR_CTL_APP_DEBUG : 0);
	r->pid = a->pid;
	r->version = a->version;
	r->security_version = a->security_version;
	r->restarts = a->restarts;
	r->image_bytes = a->image_bytes;
	r->slot_bytes = a->slot_bytes;
	r->storage_limit_kib = a->storage_kib;
	if (state == APPMGR_CTL_STAGED)
		return;
	r->storage_used_kib = storage_used_kib(a);
	if (app_cgroup_read(a, APP_CGROUP_CURRENT, &current) == 0 &&
	    app_cgroup_read(a, APP_CGROUP_PEAK, &peak) == 0) {
		r->mem_current_kib = KIB(current);
		r->mem_peak_kib = KIB(peak);
	}
	r->mem_limit_kib = s->ram_budget_kib;
}

/* secmon's device id (hex) and development mode, asked now. */
static void ask_secmon(struct appmgr_ctl_device *d)
{
	struct secmon_mailbox mb;
	struct mbox_request req = { .type = MBOX_DEVICE_ID };
	struct mbox_response resp;
	struct error_detail why;
	bool granted = false;

	if (secmon_mailbox_open(&mb, NULL, "/dev", &why) != 0)
		return;
	if (secmon_mailbox_call(&mb, &req, &resp, &why) == 0 && resp.status == MBOX_OK) {
		d->secmon_reachable = 1;
		pkg_thumbprint_hex(resp.res.device_id.device_id, d->device_id);
	}
	if (secmon_mailbox_development(&mb, &granted, &why) == 0)
		d->development_mode = granted ? 1 : 0;
	secmon_mailbox_close(&mb);
}

/* The app slots' count and size, from /proc/mtd. */
static void count_slots(const struct supervisor *s, struct appmgr_ctl_device *d)
{
	struct mtd_slot slots[APPMGR_MAX_APPS];
	int n = mtd_read_app_slots("/proc/mtd", slots);

	for (int i = 0; i < n; i++)
		d->flash_total_kib += KIB(slots[i].size);
	d->slots_total = n > 0 ? (uint32_t)n : 0;
	d->slots_used = (uint32_t)s->count;
	for (size_t i = 0; i < s->count; i++)
		d->flash_used_kib += KIB(s->apps[i].image_bytes);
}

void ctl_record_device(const struct supervisor *s, struct appmgr_ctl_device *d)
{
	struct statvfs fs;
	struct sysinfo info;
	long total = proc_field_kib("/proc/meminfo", "MemTotal");
	long available = proc_field_kib("/proc/meminfo", "MemAvailable");
	size_t len;

	memset(d, 0, sizeof(*d));
	ask_secmon(d);
	if (sysinfo(&info) == 0)
		d->uptime_s = (uint32_t)info.uptime;
	d->mem_total_kib = total > 0 ? (uint32_t)total : 0;
	d->mem_available_kib = available > 0 ? (uint32_t)available : 0;
	count_slots(s, d);
	if (statvfs(MOUNTS_DATA_DIR, &fs) == 0 && mounts_is_mounted(MOUNTS_DATA_DIR) == 1) {
		d->storage_total_kib = KIB((uint64_t)fs.f_blocks * fs.f_frsize);
		d->storage_used_kib = KIB((uint64_t)(fs.f_blocks - fs.f_bfree) * fs.f_frsize);
	}
	if (small_file_read("/proc/sys/kernel/osrelease", d->os_version, sizeof(d->os_version) - 1,
			    &len) == 0) {
		d->os_version[len] = '\0';
		d->os_version[strcspn(d->os_version, "\n")] = '\0';
	}
}

unsigned ctl_record_ifaces(struct appmgr_ctl_iface *out, unsigned max)
{
	struct net_iface ifaces[APPMGR_CTL_MAX_IFACES];
	unsigned n = net_ifaces_read(ifaces, max < APPMGR_CTL_MAX_IFACES ? max : APPMGR_CTL_MAX_IFACES);

	for (unsigned i = 0; i < n; i++) {
		memset(&out[i], 0, sizeof(out[i]));
		memcpy(out[i].name, ifaces[i].name, sizeof(out[i].name));
		out[i].up = (ifaces[i].flags & IFF_UP) != 0;
		out[i].prefix_len = ifaces[i].prefix_len;
		memcpy(out[i].mac, ifaces[i].mac, sizeof(out[i].mac));
		memcpy(out[i].ipv4, ifaces[i].ipv4, sizeof(out[i].ipv4));
	}
	return n;
}
