/* main.c — appmgr, PID 1 of a Spherule device: mounts what the system needs,
 * verifies and mounts every installed app image, starts the apps confined
 * and supervises them until a shutdown request stops them and powers off or
 * reboots the device. Never returns as PID 1.
 *
 *   appmgr                        as init (the kernel runs /sbin/appmgr)
 *   appmgr --check [--root DIR] [--mailbox SOCKET]
 *                                 only find and verify the app images (under
 *                                 DIR for /proc/mtd, /dev, /etc; secmon
 *                                 on the Unix socket SOCKET instead of the
 *                                 board's mailbox port), print one line per
 *                                 slot and exit: 0 when nothing was refused,
 *                                 1 otherwise */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/reboot.h>
#include <unistd.h>

#include <linux/spherule.h>

#include "app_cgroup.h"
#include "app_control.h"
#include "app_debug.h"
#include "app_identity.h"
#include "app_install.h"
#include "app_limits.h"
#include "app_scan.h"
#include "app_storage.h"
#include "board_conf.h"
#include "clock_ms.h"
#include "devctl_link.h"
#include "error_ring.h"
#include "gpio_chips.h"
#include "gpio_map.h"
#include "gpio_sim_ctl.h"
#include "kmsg_watch.h"
#include "net_conf.h"
#include "net_up.h"
#include "log.h"
#include "mounts.h"
#include "pid1_signals.h"
#include "power_key.h"
#include "secmon_mailbox.h"
#include "secmon_port.h"
#include "supervisor.h"
#include "sysctl_conf.h"
#include "uart_conf.h"

#define ROOTED_PATH_MAX 192

struct options {
	int check;
	const char *root;
	const char *mailbox; /* --check: secmon's Unix socket, or NULL */
};

struct rooted_paths {
	char proc_mtd[ROOTED_PATH_MAX];
	char dev_dir[ROOTED_PATH_MAX];
	char board_conf[ROOTED_PATH_MAX];
	char gpio_conf[ROOTED_PATH_MAX];
	char net_conf[ROOTED_PATH_MAX];
	char uart_conf[ROOTED_PATH_MAX];
	char sysctl_conf[ROOTED_PATH_MAX];
	char mounts_dir[ROOTED_PATH_MAX];
};

static struct console console;
static struct app apps[APPMGR_MAX_APPS];
static struct gpio_map gpio_map;
static struct uart_conf uart_conf;
static struct error_ring reports;
static struct kmsg_watch kmsg;

/* The kernel passes init the command line words it does not know itself:
 * those are logged and ignored, never fatal. */
static void parse_options(int argc, char **argv, struct options *o)
{
	o->check = 0;
	o->root = "";
	o->mailbox = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--check") == 0)
			o->check = 1;
		else if (strcmp(argv[i], "--root") == 0 && i + 1 < argc)
			o->root = argv[++i];
		else if (strcmp(argv[i], "--mailbox") == 0 && i + 1 < argc)
			o->mailbox = argv[++i];
		else
			log_line("ignoring argument '%s'", argv[i]);
	}
}

static int make_paths(const char *root, struct rooted_paths *p)
{
	int bad = 0;

	bad |= snprintf(p->proc_mtd, ROOTED_PATH_MAX, "%s/proc/mtd", root) >= ROOTED_PATH_MAX;
	bad |= snprintf(p->dev_dir, ROOTED_PATH_MAX, "%s/dev", root) >= ROOTED_PATH_MAX;
	bad |= snprintf(p->board_conf, ROOTED_PATH_MAX, "%s" BOARD_CONF_PATH, root) >=
	       ROOTED_PATH_MAX;
	bad |= snprintf(p->gpio_conf, ROOTED_PATH_MAX, "%s/etc/spherule/gpio.conf", root) >=
	       ROOTED_PATH_MAX;
	bad |= snprintf(p->net_conf, ROOTED_PATH_MAX, "%s/etc/spherule/net.conf", root) >=
	       ROOTED_PATH_MAX;
	bad |= snprintf(p->uart_conf, ROOTED_PATH_MAX, "%s" UART_CONF_PATH, root) >= ROOTED_PATH_MAX;
	bad |= snprintf(p->sysctl_conf, ROOTED_PATH_MAX, "%s/etc/spherule/sysctl.conf", root) >=
	       ROOTED_PATH_MAX;
	bad |= snprintf(p->mounts_dir, ROOTED_PATH_MAX, "%s%s", root, MOUNTS_APPS_DIR) >=
	       ROOTED_PATH_MAX;
	return bad ? -ENAMETOOLONG : 0;
}

/* board.conf: the budgets (always logged) and the board's power. */
static void load_board_conf(const char *path, struct board_conf *c)
{
	const struct board_budgets *b = &c->budgets;
	struct error_detail why = { "" };
	int err;

	board_conf_defaults(c);
	err = board_conf_load(path, c, &why);
	if (err == -ENOENT)
		log_line("%s absent: default budgets", path);
	else if (err < 0)
		log_line("cannot read %s (%s%s%s): default budgets", path, strerror(-err),
			 why.msg[0] ? ", " : "", why.msg);
	else if (err > 0)
		log_line("%s: %d lines ignored, first: %s", path, err, why.msg);
	log_line("app budgets: RAM %u KiB, image %u KiB, storage %u KiB (%u KiB for all apps), "
		 "%u processes, %u files", b->app_ram_kib, b->app_flash_kib, b->app_storage_kib,
		 b->app_storage_total_kib, b->app_nproc, b->app_nofile);
}

/* Logs how loading the board file path went (err: refused lines, or
 * -errno); without names what the board lacks when it cannot be read. */
static void report_board_file(const char *path, int err, const struct error_detail *why, const char *without)
{
	if (err == -ENOENT)
		log_line("%s absent: the board has %s", path, without);
	else if (err < 0)
		log_line("cannot read %s (%s%s%s): %s", path, strerror(-err), why->msg[0] ? ", " : "", why->msg,
			 without);
	else if (err > 0)
		log_line("%s: %d lines ignored, first: %s", path, err, why->msg);
}

/* The board's GPIO numbering (gpio_map.h); without the file, no app may
 * ask for a GPIO line. */
static void load_gpio_map(const char *path)
{
	struct error_detail why = { "" };

	report_board_file(path, gpio_map_load(path, &gpio_map, &why), &why, "no GPIO lines for apps");
}

/* The board's UARTs for apps (uart_conf.h); without the file no app may
 * open a UART. */
static void load_uart_conf(const char *path)
{
	struct error_detail why = { "" };

	report_board_file(path, uart_conf_load(path, &uart_conf, &why), &why, "no UART for apps");
	for (unsigned i = 0; i < uart_conf.count; i++)
		log_line("UART %s (id %u): virtio-serial port %u", uart_conf.uart[i].name, uart_conf.uart[i].id,
			 uart_conf.uart[i].port);
}

/* Mounts every verified image on its directory (after all of them were
 * read: no slot is read while another is mounted); keeps in apps[0 .. n)
 * those that mounted and returns n. */
static size_t mount_images(size_t count, size_t *refused)
{
	size_t kept = 0;

	for (size_t i = 0; i < count; i++) {
		int err = mounts_app_image(apps[i].slot, apps[i].mount_dir);

		if (err != 0) {
			log_line("app%u: refused: cannot mount on %s: %s", apps[i].slot,
				 apps[i].mount_dir, strerror(-err));
			(*refused)++;
			continue;
		}
		log_line("app%u: mounted on %s", apps[i].slot, apps[i].mount_dir);
		if (kept != i)
			apps[kept] = apps[i];
		kept++;
	}
	return kept;
}

/* Whether apps may start under the kernel's Spherule LSM: it reads the
 * policies appmgr writes, or the kernel has none (the bench's baseline). */
static bool lsm_ready(void)
{
	int r = app_identity_kernel_check();

	if (r == 1)
		log_line("Spherule LSM: reads policy format %d", SPHERULE_POLICY_VERSION);
	else if (r == 0)
		log_line("no Spherule LSM in this kernel: apps run without an identity");
	else
		log_line("the Spherule LSM cannot confine apps (%s): no app is started",
			 r == -EPROTONOSUPPORT ? "it reads none of the policy formats appmgr writes"
					       : strerror(-r));
	return r >= 0;
}

/* Gives every app in apps[0 .. count) its memory cgroup with the board's
 * RAM budget (app_cgroup.h); keeps in apps[0 .. n) those that got one and
 * returns n. Without memory cgroups no app is started: its budget could not
 * contain it. */
static size_t make_cgroups(size_t count, uint32_t ram_kib, size_t *refused)
{
	size_t kept = 0;
	int err = app_cgroup_enable();

	if (err != 0) {
		log_line("memory cgroups unavailable (%s): no app is started", strerror(-err));
		*refused += count;
		return 0;
	}
	for (size_t i = 0; i < count; i++) {
		err = app_cgroup_create(&apps[i], (uint64_t)ram_kib * 1024u);
		if (err != 0) {
			log_line("%s: refused: cannot make its memory cgroup: %s", apps[i].name,
				 strerror(-err));
			(*refused)++;
			continue;
		}
		if (kept != i)
			apps[kept] = apps[i];
		kept++;
	}
	return kept;
}

/* The apps' storage directories on the data partition (app_storage.h),
 * given the slots found (scan; NULL when they could not be read). Without
 * the partition, apps start without their storage. */
static void set_up_storage(size_t count, const struct app_scan_result *scan)
{
	if (mounts_is_mounted(MOUNTS_DATA_DIR) != 1) {
		log_line("%s is not mounted: apps start without their storage", MOUNTS_DATA_DIR);
		return;
	}
	app_storage_setup(MOUNTS_DATA_DIR, apps, count, scan);
}

/* The device certificate kept on the data partition (deviceauth.h),
 * published for the apps granted DeviceAuthentication: a damaged one is
 * logged and none is kept until the update agent gets one. */
__attribute__((noinline))
static void load_device_certificate(struct deviceauth *d)
{
	static const struct deviceauth_shelf shelf = { DEVICEAUTH_PUBLISH_DIR, SPHERULE_DEVICE_AUTH_UID };
	struct error_detail why = { "" };
	char until[DEVICEAUTH_TIME_TEXT_SIZE];
	int err = deviceauth_load(d, DEVICEAUTH_PATH, &shelf, &why);

	deviceauth_time_text(d->not_after, until);
	if (err == 0)
		log_line("device certificate kept: valid until %s", until);
	else if (d->present)
		log_line("device certificate kept: valid until %s; not published for apps: %s", until, why.msg);
	else if (err != -ENOENT)
		log_line("device certificate refused: %s: none until the update agent gets one", why.msg);
}

/* The kernel settings of sysctl.conf (sysctl_conf.h). Not inlined, nor is
 * bring_up_network(): their error detail (512 bytes) would stay in run()'s
 * frame, which lasts as long as appmgr. */
__attribute__((noinline))
static void apply_sysctls(const char *path)
{
	struct error_detail why = { "" };
	int err = sysctl_conf_apply(path, "/proc/sys", &why);

	if (err == -ENOENT)
		log_line("%s absent: kernel settings left at their defaults", path);
	else if (err < 0)
		log_line("cannot read %s (%s%s%s)", path, strerror(-err), why.msg[0] ? ", " : "",
			 why.msg);
	else if (err > 0)
		log_line("%s: %d lines not applied, first: %s", path, err, why.msg);
}

/* The loopback and the interfaces of net.conf (net_up.h), kept in s for
 * the network manager's static fallback. */
__attribute__((noinline))
static void bring_up_network(const char *path, struct supervisor *s)
{
	static struct net_conf conf;
	struct error_detail why = { "" };
	int err = net_conf_load(path, &conf, &why);

	if (err < 0 && err != -ENOENT)
		log_line("cannot read %s: %s", path, strerror(-err));
	else if (err > 0)
		log_line("%s: %d lines ignored, first: %s", path, err, why.msg);
	net_up(&conf, &s->net_modes);
	s->net_conf = &conf;
}

/* The ring of failure reports on the data partition (in RAM only without
 * it) and the kernel's warnings (kmsg_watch.h), before any app starts. */
static void open_failure_reports(struct supervisor *s)
{
	bool data = mounts_is_mounted(MOUNTS_DATA_DIR) == 1;
	struct error_ring_open_result res;
	int err;

	error_ring_open(&reports, data ? ERROR_RING_PATH : NULL, &res);
	log_line("failure reports: boot %u, %u kept, next seq %u%s", reports.head.boot, reports.head.count,
		 reports.head.next_seq, data ? "" : " (in RAM only: " MOUNTS_DATA_DIR " is not mounted)");
	if (res.skipped)
		log_line("failure reports: %u damaged records skipped", res.skipped);
	if (res.save_err)
		log_line("failure reports: cannot write %s: %s", ERROR_RING_PATH, strerror(-res.save_err));
	err = kmsg_watch_open(&kmsg, kmsg_syslog_read);
	if (err != 0)
		log_line("cannot read the kernel log (syslog): %s: no kernel warnings are reported", strerror(-err));
	s->reports = &reports;
	s->kmsg = &kmsg;
}

/* Opens the mailbox to secmon for the boot-time verification; when it
 * cannot, every image will be refused, and the reason is said once. */
static void open_mailbox(struct secmon_mailbox *mb, const char *socket_path, const struct rooted_paths *p)
{
	struct error_detail why = { "" };

	if (secmon_mailbox_open(mb, socket_path, p->dev_dir, &why) != 0)
		log_line("secmon unreachable, no app can be verified: %s", why.msg);
}

/* The board's mailbox port, once the driver has added it: named to the LSM
 * and opened to the apps granted SecurityMonitor, before any app starts. */
static void publish_mailbox_port(const struct rooted_paths *p)
{
	struct error_detail why = { "" };
	char node[ROOTED_PATH_MAX + 64];
	dev_t dev;

	if (secmon_port_wait(p->dev_dir, node, sizeof(node), &dev, &why) != 0 ||
	    secmon_port_publish(node, dev, &why) != 0)
		log_line("secmon mailbox: %s", why.msg);
}

/* Finds and verifies the images through secmon's mailbox and, unless
 * development is NULL (--check), asks secmon whether the device is in
 * development mode. */
static int scan_apps(const struct rooted_paths *p, const char *socket_path, const struct board_conf *b,
		     struct app_scan_result *res, bool *development)
{
	struct secmon_mailbox mb;
	struct slot_check_paths paths = { p->dev_dir, p->mounts_dir, &mb, &uart_conf };
	int err;

	open_mailbox(&mb, socket_path, p);
	err = app_scan(p->proc_mtd, &paths, b, &gpio_map, apps, res);
	if (development)
		*development = app_debug_development_mode(&mb);
	secmon_mailbox_close(&mb);
	return err;
}

/* Only find and verify: the --check mode. */
static int check_only(const struct rooted_paths *p, const char *socket_path)
{
	struct board_conf b;
	struct app_scan_result res;

	load_board_conf(p->board_conf, &b);
	load_gpio_map(p->gpio_conf);
	if (scan_apps(p, socket_path, &b, &res, NULL) != 0)
		return 1;
	log_line("checked: %zu valid, %zu refused, %zu empty", res.accepted, res.refused,
		 res.empty);
	return res.refused > 0;
}

/* As init: set up the system, start the apps, supervise them until a
 * shutdown powers off or reboots the device. */
__attribute__((noreturn))
static void run(const struct rooted_paths *p, int signal_fd)
{
	static struct app_limit limits[APP_LIMIT_COUNT];
	struct supervisor s = {
		.apps = apps,
		.console = &console,
		.signal_fd = signal_fd,
		.power_key_fd = -1,
		.limits = limits,
		.gpio = &gpio_map,
		.ctl_fd = -1,
		.uarts = &uart_conf,
	};
	/* static: the installed component ids would stay in run()'s frame. */
	static struct app_scan_result res;
	struct board_conf b;
	uint64_t now;
	bool scanned, development = false;
	int err;

	load_board_conf(p->board_conf, &b);
	s.board = &b;
	shutdown_init(&s.shutdown, b.power.shutdown_deadline_ms);
	update_gate_init(&s.gate, b.power.update_warning_s * 1000u);
	app_limits_compute(&b.budgets, limits);
	apply_sysctls(p->sysctl_conf);
	bring_up_network(p->net_conf, &s);
	load_gpio_map(p->gpio_conf);
	load_uart_conf(p->uart_conf);
	publish_mailbox_port(p);
	devctl_link_open(p->dev_dir);
	scanned = scan_apps(p, NULL, &b, &res, &development) == 0;
	if (!scanned)
		log_line("no apps can be started");
	else
		app_install_erase_superseded(res.superseded, res.superseded_count);
	s.refused = res.refused;
	s.count = mount_images(res.accepted, &s.refused);
	if (!lsm_ready()) {
		s.refused += s.count;
		s.count = 0;
	}
	s.count = make_cgroups(s.count, b.budgets.app_ram_kib, &s.refused);
	s.ram_budget_kib = b.budgets.app_ram_kib;
	set_up_storage(s.count, scanned ? &res : NULL);
	time_sync_load(&s.time_sync, TIME_SYNC_PATH);
	load_device_certificate(&s.deviceauth);
	open_failure_reports(&s);
	err = gpio_chips_find("/dev", &gpio_map);
	if (err < 0)
		log_line("cannot look for GPIO chips in /dev: %s", strerror(-err));
	gpio_sim_ctl_idle_high(&gpio_map, &b.idle_high);
	for (size_t i = 0; i < s.count; i++)
		app_control_open_up_gpio(&s, &apps[i]);
	app_debug_choose(apps, s.count, development, p->dev_dir);
	if (b.power.power_key_gpio != BOARD_NO_POWER_KEY)
		s.power_key_fd = power_key_open("/dev", &gpio_map, b.power.power_key_gpio);
	now = clock_ms();
	for (size_t i = 0; i < s.count; i++) {
		supervisor_init_app(&apps[i], now);
		supervisor_start_app(&s, &apps[i], now);
	}
	log_line("started %zu apps, refused %zu", s.count, s.refused);
	supervisor_run(&s);
}

int main(int argc, char **argv)
{
	struct options o;
	struct rooted_paths p;
	int signal_fd, console_fd;

	/* Until the console device is open, log to whatever fd 2 is. */
	console_init(&console, STDERR_FILENO);
	log_attach(&console);
	parse_options(argc, argv, &o);
	if (!o.check && o.root[0] != '\0')
		log_line("--root applies to --check only: ignored");
	if (make_paths(o.check ? o.root : "", &p) != 0) {
		log_line("--root path too long: ignored");
		(void)make_paths("", &p);
	}
	if (o.check) {
		console.fd = STDOUT_FILENO;
		return check_only(&p, o.mailbox);
	}
	signal_fd = pid1_signals_setup();
	if (signal_fd < 0)
		log_line("cannot watch SIGCHLD and the shutdown signals: %s", strerror(-signal_fd));
	/* ctrl-alt-del becomes SIGINT to PID 1, a shutdown request. */
	if (getpid() == 1 && reboot(RB_DISABLE_CAD) != 0)
		log_line("cannot turn off the immediate reboot on ctrl-alt-del: %s", strerror(errno));
	if (getpid() != 1 && prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0)
		log_line("cannot become the subreaper: %s", strerror(errno));
	if (mounts_system() > 0)
		log_line("continuing without the filesystems above");
	console_fd = mounts_open_console();
	if (console_fd >= 0)
		console.fd = console_fd;
	else
		log_line("cannot open /dev/console: %s; logging to fd 2", strerror(-console_fd));
	log_line("Spherule appmgr running as pid %d", (int)getpid());
	run(&p, signal_fd);
}
