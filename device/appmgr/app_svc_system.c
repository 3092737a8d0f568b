/* app_svc_system.c — the device side of the app service's operations (see
 * app_svc_system.h). */
#include "app_svc_system.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/rtc.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "app_cgroup.h"
#include "net_ifaces.h"
#include "net_up.h"
#include "proc_field.h"
#include "secmon_port.h"

#define RTC_NODE "/dev/rtc0"

struct rss_sum {
	uint64_t kib;
};

static void add_rss(pid_t pid, void *ctx)
{
	struct rss_sum *sum = ctx;
	char path[32];
	long rss;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	rss = proc_field_kib(path, "VmRSS");
	/* A process that ended meanwhile, or a zombie (no VmRSS line), adds nothing. */
	if (rss > 0)
		sum->kib += (uint64_t)rss;
}

int app_svc_sys_memory(const struct app *a, uint32_t *total_kib, uint32_t *user_kib, struct error_detail *why)
{
	struct rss_sum sum = { 0 };
	uint64_t current;
	int err = app_cgroup_read(a, APP_CGROUP_CURRENT, &current);

	if (err == 0)
		err = app_cgroup_for_each_pid(a, add_rss, &sum);
	if (err != 0)
		return error_detail_set(why, err, "cannot read its memory cgroup: %s", strerror(-err));
	*total_kib = (uint32_t)((current + 1023u) / 1024u);
	*user_kib = sum.kib > UINT32_MAX ? UINT32_MAX : (uint32_t)sum.kib;
	return 0;
}

int app_svc_sys_uart_open(const struct uart_conf_entry *u, struct error_detail *why)
{
	char node[64];
	dev_t dev;
	int fd, err = virtio_port_find("/dev", u->port, node, sizeof(node), &dev, why);

	if (err == -ENOENT)
		return error_detail_set(why, -ENODEV, "%s's port (virtio-serial port %u) is not attached", u->name,
					u->port);
	if (err != 0)
		return err;
	fd = open(node, O_RDWR | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd >= 0)
		return fd;
	err = -errno;
	if (err == -EBUSY)
		return error_detail_set(why, err, "%s is open already (one opener at a time)", u->name);
	return error_detail_set(why, err, "cannot open %s (%s): %s", node, u->name, strerror(-err));
}

int app_svc_sys_rtc_systohc(struct error_detail *why)
{
	struct timespec now;
	struct rtc_time rt;
	struct tm tm;
	int fd, err = 0;

	if (clock_gettime(CLOCK_REALTIME, &now) != 0 || !gmtime_r(&now.tv_sec, &tm))
		return error_detail_set(why, -errno, "cannot read the system time: %s", strerror(errno));
	memset(&rt, 0, sizeof(rt));
	rt.tm_sec = tm.tm_sec;
	rt.tm_min = tm.tm_min;
	rt.tm_hour = tm.tm_hour;
	rt.tm_mday = tm.tm_mday;
	rt.tm_mon = tm.tm_mon;
	rt.tm_year = tm.tm_year;
	fd = open(RTC_NODE, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return error_detail_set(why, errno == ENOENT ? -ENODEV : -errno, "cannot open " RTC_NODE ": %s",
					strerror(errno));
	if (ioctl(fd, RTC_SET_TIME, &rt) != 0)
		err = error_detail_set(why, -errno, RTC_NODE ": RTC_SET_TIME: %s", strerror(errno));
	close(fd);
	return err;
}

void app_svc_sys_net(struct app_svc_net *n)
{
	struct net_iface ifaces[APP_SVC_MAX_IFACES];
	unsigned count = net_ifaces_read(ifaces, APP_SVC_MAX_IFACES);

	memset(n, 0, sizeof(*n));
	n->count = (uint8_t)count;
	for (unsigned i = 0; i < count; i++) {
		struct app_svc_iface *r = &n->iface[i];

		memcpy(r->name, ifaces[i].name, sizeof(r->name));
		r->up = (ifaces[i].flags & IFF_UP) != 0;
		r->carrier = (ifaces[i].flags & IFF_RUNNING) != 0;
		r->prefix_len = ifaces[i].prefix_len;
		memcpy(r->ipv4, ifaces[i].ipv4, sizeof(r->ipv4));
	}
}

int app_svc_sys_net_apply(const struct net_conf_iface *i, struct error_detail *why)
{
	int err = net_iface_configure(i);

	if (err == -ENODEV)
		return error_detail_set(why, err, "the device has no interface %s", i->name);
	if (err != 0)
		return error_detail_set(why, err, "cannot configure %s: %s", i->name, strerror(-err));
	return 0;
}

int app_svc_sys_set_time(const struct timespec *ts, struct error_detail *why)
{
	if (clock_settime(CLOCK_REALTIME, ts) != 0)
		return error_detail_set(why, -errno, "cannot set the system time: %s", strerror(errno));
	return 0;
}
