/*
 * cmd_emulator.c - `spherule emulator start|stop|status`: runs the board
 * qemu-armv7 in QEMU on a flash image made by `spherule flash build`,
 * after secmon has verified its OS (power_on.h: the board's power-on).
 *
 * The flash file is the device's persistent flash: bank 0 (the OS slot
 * secmon selected, read-only to the guest) and bank 1 (apps and mutable
 * storage, written in place), so it keeps its content across boots. The
 * board runs in a power loop (power_loop.h): a reboot of the device or the
 * trial watchdog power-cycles it. A detached emulator (the loop, a daemon)
 * keeps its pid files, console log and QMP socket in a state directory
 * ($SPHERULE_STATE_DIR, else $XDG_RUNTIME_DIR/spherule, else
 * ~/.cache/spherule/emulator); stop asks the device to power off through
 * the QMP socket (its power key) before it kills QEMU, and ends the loop.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "emulator_net.h"
#include "emulator_state.h"
#include "file_util.h"
#include "flash_file.h"
#include "flash_layout.h"
#include "power_loop.h"
#include "qmp.h"
#include "secmon_client.h"
#include "dir_tree.h"

#define DEFAULT_MEMORY_MIB 4
#define MIN_MEMORY_MIB 2
#define MAX_MEMORY_MIB 1024
#define DEFAULT_STOP_TIMEOUT_S 30
#define MAX_STOP_TIMEOUT_S 3600
#define QMP_ANSWER_MS 5000   /* longest wait for each QMP answer */
#define DUMP_ANSWER_MS 60000 /* dump-guest-memory answers once the file is written */
#define KILL_GRACE_TENTHS 50 /* SIGTERM, then SIGKILL after 5 s */
#define DEFAULT_TRIAL_TIMEOUT_S 300
#define MAX_TRIAL_TIMEOUT_S 86400

static const char start_usage[] =
	"usage: spherule emulator start --flash FLASH [--memory MIB] [--net] [--hostfwd SPEC]...\n"
	"                               [--guestfwd SPEC]... [--gdb-port PORT]\n"
	"                               [--service-port PORT | --no-service-link]\n"
	"                               [--uart-port PORT | --no-uart] [--icount] [--trial-timeout S]\n"
	"                               [--detach] [--state-dir DIR]\n"
	"\n"
	"Boots board qemu-armv7 (qemu-system-arm -M virt -cpu cortex-a7) from FLASH, a flash\n"
	"image made by 'spherule flash build'. First secmon, the security processor, checks the\n"
	"OS in FLASH against its signed description, the device's OS vendor keys and its\n"
	"anti-rollback counter, and logs what it measured to STATE/secmon.log; a tampered or\n"
	"rolled-back OS does not boot (one line names the partition and the reason). A device\n"
	"without a store (FLASH.secmon) is first manufactured with the development keys.\n"
	"The device writes its flash in place, so FLASH keeps its content across boots. The\n"
	"console goes to stdout; Ctrl-A then X quits QEMU at once; Ctrl-A then C opens QEMU's\n"
	"monitor, where 'system_powerdown' presses the board's power key (the device powers off\n"
	"in order). A reboot of the device (spherule device restart) power-cycles the board:\n"
	"secmon selects and checks the OS slot again, and QEMU starts again with it.\n"
	"\n"
	"The board's service link (virtio-serial port 3, /dev/vport<D>p3, where devctl serves the\n"
	"REST API of 'spherule device') is on the host's 127.0.0.1:PORT, recorded in\n"
	"STATE/service-link while the emulator runs; the 'spherule device' verbs find it there.\n"
	"The apps' UART ISU0 (virtio-serial port 4, which appmgr opens for an app granted it) is\n"
	"on the host's 127.0.0.1:PORT too, recorded in STATE/uart-isu0: connect to it to talk to\n"
	"the app (e.g. nc 127.0.0.1 PORT).\n"
	"\n"
	"With --net or a forward, the board gets its NIC (10.0.2.15/24; it costs the device\n"
	"about 200 KiB of RAM): QEMU user networking with restrict=on, so the device reaches\n"
	"nothing but the forwards given here, all on the host's 127.0.0.1.\n"
	"\n"
	"  --flash FLASH     flash image (192 MiB)\n"
	"  --memory MIB      RAM in MiB (default 4, the device's budget)\n"
	"  --net             attach the NIC (implied by --hostfwd and --guestfwd)\n"
	"  --hostfwd [tcp:|udp:]HOSTPORT:GUESTPORT\n"
	"                    the host's 127.0.0.1:HOSTPORT reaches the device's GUESTPORT\n"
	"  --guestfwd GUESTADDR:GUESTPORT:HOSTPORT\n"
	"                    the device's TCP connections to GUESTADDR:GUESTPORT (an address\n"
	"                    of 10.0.2.4..254; one GUESTPORT per forward) reach the host's\n"
	"                    127.0.0.1:HOSTPORT; the host\n"
	"                    service must listen before the emulator starts, and QEMU carries\n"
	"                    the device's connections over one connection to it\n"
	"  --gdb-port PORT   the board's gdbserver port (virtio-serial port 2, /dev/vport<D>p2) on\n"
	"                    the host's 127.0.0.1:PORT: on a device in development mode, the\n"
	"                    first debug build of an app waits there for 'target remote :PORT'\n"
	"                    (docs/appmgr.md, Debugging an app)\n"
	"  --service-port PORT  the service link on the host's 127.0.0.1:PORT (default: a free\n"
	"                    port)\n"
	"  --no-service-link no service link\n"
	"  --uart-port PORT  the apps' UART ISU0 on the host's 127.0.0.1:PORT (default: a free port)\n"
	"  --no-uart         no UART for apps\n"
	"  --icount          the guest's clock counts executed instructions (QEMU -icount\n"
	"                    shift=0): guest timings become instruction counts that host\n"
	"                    load cannot disturb, for benchmarks (the guest runs slower)\n"
	"  --trial-timeout S the board's watchdog: a trial boot of a new OS not confirmed healthy\n"
	"                    within S seconds (default 300) is power-cycled, and the previous\n"
	"                    OS boots (docs/secmon.md, OS slots)\n"
	"  --detach          run in the background, console written to STATE/console.log,\n"
	"                    a QMP socket at STATE/qmp.sock; end it with 'spherule emulator stop'\n"
	"  --state-dir DIR   where secmon's log goes and a detached emulator keeps its pid file,\n"
	"                    console log and QMP socket\n"
	"\n"
	"At most 8 forwards in all.\n";

static const char stop_usage[] =
	"usage: spherule emulator stop [--timeout SECONDS] [--force] [--state-dir DIR]\n"
	"\n"
	"Powers off the emulator started with --detach: presses the board's power key (QMP\n"
	"system_powerdown), so that the device stops its apps, syncs and unmounts its\n"
	"filesystems and powers off, and waits for QEMU to end. Only when it does not end\n"
	"in time, or has no QMP socket, QEMU is killed (SIGTERM, then SIGKILL after 5 s).\n"
	"Says which happened.\n"
	"\n"
	"  --timeout SECONDS how long the device gets to power off (default 30, 1..3600)\n"
	"  --force           kill QEMU at once, without asking the device\n"
	"  --state-dir DIR   the state directory of the emulator to stop\n";

static const char dump_usage[] =
	"usage: spherule emulator dump-memory --output FILE [--state-dir DIR]\n"
	"\n"
	"Writes the whole RAM of the emulator started with --detach to FILE, an ELF core file\n"
	"(QMP dump-guest-memory, without paging), for debugging and for checking what the\n"
	"device's memory holds (the tests look for secmon's private key in it: it is never\n"
	"there). The device keeps running; FILE must not exist.\n"
	"\n"
	"  --output FILE     the dump (as large as the board's RAM, plus a few KiB)\n"
	"  --state-dir DIR   the state directory of the emulator to dump\n";

static const char status_usage[] =
	"usage: spherule emulator status [--state-dir DIR]\n"
	"\n"
	"Says whether a detached emulator is running, its pid, its console log, its service\n"
	"link and its UART ISU0 (the host's ends, as STATE/service-link and STATE/uart-isu0 record\n"
	"them).\n";

/* STATE/qmp.sock, the QMP socket of a detached emulator. */
static void qmp_socket_path(const char *state_dir, char *out, size_t len)
{
	snprintf(out, len, "%s/qmp.sock", state_dir);
}

/* STATE/secmon.sock, the mailbox socket secmon serves QEMU's virtio-serial
 * port on: 0, or -1 after saying so when the path is too long for a socket
 * (without the mailbox appmgr could verify no app). */
static int mailbox_socket_path(const char *state_dir, char *out, size_t len)
{
	size_t max = sizeof(((struct sockaddr_un *)0)->sun_path) - 1;

	snprintf(out, len, "%s/secmon.sock", state_dir);
	if (strlen(out) > max)
		return cli_fail("emulator start", "%s: too long for the mailbox socket (%zu bytes, at most %zu): "
				"choose a shorter --state-dir", out, strlen(out), max);
	return 0;
}

/* The main loop's tick: a client chardev that tries every second to reach
 * STATE/tick.sock, where nothing listens. QEMU 7.2's main loop can miss the
 * wakeup for the guest timer's next deadline while the guest programs its
 * flash (pflash writes go through the block layer from the vCPU thread):
 * the board then sleeps until some host event comes, which froze 1 in
 * about 20 sideloads of 0.5 MiB (docs/board-qemu-armv7.md, "The main
 * loop's tick"). Each reconnection attempt is such an event: a freeze
 * lasts at most a second. The path is shorter than the mailbox's, which
 * was checked to fit a socket address. */
static void main_loop_tick_chardev(const char *state_dir, char *out, size_t len)
{
	snprintf(out, len, "socket,id=tick,path=%s/tick.sock,reconnect=1", state_dir);
}

/* STATE/power.sock: the QMP monitor QEMU serves the power loop. */
static void power_socket_path(const char *state_dir, char *out, size_t len)
{
	snprintf(out, len, "%s/power.sock", state_dir);
}

/* STATE/secmon.pid: the secmon of a detached emulator. */
static void secmon_pid_path(const char *state_dir, char *out, size_t len)
{
	snprintf(out, len, "%s/secmon.pid", state_dir);
}

static int parse_state_only(int argc, char **argv, const char *cmd, const char *usage, char *state, size_t len)
{
	static const struct option opts[] = {
		{ "state-dir", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int c;

	emulator_default_state_dir(state, len);
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 's')
			snprintf(state, len, "%s", optarg);
		else if (c == 'h')
			return fputs(usage, stdout), 1;
		else
			return cli_usage_error(cmd, usage);
	}
	if (optind < argc)
		return cli_fail(cmd, "unexpected argument '%s' (see --help)", argv[optind]);
	return 0;
}

/* A TCP port option's value (1..65535) into *port: 0, or -1 after cli_fail(). */
static int parse_port(const char *option, const char *text, uint32_t *port)
{
	if (cli_parse_u32("emulator start", option, text, port) < 0)
		return -1;
	if (*port < 1 || *port > 65535)
		return cli_fail("emulator start", "%s %s: expected a TCP port from 1 to 65535", option, text);
	return 0;
}

/* A port of the board's virtio-serial device on a TCP server of the host's
 * 127.0.0.1 (its loopback only) that does not wait for a client, recorded in
 * STATE/<record> while the emulator runs. */
struct tcp_port {
	const char *what;    /* "the service link", for messages */
	const char *option;  /* the option that chooses its port */
	const char *record;  /* EMULATOR_SERVICE_LINK, ... */
	const char *id;      /* the chardev's id */
	const char *name;    /* the port's name */
	int nr;              /* its number on the device: /dev/vport<D>p<nr> */
	bool on;
	uint32_t port;       /* the option's, 0 for one the kernel chooses; then the one chosen */
	char chardev[96], device[96];
};

/* The board's ports on the host's loopback, in their order on the device. */
enum { PORT_GDB, PORT_SERVICE_LINK, PORT_UART_ISU0, PORT_COUNT };

/* Whether a port of ports other than p, on, has the host's port number. */
static bool taken(const struct tcp_port ports[PORT_COUNT], const struct tcp_port *p, int number)
{
	for (int i = 0; i < PORT_COUNT; i++)
		if (&ports[i] != p && ports[i].on && ports[i].port && (int)ports[i].port == number)
			return true;
	return false;
}

/* The host's port of p: its option's, checked to be free on 127.0.0.1,
 * else one the kernel chooses that no other port of ports has. 0, or -1
 * after cli_fail(). */
static int choose_port(const struct tcp_port ports[PORT_COUNT], struct tcp_port *p)
{
	int got;

	if (p->port && taken(ports, p, (int)p->port))
		return cli_fail("emulator start", "%s %u: another of the board's ports has it; choose another port",
				p->option, p->port);
	do
		got = emulator_free_port((uint16_t)p->port);
	while (!p->port && taken(ports, p, got));
	if (got == -EADDRINUSE)
		return cli_fail("emulator start", "%s %u: in use on 127.0.0.1; choose another port, or "
				"leave it out for a free one", p->option, p->port);
	if (got < 0)
		return cli_fail("emulator start", "no free port on 127.0.0.1 for %s: %s", p->what, strerror(-got));
	p->port = (uint32_t)got;
	return 0;
}

/* STATE/<record> of p, or a warning that nothing will find it there. */
static void record_port(const char *state, const struct tcp_port *p)
{
	int rc = emulator_record_write(state, p->record, (uint16_t)p->port);

	if (rc < 0)
		fprintf(stderr, "spherule: emulator start: warning: cannot record %s in %s/%s: %s (it is on "
			"127.0.0.1:%u)\n", p->what, state, p->record, strerror(-rc), p->port);
}

/* p's four arguments from args[n] on (kept in p). The next n. */
static int add_tcp_port(const char **args, int n, struct tcp_port *p)
{
	snprintf(p->chardev, sizeof(p->chardev), "socket,id=%s,host=127.0.0.1,port=%u,server=on,wait=off", p->id,
		 p->port);
	snprintf(p->device, sizeof(p->device), "virtserialport,chardev=%s,name=%s,nr=%d", p->id, p->name, p->nr);
	args[n++] = "-chardev";
	args[n++] = p->chardev;
	args[n++] = "-device";
	args[n++] = p->device;
	return n;
}

static void board_ports(struct tcp_port ports[PORT_COUNT])
{
	ports[PORT_GDB] = (struct tcp_port){ .what = "the gdbserver port", .option = "--gdb-port", .id = "gdb",
					     .name = "org.spherule.gdbserver", .nr = 2 };
	ports[PORT_SERVICE_LINK] = (struct tcp_port){ .what = "the service link", .option = "--service-port",
						      .record = EMULATOR_SERVICE_LINK, .id = "servicelink",
						      .name = "org.spherule.servicelink", .nr = 3, .on = true };
	ports[PORT_UART_ISU0] = (struct tcp_port){ .what = "the UART ISU0", .option = "--uart-port",
						   .record = EMULATOR_UART_ISU0, .id = "uartisu0",
						   .name = "org.spherule.uart.isu0", .nr = 4, .on = true };
}

/* The records of the host's ports go (an older emulator's, or this one's). */
static void remove_records(const char *state)
{
	emulator_record_remove(state, EMULATOR_SERVICE_LINK);
	emulator_record_remove(state, EMULATOR_UART_ISU0);
}

/* Chooses the host's port of each recorded port that is on (the
 * gdbserver's is its option's): 0, or -1 after cli_fail(). */
static int choose_ports(struct tcp_port ports[PORT_COUNT])
{
	for (int i = 0; i < PORT_COUNT; i++)
		if (ports[i].on && ports[i].record && choose_port(ports, &ports[i]) < 0)
			return -1;
	return 0;
}

/* The records of the recorded ports that are on. */
static void record_ports(const char *state, const struct tcp_port ports[PORT_COUNT])
{
	for (int i = 0; i < PORT_COUNT; i++)
		if (ports[i].on && ports[i].record)
			record_port(state, &ports[i]);
}

/* The virtio-serial device with room for the highest port that is on
 * (each port costs two virtqueues on the device, on or not). */
static const char *serial_device(const struct tcp_port ports[PORT_COUNT])
{
	static char device[48];
	int max = 2; /* port 0 (no console) and the mailbox's port 1 */

	for (int i = 0; i < PORT_COUNT; i++)
		if (ports[i].on && ports[i].nr + 1 > max)
			max = ports[i].nr + 1;
	snprintf(device, sizeof(device), "virtio-serial-device,max_ports=%d", max);
	return device;
}

/* A foreground emulator, once powered on: it says so, and records its ports. */
struct foreground {
	const char *state, *flash;
	long memory;
	const struct tcp_port *ports;
};

static void foreground_powered_on(void *ctx)
{
	const struct foreground *fg = ctx;

	fprintf(stderr, "spherule: booting qemu-armv7 with %ld MiB RAM from %s (Ctrl-A then X quits at once;\n"
		"Ctrl-A then C, then 'system_powerdown' presses the power key)\n", fg->memory, fg->flash);
	record_ports(fg->state, fg->ports);
}

/* STATE/power.pid: the power loop of a detached emulator. */
static void power_pid_path(const char *state_dir, char *out, size_t len)
{
	snprintf(out, len, "%s/power.pid", state_dir);
}

/* The detached emulator's daemon: its own session, its pid in STATE/power.pid,
 * the power loop with QEMU's output and, once the first QEMU runs, its own
 * in STATE/emulator.log. */
static void run_daemon(struct power_loop *loop, int ready)
{
	char path[PATH_MAX + 32];
	int null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC), rc;
	FILE *f;

	setsid();
	if (null_fd >= 0)
		dup2(null_fd, STDIN_FILENO);
	snprintf(path, sizeof(path), "%s/emulator.log", loop->state);
	loop->log_fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	loop->ready_fd = ready;
	power_pid_path(loop->state, path, sizeof(path));
	f = fopen(path, "w");
	if (f) {
		fprintf(f, "%d\n", (int)getpid());
		fclose(f);
	}
	rc = power_loop_run(loop);
	unlink(path);
	_exit(rc < 0 ? 1 : 0);
}

/* emulator start --detach: the daemon started, and its word waited for
 * (its failure it has said itself, on this process's stderr). */
static int start_detached(struct power_loop *loop, const struct tcp_port ports[PORT_COUNT])
{
	static char secmon_pid[PATH_MAX + 32];
	char path[PATH_MAX + 32], byte;
	int ready[2];
	pid_t daemon;

	snprintf(path, sizeof(path), "%s/console.log", loop->state);
	if (truncate(path, 0) < 0 && errno != ENOENT)
		return cli_fail("emulator start", "%s: %s", path, strerror(errno));
	if (pipe2(ready, O_CLOEXEC) < 0)
		return cli_fail("emulator start", "pipe: %s", strerror(errno));
	secmon_pid_path(loop->state, secmon_pid, sizeof(secmon_pid));
	loop->secmon_pid_file = secmon_pid;
	fflush(stdout);
	fflush(stderr);
	daemon = fork();
	if (daemon < 0)
		return cli_fail("emulator start", "fork: %s", strerror(errno));
	if (daemon == 0) {
		close(ready[0]);
		run_daemon(loop, ready[1]);
	}
	close(ready[1]);
	if (read(ready[0], &byte, 1) != 1) {
		close(ready[0]);
		waitpid(daemon, NULL, 0);
		return -1;
	}
	close(ready[0]);
	record_ports(loop->state, ports);
	printf("emulator running (pid %d), console log %s/console.log; stop it with 'spherule emulator stop'\n",
	       (int)emulator_running_pid(loop->state), loop->state);
	return 0;
}

static int emulator_start(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "flash", required_argument, NULL, 'f' },
		{ "memory", required_argument, NULL, 'm' },
		{ "detach", no_argument, NULL, 'd' },
		{ "state-dir", required_argument, NULL, 's' },
		{ "hostfwd", required_argument, NULL, 'H' },
		{ "guestfwd", required_argument, NULL, 'G' },
		{ "icount", no_argument, NULL, 'i' },
		{ "net", no_argument, NULL, 'n' },
		{ "gdb-port", required_argument, NULL, 'g' },
		{ "service-port", required_argument, NULL, 'S' },
		{ "no-service-link", no_argument, NULL, 'N' },
		{ "uart-port", required_argument, NULL, 'U' },
		{ "no-uart", no_argument, NULL, 'u' },
		{ "trial-timeout", required_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	static struct emulator_net net;
	uint32_t trial_timeout = DEFAULT_TRIAL_TIMEOUT_S;
	static struct tcp_port ports[PORT_COUNT];
	char why[256];
	const char *flash = NULL;
	long memory = DEFAULT_MEMORY_MIB;
	bool detach = false, icount = false, nic = false;
	char state[PATH_MAX], *end;
	int c;

	board_ports(ports);
	emulator_default_state_dir(state, sizeof(state));
	emulator_net_init(&net);
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'f': flash = optarg; break;
		case 'H':
		case 'G':
			if ((c == 'H' ? emulator_net_add_hostfwd : emulator_net_add_guestfwd)(&net, optarg, why,
											   sizeof(why)) < 0)
				return cli_fail("emulator start", "%s", why);
			nic = true;
			break;
		case 'd': detach = true; break;
		case 'i': icount = true; break;
		case 'n': nic = true; break;
		case 'g':
		case 'S':
		case 'U': {
			struct tcp_port *p = &ports[c == 'g' ? PORT_GDB : c == 'S' ? PORT_SERVICE_LINK : PORT_UART_ISU0];

			if (parse_port(p->option, optarg, &p->port) < 0)
				return -1;
			p->on |= c == 'g';
			break;
		}
		case 'N': ports[PORT_SERVICE_LINK].on = false; break;
		case 'u': ports[PORT_UART_ISU0].on = false; break;
		case 's': snprintf(state, sizeof(state), "%s", optarg); break;
		case 'h': fputs(start_usage, stdout); return 0;
		case 'T':
			if (cli_parse_u32("emulator start", "--trial-timeout", optarg, &trial_timeout) < 0)
				return -1;
			if (trial_timeout < 1 || trial_timeout > MAX_TRIAL_TIMEOUT_S)
				return cli_fail("emulator start", "--trial-timeout %s: expected seconds from 1 to %d", optarg,
						MAX_TRIAL_TIMEOUT_S);
			break;
		case 'm':
			errno = 0;
			memory = strtol(optarg, &end, 10);
			if (errno || *end || memory < MIN_MEMORY_MIB || memory > MAX_MEMORY_MIB)
				return cli_fail("emulator start", "--memory %s: expected MiB from %d to %d", optarg,
						MIN_MEMORY_MIB, MAX_MEMORY_MIB);
			break;
		default: return cli_usage_error("emulator start", start_usage);
		}
	}
	if (optind < argc)
		return cli_fail("emulator start", "unexpected argument '%s' (see --help)", argv[optind]);
	if (!flash)
		return cli_fail("emulator start", "--flash FLASH is required (make one with 'spherule flash build')");
	if (ports[PORT_SERVICE_LINK].port && !ports[PORT_SERVICE_LINK].on)
		return cli_fail("emulator start", "--service-port and --no-service-link exclude each other");
	if (ports[PORT_UART_ISU0].port && !ports[PORT_UART_ISU0].on)
		return cli_fail("emulator start", "--uart-port and --no-uart exclude each other");
	if (flash_file_check("emulator start", flash) < 0)
		return -1;
	if (detach && emulator_running_pid(state))
		return cli_fail("emulator start", "an emulator is already running (pid %d); stop it with 'spherule emulator stop'",
				(int)emulator_running_pid(state));
	if (choose_ports(ports) < 0)
		return -1;
	char mailbox[PATH_MAX + 16], chardev[PATH_MAX + 64], power[PATH_MAX + 16], monitor[PATH_MAX + 64];

	/* secmon's socket is the longest path, checked to fit a socket address. */
	if (mailbox_socket_path(state, mailbox, sizeof(mailbox)) < 0)
		return -1;
	if (mkdir_p(state, 0700) < 0)
		return cli_fail("emulator start", "%s: %s", state, strerror(errno));

	static char bank0[PATH_MAX + 160];
	char mem[16], bank1[PATH_MAX + 128], console[PATH_MAX + 64], pidfile[PATH_MAX + 32];
	char sock[PATH_MAX + 16], qmp[PATH_MAX + 48], tick[PATH_MAX + 64];

	snprintf(mem, sizeof(mem), "%ldM", memory);
	snprintf(bank1, sizeof(bank1), "if=pflash,unit=1,driver=raw,offset=%u,size=%u,file.driver=file,file.filename=%s",
		 FLASH_BANK1_OFFSET, FLASH_BANK1_SIZE, flash);
	/* -no-reboot: a guest reset ends QEMU, and the power loop, told by
	 * the QMP monitor on STATE/power.sock, powers the board on again
	 * (secmon selects the slot bank 0 maps: power_loop.h). */
	power_socket_path(state, power, sizeof(power));
	snprintf(monitor, sizeof(monitor), "socket,id=power,path=%s,server=on,wait=off", power);
	main_loop_tick_chardev(state, tick, sizeof(tick));
	const char *args[72] = { QEMU, "-M", "virt", "-cpu", "cortex-a7", "-m", mem,
				 "-chardev", tick,
				 "-drive", bank0, "-drive", bank1, "-nic", "none", "-no-reboot",
				 "-chardev", monitor, "-mon", "chardev=power,mode=control" };
	int n = 20;

	if (nic) {
		const char *more[] = { "-netdev", net.netdev, "-device", "virtio-net-device,netdev=wan" };

		memcpy(&args[n], more, sizeof(more));
		n += sizeof(more) / sizeof(more[0]);
	}

	/* The mailbox: port 1 of a virtio-serial device, on secmon's socket
	 * (the guest, without sysfs, knows it by its number: /dev/vport<D>p1).
	 * Room up to the highest port that is on (below: the gdbserver's port
	 * 2, the service link's 3, the UART's 4): each port two virtqueues,
	 * not 64 ports. After the NIC, so that the NIC keeps its virtio-mmio
	 * transport (QEMU gives -device options the transports from the
	 * highest address down, in order). */
	snprintf(chardev, sizeof(chardev), "socket,id=secmon,path=%s", mailbox);
	const char *serial_ports[] = { "-device", serial_device(ports),
				       "-chardev", chardev,
				       "-device", "virtserialport,chardev=secmon,name=org.spherule.secmon,nr=1" };

	memcpy(&args[n], serial_ports, sizeof(serial_ports));
	n += sizeof(serial_ports) / sizeof(serial_ports[0]);

	/* The gdbserver port: port 2 of the same device (/dev/vport<D>p2);
	 * the service link: port 3 (/dev/vport<D>p3), devctl's REST API; the
	 * apps' UART ISU0: port 4 (/dev/vport<D>p4). */
	for (int i = 0; i < PORT_COUNT; i++)
		if (ports[i].on)
			n = add_tcp_port(args, n, &ports[i]);
	/* An older emulator's records go; this one's are written once QEMU
	 * runs (in the foreground, just before QEMU starts). */
	remove_records(state);

	if (icount) {
		args[n++] = "-icount";
		args[n++] = "shift=0";
	}

	struct power_loop loop = { "emulator start", flash, state, mailbox, trial_timeout, args, bank0, sizeof(bank0),
				   power, -1, -1, NULL, NULL, NULL };

	if (detach) {
		/* The console log of the whole run: each power cycle's QEMU appends. */
		snprintf(console, sizeof(console), "file,id=console,path=%s/console.log,append=on", state);
		snprintf(pidfile, sizeof(pidfile), "%s/qemu.pid", state);
		const char *more[] = { "-display", "none", "-monitor", "none", "-chardev", console,
				       "-serial", "chardev:console", "-pidfile", pidfile };

		memcpy(&args[n], more, sizeof(more));
		n += sizeof(more) / sizeof(more[0]);
		qmp_socket_path(state, sock, sizeof(sock));
		if (strlen(sock) < sizeof(((struct sockaddr_un *)0)->sun_path)) {
			snprintf(qmp, sizeof(qmp), "unix:%s,server=on,wait=off", sock);
			args[n++] = "-qmp";
			args[n++] = qmp;
		} else {
			fprintf(stderr, "spherule: emulator start: %s: too long for a socket: no QMP socket, "
				"'emulator stop' will kill the emulator\n", sock);
		}
		args[n] = NULL;
		return start_detached(&loop, ports);
	}
	args[n++] = "-nographic";
	args[n] = NULL;
	struct foreground fg = { state, flash, memory, ports };

	loop.powered_on = foreground_powered_on;
	loop.ctx = &fg;
	return power_loop_run(&loop);
}

/* Waits up to tenths * 0.1 s for QEMU process pid to end: true when it did. */
static bool wait_gone(pid_t pid, long tenths)
{
	for (long i = 0; i < tenths && emulator_is_qemu(pid); i++)
		nanosleep(&(struct timespec){ .tv_nsec = 100000000 }, NULL);
	return !emulator_is_qemu(pid);
}

/* SIGTERM, then SIGKILL when QEMU has not ended after 5 s. */
static void kill_qemu(pid_t pid)
{
	kill(pid, SIGTERM);
	if (!wait_gone(pid, KILL_GRACE_TENTHS))
		kill(pid, SIGKILL);
}

/* The power loop, once its QEMU ended: it ends by itself (the board is
 * off); else (a power cycle had begun) it is told to, and waited for. */
static void end_power_loop(const char *state)
{
	char path[PATH_MAX + 16];
	pid_t loop = emulator_power_loop_pid(state);

	if (loop) {
		kill(loop, SIGTERM);
		for (int i = 0; i < KILL_GRACE_TENTHS && emulator_power_loop_pid(state); i++)
			nanosleep(&(struct timespec){ .tv_nsec = 100000000 }, NULL);
		if (emulator_power_loop_pid(state))
			kill(loop, SIGKILL);
	}
	power_pid_path(state, path, sizeof(path));
	unlink(path);
}

static int emulator_stop(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "timeout", required_argument, NULL, 't' },
		{ "force", no_argument, NULL, 'f' },
		{ "state-dir", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	char state[PATH_MAX], path[PATH_MAX + 16], why[512];
	uint32_t timeout = DEFAULT_STOP_TIMEOUT_S;
	bool force = false;
	int c;

	emulator_default_state_dir(state, sizeof(state));
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 't':
			if (cli_parse_u32("emulator stop", "--timeout", optarg, &timeout) < 0)
				return -1;
			if (timeout < 1 || timeout > MAX_STOP_TIMEOUT_S)
				return cli_fail("emulator stop", "--timeout %s: expected seconds from 1 to %d", optarg,
						MAX_STOP_TIMEOUT_S);
			break;
		case 'f': force = true; break;
		case 's': snprintf(state, sizeof(state), "%s", optarg); break;
		case 'h': fputs(stop_usage, stdout); return 0;
		default: return cli_usage_error("emulator stop", stop_usage);
		}
	}
	if (optind < argc)
		return cli_fail("emulator stop", "unexpected argument '%s' (see --help)", argv[optind]);
	pid_t pid = emulator_running_pid(state);

	if (!pid)
		return cli_fail("emulator stop", "no emulator is running (state directory %s)", state);
	if (force) {
		kill_qemu(pid);
		printf("emulator (pid %d) killed (--force)\n", (int)pid);
	} else {
		qmp_socket_path(state, path, sizeof(path));
		if (qmp_execute(path, "system_powerdown", NULL, QMP_ANSWER_MS, why, sizeof(why)) != 0) {
			kill_qemu(pid);
			printf("emulator (pid %d) could not be asked to power off (QMP: %s): killed\n", (int)pid, why);
		} else if (wait_gone(pid, (long)timeout * 10)) {
			printf("emulator (pid %d) powered off by the device\n", (int)pid);
		} else {
			kill_qemu(pid);
			printf("emulator (pid %d) did not power off within %u s: killed\n", (int)pid, timeout);
		}
	}
	end_power_loop(state);
	snprintf(path, sizeof(path), "%s/qemu.pid", state);
	unlink(path);
	qmp_socket_path(state, path, sizeof(path));
	unlink(path);
	remove_records(state);
	/* QEMU has ended, closing the mailbox: its secmon ends with it. */
	secmon_pid_path(state, path, sizeof(path));
	secmon_wait_ended(path);
	return 0;
}

/* Whether s has a character a JSON string would need escaped. */
static bool json_unsafe(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == '"' || *s == '\\')
			return true;
	return false;
}

/* The arguments of dump-guest-memory for path, absolute (no character JSON would escape). */
static int dump_arguments(const char *path, char *args, size_t len)
{
	char abs[PATH_MAX];

	if (path[0] != '/' && !getcwd(abs, sizeof(abs)))
		return cli_fail("emulator dump-memory", "cannot tell the current directory: %s", strerror(errno));
	if (path[0] == '/')
		abs[0] = '\0';
	if (json_unsafe(abs) || json_unsafe(path))
		return cli_fail("emulator dump-memory", "--output %s: a path without '\"', '\\' or control "
				"characters please", path);
	if (snprintf(args, len, "{\"paging\":false,\"protocol\":\"file:%s%s%s\"}", abs, abs[0] ? "/" : "",
		     path) >= (int)len)
		return cli_fail("emulator dump-memory", "--output %s: path too long", path);
	return 0;
}

/* QEMU writes the dump into a directory of our own beside output (it would
 * follow a link planted at output), then it takes output's name, which must
 * not exist: link() refuses to replace anything. */
static int dump_to(const char *qmp_path, const char *output)
{
	char dir[PATH_MAX], tmp[PATH_MAX + 32], args[2 * PATH_MAX + 64], why[512];
	const char *slash = strrchr(output, '/');
	int rc = -1;

	snprintf(dir, sizeof(dir), "%.*s%s.spherule-dump-XXXXXX", slash ? (int)(slash - output + 1) : 0, output,
		 slash ? "" : "./");
	if (!mkdtemp(dir))
		return cli_fail("emulator dump-memory", "%s: %s", dir, strerror(errno));
	snprintf(tmp, sizeof(tmp), "%s/ram.elf", dir);
	if (dump_arguments(tmp, args, sizeof(args)) == 0) {
		if (qmp_execute(qmp_path, "dump-guest-memory", args, DUMP_ANSWER_MS, why, sizeof(why)) != 0)
			cli_fail("emulator dump-memory", "QMP: %s", why);
		else if (link(tmp, output) != 0)
			cli_fail("emulator dump-memory", "--output %s: %s%s", output, strerror(errno),
				 errno == EEXIST ? " (remove it or choose another name)" : "");
		else
			rc = 0;
	}
	unlink(tmp);
	rmdir(dir);
	return rc;
}

static int emulator_dump_memory(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "state-dir", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	char state[PATH_MAX], path[PATH_MAX + 16];
	const char *output = NULL;
	int c;

	emulator_default_state_dir(state, sizeof(state));
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'o': output = optarg; break;
		case 's': snprintf(state, sizeof(state), "%s", optarg); break;
		case 'h': fputs(dump_usage, stdout); return 0;
		default: return cli_usage_error("emulator dump-memory", dump_usage);
		}
	}
	if (optind < argc)
		return cli_fail("emulator dump-memory", "unexpected argument '%s' (see --help)", argv[optind]);
	if (!output)
		return cli_fail("emulator dump-memory", "--output FILE is required (see --help)");
	if (access(output, F_OK) == 0 || errno != ENOENT)
		return cli_fail("emulator dump-memory", "--output %s exists: remove it or choose another name", output);
	if (!emulator_running_pid(state))
		return cli_fail("emulator dump-memory", "no emulator is running (state directory %s)", state);
	qmp_socket_path(state, path, sizeof(path));
	if (dump_to(path, output) < 0)
		return -1;
	printf("wrote the device's RAM to %s\n", output);
	return 0;
}

static int emulator_status(int argc, char **argv)
{
	char state[PATH_MAX];
	int r = parse_state_only(argc, argv, "emulator status", status_usage, state, sizeof(state));

	if (r)
		return r < 0 ? -1 : 0;
	pid_t pid = emulator_running_pid(state);

	if (!pid) {
		printf("not running\n");
		return 1;
	}
	char address[64];

	printf("running (pid %d), console log %s/console.log", (int)pid, state);
	if (emulator_record_read(state, EMULATOR_SERVICE_LINK, address, sizeof(address)) == 0)
		printf(", service link %s", address);
	if (emulator_record_read(state, EMULATOR_UART_ISU0, address, sizeof(address)) == 0)
		printf(", UART ISU0 %s", address);
	putchar('\n');
	return 0;
}

const struct cli_command emulator_commands[] = {
	{ "emulator start", "boot the board in QEMU from a flash image", emulator_start },
	{ "emulator stop", "power off the emulator started with --detach", emulator_stop },
	{ "emulator status", "say whether a detached emulator is running", emulator_status },
	{ "emulator dump-memory", "write the RAM of a detached emulator to a file", emulator_dump_memory },
	{ 0 },
};
