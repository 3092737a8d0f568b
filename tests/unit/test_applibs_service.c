/* test_applibs_service.c — applibs' requests to appmgr on the host,
 * against a fake appmgr end (applibs_fake_appmgr.h): the client's errno
 * mapping, malformed answers, EINTR, no app service at all; memory,
 * power, the RTC, UART_Open's descriptor passing and checks, the network
 * state, time sync and clock_settime, the system events' socket and status
 * mapping; and what the board cannot serve. TAP lines. */
#include <applibs/adc.h>
#include <applibs/application.h>
#include <applibs/applications.h>
#include <applibs/certstore.h>
#include <applibs/i2c.h>
#include <applibs/networking.h>
#include <applibs/powermanagement.h>
#include <applibs/pwm.h>
#include <applibs/rtc.h>
#include <applibs/spi.h>
#include <applibs/sysevent.h>
#include <applibs/uart.h>
#include <applibs/wificonfig.h>

#include <arpa/inet.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "applibs_fake_appmgr.h"
#include "signal_soon.h"
#include "tap.h"

/* Whether the call that just ran failed with -1 and err. */
#define FAILED_WITH(result, err) ((result) == -1 && errno == (err))

/* The op of the request the library sent, or 0 when none waits. */
static uint16_t sent_op(struct app_svc_req *req)
{
	return fake_request(req, NULL, 0) < 0 ? 0 : req->op;
}

/* In a child before the environment names a service: every request is
 * ENOTCONN, and memory 0 with EAGAIN. */
static void test_no_service(void)
{
	pid_t pid = fork();
	int status;

	if (pid == 0) {
		int ok = clock_systohc() == -1 && errno == ENOTCONN;

		errno = 0;
		ok = ok && Applications_GetTotalMemoryUsageInKB() == 0 && errno == EAGAIN;
		_exit(ok ? 0 : 1);
	}
	waitpid(pid, &status, 0);
	tap_ok(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	       "no SPHERULE_APP_SERVICE: requests fail with ENOTCONN, memory 0 with EAGAIN");
}

static void test_client(void)
{
	struct app_svc_memory memory = { .total_kib = 100, .user_kib = 60, .peak_user_kib = 80 };
	struct app_svc_req req;
	int pair[2];

	fake_answer(APP_SVC_MEMORY, 0, &memory, sizeof(memory), -1);
	fake_answer(APP_SVC_MEMORY, 0, &memory, sizeof(memory), -1);
	fake_answer(APP_SVC_MEMORY, 0, &memory, sizeof(memory), -1);
	tap_ok(Applications_GetTotalMemoryUsageInKB() == 100 &&
		       Applications_GetUserModeMemoryUsageInKB() == 60 &&
		       Applications_GetPeakUserModeMemoryUsageInKB() == 80,
	       "memory: total, user mode and peak from appmgr's MEMORY record");
	tap_ok(sent_op(&req) == APP_SVC_MEMORY, "memory asks MEMORY");
	fake_drain();
	fake_answer(APP_SVC_MEMORY, -EIO, NULL, 0, -1);
	errno = 0;
	tap_ok(Applications_GetUserModeMemoryUsageInKB() == 0 && errno == EAGAIN,
	       "memory refused: 0 with EAGAIN, the errno documented");
	fake_drain();

	fake_answer(APP_SVC_RTC_SYSTOHC, -EACCES, NULL, 0, -1);
	tap_ok(FAILED_WITH(clock_systohc(), EACCES), "appmgr's -EACCES: -1 with errno EACCES");
	fake_drain();
	fake_answer(APP_SVC_MEMORY, 0, NULL, 0, -1);
	tap_ok(FAILED_WITH(clock_systohc(), EPROTO), "an answer to another op: EPROTO");
	fake_drain();
	fake_answer(APP_SVC_RTC_SYSTOHC, 5, NULL, 0, -1);
	tap_ok(FAILED_WITH(clock_systohc(), EPROTO), "a positive status: EPROTO");
	fake_drain();
	fake_answer(APP_SVC_NET_STATUS, 0, &memory, 4, -1);
	tap_ok(FAILED_WITH(Networking_GetInterfaceCount(), EPROTO),
	       "a record of the wrong size: EPROTO");
	fake_drain();
	socketpair(AF_UNIX, SOCK_STREAM, 0, pair);
	fake_answer(APP_SVC_RTC_SYSTOHC, 0, NULL, 0, pair[0]);
	tap_ok(FAILED_WITH(clock_systohc(), EPROTO), "a descriptor where none is due: EPROTO");
	fake_drain();
	close(pair[0]);
	close(pair[1]);
}

static void *answer_later(void *unused)
{
	struct timespec pause = { .tv_nsec = 200 * 1000 * 1000 };

	nanosleep(&pause, NULL);
	fake_answer(APP_SVC_RTC_SYSTOHC, 0, NULL, 0, -1);
	return NULL;
}

static void test_eintr(void)
{
	pthread_t thread;
	int result;

	pthread_create(&thread, NULL, answer_later, NULL);
	signal_soon(50);
	result = clock_systohc();
	pthread_join(thread, NULL);
	tap_ok(result == 0 && signals_caught == 1,
	       "a signal while waiting for appmgr's answer: the wait goes on");
	signal_soon_end();
	fake_drain();
}

static void test_power(void)
{
	static const struct {
		PowerManagement_System_PowerProfile profile;
		uint32_t wire;
	} profiles[] = {
		{ PowerManagement_PowerSaver, APP_SVC_POWER_PROFILE_POWER_SAVER },
		{ PowerManagement_Balanced, APP_SVC_POWER_PROFILE_BALANCED },
		{ PowerManagement_HighPerformance, APP_SVC_POWER_PROFILE_HIGH_PERFORMANCE },
	};
	struct app_svc_req req;
	bool mapped = true;

	fake_answer(APP_SVC_POWER_REBOOT, 0, NULL, 0, -1);
	tap_ok(PowerManagement_ForceSystemReboot() == 0 && sent_op(&req) == APP_SVC_POWER_REBOOT,
	       "ForceSystemReboot asks POWER_REBOOT");
	fake_answer(APP_SVC_POWER_DOWN, 0, NULL, 0, -1);
	tap_ok(PowerManagement_ForceSystemPowerDown(30) == 0 && sent_op(&req) == APP_SVC_POWER_DOWN &&
		       req.arg == 30,
	       "ForceSystemPowerDown(30) asks POWER_DOWN with 30");
	for (size_t i = 0; i < sizeof(profiles) / sizeof(profiles[0]); i++) {
		fake_answer(APP_SVC_POWER_PROFILE, 0, NULL, 0, -1);
		mapped = mapped && PowerManagement_SetSystemPowerProfile(profiles[i].profile) == 0 &&
			 sent_op(&req) == APP_SVC_POWER_PROFILE && req.arg == profiles[i].wire;
	}
	tap_ok(mapped, "the power profiles mapped: PowerSaver 0 -> 2, Balanced 1 -> 1, "
		       "HighPerformance 2 -> 0");
	tap_ok(FAILED_WITH(PowerManagement_SetSystemPowerProfile(3), EINVAL) && fake_no_request(),
	       "an unknown power profile: EINVAL, appmgr not asked");
	fake_answer(APP_SVC_RTC_SYSTOHC, 0, NULL, 0, -1);
	tap_ok(clock_systohc() == 0 && sent_op(&req) == APP_SVC_RTC_SYSTOHC,
	       "clock_systohc asks RTC_SYSTOHC");
}

static void test_uart(void)
{
	struct app_svc_uart_config wire;
	struct app_svc_req req;
	UART_Config config;
	int pair[2], fd;
	char byte = 0;

	UART_InitConfig(&config);
	tap_ok(config.baudRate == 9600 && config.dataBits == UART_DataBits_Eight &&
		       config.parity == UART_Parity_None && config.stopBits == UART_StopBits_One &&
		       config.flowControl == UART_FlowControl_None &&
		       config.blockingMode == UART_BlockingMode_NonBlocking,
	       "UART_InitConfig: 9600 baud, 8N1, no flow control, non-blocking");
	config.baudRate = 115200;
	config.flowControl = UART_FlowControl_RTSCTS;
	socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair);
	fake_answer(APP_SVC_UART_OPEN, 0, NULL, 0, pair[0]);
	fd = UART_Open(4, &config);
	tap_ok(fd >= 0 && fd != pair[0] && write(fd, "u", 1) == 1 && read(pair[1], &byte, 1) == 1 &&
		       byte == 'u',
	       "UART_Open: the descriptor appmgr passes is the app's");
	tap_ok(fake_request(&req, &wire, sizeof(wire)) == sizeof(wire) &&
		       req.op == APP_SVC_UART_OPEN && req.arg == 4 && wire.baud_rate == 115200 &&
		       wire.data_bits == 8 && wire.parity == 0 && wire.stop_bits == 1 &&
		       wire.flow_control == 1 && wire.blocking_mode == 0,
	       "UART_Open asks UART_OPEN with the id and the configuration");
	close(fd);
	close(pair[0]);
	close(pair[1]);
	tap_ok(FAILED_WITH(UART_Open(4, NULL), EFAULT) && fake_no_request(),
	       "UART_Open without a configuration: EFAULT, appmgr not asked");
	memset(&config, 0, sizeof(config));
	tap_ok(FAILED_WITH(UART_Open(4, &config), EINVAL) && fake_no_request(),
	       "UART_Open of a configuration UART_InitConfig did not set up: EINVAL");
	UART_InitConfig(&config);
	config.dataBits = 9;
	tap_ok(FAILED_WITH(UART_Open(4, &config), EINVAL) && fake_no_request(),
	       "UART_Open with 9 data bits: EINVAL");
	UART_InitConfig(&config);
	config.parity = 3;
	tap_ok(FAILED_WITH(UART_Open(4, &config), EINVAL) && fake_no_request(),
	       "UART_Open with an unknown parity: EINVAL");
	UART_InitConfig(&config);
	fake_answer(APP_SVC_UART_OPEN, -EBUSY, NULL, 0, -1);
	tap_ok(FAILED_WITH(UART_Open(5, &config), EBUSY), "UART_Open refused by appmgr: its errno");
	fake_answer(APP_SVC_UART_OPEN, 0, NULL, 0, -1);
	tap_ok(FAILED_WITH(UART_Open(5, &config), EPROTO), "UART_Open answered without a descriptor: EPROTO");
	fake_drain();
}

/* An interface record of NET_STATUS. */
static struct app_svc_iface iface(const char *name, bool up, bool carrier, uint8_t last_octet)
{
	struct app_svc_iface i = { .up = up, .carrier = carrier, .prefix_len = 24 };

	memcpy(i.name, name, strnlen(name, sizeof(i.name)));
	if (last_octet)
		memcpy(i.ipv4, (uint8_t[]){ 10, 0, 2, last_octet }, 4);
	return i;
}

static void test_networking(void)
{
	struct app_svc_net net = { .time_synced = 1, .count = 2,
				   .iface = { iface("lo", true, true, 1), iface("eth0", true, true, 15) } };
	Networking_InterfaceConnectionStatus status = 0;
	Networking_NetworkInterface list[4];
	struct app_svc_req req;
	bool ready = false;
	uint32_t ns;

	fake_answer(APP_SVC_NET_STATUS, 0, &net, sizeof(net), -1);
	tap_ok(Networking_IsNetworkingReady(&ready) == 0 && ready,
	       "IsNetworkingReady: eth0 up, linked, with an address, time synced");
	fake_answer(APP_SVC_NET_STATUS, 0, &net, sizeof(net), -1);
	tap_ok(Networking_GetInterfaceCount() == 1, "GetInterfaceCount leaves the loopback out");
	fake_answer(APP_SVC_NET_STATUS, 0, &net, sizeof(net), -1);
	tap_ok(Networking_GetInterfaces(list, 4) == 1 && strcmp(list[0].interfaceName, "eth0") == 0 &&
		       list[0].isEnabled &&
		       list[0].interfaceMediumType == Networking_InterfaceMedium_Ethernet &&
		       list[0].ipConfigurationType == Networking_IpType_DhcpNone,
	       "GetInterfaces: eth0, enabled, Ethernet, a static address");
	net.iface[1].ip_mode = APP_SVC_IP_MODE_DHCP;
	fake_answer(APP_SVC_NET_STATUS, 0, &net, sizeof(net), -1);
	tap_ok(Networking_GetInterfaces(list, 4) == 1 && list[0].ipConfigurationType == Networking_IpType_DhcpClient,
	       "GetInterfaces: an address from DHCP (ip_mode 2) is DhcpClient");
	fake_answer(APP_SVC_NET_STATUS, 0, &net, sizeof(net), -1);
	tap_ok(Networking_GetInterfaceConnectionStatus("eth0", &status) == 0 &&
		       status == (Networking_InterfaceConnectionStatus_InterfaceUp |
				  Networking_InterfaceConnectionStatus_ConnectedToNetwork |
				  Networking_InterfaceConnectionStatus_IpAvailable),
	       "GetInterfaceConnectionStatus(eth0): up, connected, an address, internet unknown");
	fake_answer(APP_SVC_NET_STATUS, 0, &net, sizeof(net), -1);
	tap_ok(FAILED_WITH(Networking_GetInterfaceConnectionStatus("wlan0", &status), ENOENT),
	       "GetInterfaceConnectionStatus of an interface the board lacks: ENOENT");
	fake_answer(APP_SVC_NET_STATUS, 0, &net, sizeof(net), -1);
	tap_ok(FAILED_WITH(Networking_GetInterfaceConnectionStatus("lo", &status), ENOENT),
	       "GetInterfaceConnectionStatus(lo): ENOENT, as it is not listed");
	net.time_synced = 0;
	fake_answer(APP_SVC_NET_STATUS, 0, &net, sizeof(net), -1);
	tap_ok(Networking_IsNetworkingReady(&ready) == 0 && !ready,
	       "IsNetworkingReady: not before the time is synced");
	net.time_synced = 1;
	net.iface[1] = iface("eth0", true, false, 15);
	fake_answer(APP_SVC_NET_STATUS, 0, &net, sizeof(net), -1);
	tap_ok(Networking_IsNetworkingReady(&ready) == 0 && !ready,
	       "IsNetworkingReady: not without a link");
	fake_drain();
	tap_ok(FAILED_WITH(Networking_IsNetworkingReady(NULL), EFAULT) &&
		       FAILED_WITH(Networking_GetInterfaces(NULL, 1), EFAULT) &&
		       FAILED_WITH(Networking_GetInterfaces(list, 0), ERANGE) && fake_no_request(),
	       "EFAULT and ERANGE before appmgr is asked");
	errno = 0;
	tap_ok(!Networking_Proxy_Create() && errno == ENOSYS &&
		       FAILED_WITH(Networking_SetInterfaceState("eth0", true), ENOSYS),
	       "network configuration: ENOSYS");
	tap_ok(Networking_Proxy_GetProxyStatus(&ns) == 0 && ns == 0 && fake_no_request(),
	       "proxy status: 0 (none enabled), appmgr not asked");
	tap_ok(FAILED_WITH(Networking_Proxy_Get(NULL), EFAULT) && FAILED_WITH(Networking_Proxy_Apply(NULL), EFAULT) &&
		       fake_no_request(),
	       "proxy Get and Apply of NULL: EFAULT, appmgr not asked");
	fake_answer(APP_SVC_PROXY, -ENOENT, NULL, 0, -1);
	tap_ok(FAILED_WITH(Networking_Proxy_Get((Networking_ProxyConfig *)&ns), ENOENT) && sent_op(&req) == APP_SVC_PROXY &&
		       req.arg == APP_SVC_PROXY_GET,
	       "proxy Get: PROXY get, appmgr's ENOENT (none configured)");
	fake_answer(APP_SVC_PROXY, -EACCES, NULL, 0, -1);
	tap_ok(FAILED_WITH(Networking_Proxy_Apply((Networking_ProxyConfig *)&ns), EACCES) &&
		       sent_op(&req) == APP_SVC_PROXY && req.arg == APP_SVC_PROXY_APPLY,
	       "proxy Apply: PROXY apply, appmgr's EACCES (its capability first)");
	fake_drain();
}

static struct in_addr addr(const char *text)
{
	return (struct in_addr){ .s_addr = inet_addr(text) };
}

/* The NET_APPLY payload the library just sent into *c: whether one waits. */
static bool sent_net_apply(struct app_svc_net_config *c)
{
	struct app_svc_req req;

	return fake_request(&req, c, sizeof(*c)) == (long)sizeof(*c) && req.op == APP_SVC_NET_APPLY && req.arg == 0;
}

static void test_ip_config(void)
{
	static const struct app_svc_net_config want_static = { "eth0", APP_SVC_IP_STATIC_APP, 24, { 0, 0 },
							       { 10, 0, 2, 50 }, { 10, 0, 2, 2 }, 0 };
	struct in_addr dns[4] = { addr("10.0.2.3"), addr("1.1.1.1"), addr("8.8.8.8"), addr("9.9.9.9") };
	Networking_IpConfig cfg;
	struct app_svc_net_config c;

	Networking_IpConfig_Init(&cfg);
	fake_answer(APP_SVC_NET_APPLY, 0, NULL, 0, -1);
	tap_ok(Networking_IpConfig_Apply("eth0", &cfg) == 0 && sent_net_apply(&c) && !strcmp(c.ifname, "eth0") &&
		       c.source == APP_SVC_IP_DYNAMIC_APP,
	       "IpConfig_Apply of Init's configuration: NET_APPLY, eth0 given back to DHCP (source 4)");
	Networking_IpConfig_EnableStaticIp(&cfg, addr("10.0.2.50"), addr("255.255.255.0"), addr("10.0.2.2"));
	fake_answer(APP_SVC_NET_APPLY, 0, NULL, 0, -1);
	tap_ok(Networking_IpConfig_Apply("eth0", &cfg) == 0 && sent_net_apply(&c) &&
		       !memcmp(&c, &want_static, sizeof(c)),
	       "IpConfig_Apply of a static address: NET_APPLY source 3, 10.0.2.50/24 by 10.0.2.2");
	fake_answer(APP_SVC_NET_APPLY, -EACCES, NULL, 0, -1);
	tap_ok(FAILED_WITH(Networking_IpConfig_Apply("eth0", &cfg), EACCES) && sent_net_apply(&c),
	       "IpConfig_Apply: appmgr's EACCES (no NetworkConfig)");
	fake_answer(APP_SVC_NET_APPLY, -ENODEV, NULL, 0, -1);
	tap_ok(FAILED_WITH(Networking_IpConfig_Apply("wlan0", &cfg), ENOENT) && sent_net_apply(&c),
	       "IpConfig_Apply of an interface the device lacks: appmgr's ENODEV as ENOENT");
	fake_answer(APP_SVC_NET_APPLY, -EBUSY, NULL, 0, -1);
	tap_ok(FAILED_WITH(Networking_IpConfig_Apply("eth0", &cfg), EBUSY) && sent_net_apply(&c),
	       "IpConfig_Apply: appmgr's other refusals as they are");
	tap_ok(FAILED_WITH(Networking_IpConfig_Apply("an-interface-name-too-long", &cfg), ENOENT) &&
		       FAILED_WITH(Networking_IpConfig_Apply(NULL, &cfg), EFAULT) &&
		       FAILED_WITH(Networking_IpConfig_Apply("eth0", NULL), EFAULT) && fake_no_request(),
	       "IpConfig_Apply of a name no interface has: ENOENT; of NULL: EFAULT; appmgr not asked");
	Networking_IpConfig_EnableStaticIp(&cfg, addr("10.0.2.50"), addr("255.0.255.0"), addr("10.0.2.2"));
	tap_ok(FAILED_WITH(Networking_IpConfig_Apply("eth0", &cfg), EINVAL) && fake_no_request(),
	       "a subnet mask that is not contiguous: EINVAL, appmgr not asked");
	Networking_IpConfig_EnableStaticIp(&cfg, addr("10.0.2.50"), addr("0.0.0.0"), addr("10.0.2.2"));
	tap_ok(FAILED_WITH(Networking_IpConfig_Apply("eth0", &cfg), EINVAL) && fake_no_request(),
	       "a subnet mask 0.0.0.0: EINVAL");
	Networking_IpConfig_EnableStaticIp(&cfg, addr("0.0.0.0"), addr("255.255.255.255"), addr("0.0.0.0"));
	tap_ok(FAILED_WITH(Networking_IpConfig_Apply("eth0", &cfg), EINVAL) && fake_no_request(),
	       "an address 0.0.0.0: EINVAL");
	Networking_IpConfig_EnableStaticIp(&cfg, addr("10.0.2.50"), addr("255.255.255.255"), addr("0.0.0.0"));
	fake_answer(APP_SVC_NET_APPLY, 0, NULL, 0, -1);
	tap_ok(Networking_IpConfig_Apply("eth0", &cfg) == 0 && sent_net_apply(&c) && c.prefix_len == 32 &&
		       !memcmp(c.gateway, "\0\0\0\0", 4),
	       "a /32 without a gateway: prefix 32, gateway 0.0.0.0");
	tap_ok(Networking_IpConfig_EnableCustomDns(&cfg, dns, 1) == 0 &&
		       Networking_IpConfig_EnableCustomDns(&cfg, dns, 3) == 0 &&
		       FAILED_WITH(Networking_IpConfig_EnableCustomDns(&cfg, dns, 4), EINVAL) &&
		       FAILED_WITH(Networking_IpConfig_EnableCustomDns(&cfg, dns, 0), EINVAL) &&
		       FAILED_WITH(Networking_IpConfig_EnableCustomDns(&cfg, NULL, 1), EFAULT) &&
		       FAILED_WITH(Networking_IpConfig_EnableCustomDns(NULL, dns, 1), EFAULT) && fake_no_request(),
	       "EnableCustomDns: 1..3 servers recorded, else EINVAL; NULL: EFAULT");
	Networking_IpConfig_EnableAutomaticDns(&cfg);
	Networking_IpConfig_EnableDynamicIp(&cfg);
	fake_answer(APP_SVC_NET_APPLY, 0, NULL, 0, -1);
	tap_ok(Networking_IpConfig_Apply("eth0", &cfg) == 0 && sent_net_apply(&c) && c.source == APP_SVC_IP_DYNAMIC_APP &&
		       c.prefix_len == 0 && !memcmp(c.ipv4, "\0\0\0\0", 4),
	       "EnableDynamicIp after a static address: source 4, no address sent");
	Networking_IpConfig_Destroy(&cfg);
	fake_drain();
}

/* Queues appmgr's answer to one TIMESYNC: t, or a failure status. */
static void answer_timesync(struct app_svc_timesync t, int32_t status)
{
	fake_answer(APP_SVC_TIMESYNC, status, status == 0 ? &t : NULL, status == 0 ? sizeof(t) : 0, -1);
}

/* The arg of the TIMESYNC request the library sent, or -1. */
static long last_timesync_arg(void)
{
	struct app_svc_req req;

	return fake_request(&req, NULL, 0) < 0 || req.op != APP_SVC_TIMESYNC ? -1 : (long)req.arg;
}

static void test_time_sync(void)
{
	struct app_svc_timesync on = { .enabled = 1 }, synced = { 1, 1, { 0, 0 }, 1796515260 };
	struct tm before, ntp;
	char server[8] = "x";
	size_t len = sizeof(server);
	bool enabled = false;

	answer_timesync(on, 0);
	tap_ok(Networking_TimeSync_GetEnabled(&enabled) == 0 && enabled && last_timesync_arg() == APP_SVC_TIMESYNC_GET,
	       "TimeSync_GetEnabled: TIMESYNC get, enabled");
	answer_timesync(on, 0);
	tap_ok(Networking_TimeSync_SetEnabled(false) == 0 && last_timesync_arg() == APP_SVC_TIMESYNC_DISABLE,
	       "TimeSync_SetEnabled(false): TIMESYNC disable");
	answer_timesync(on, 0);
	tap_ok(Networking_TimeSync_SetEnabled(true) == 0 && last_timesync_arg() == APP_SVC_TIMESYNC_ENABLE,
	       "TimeSync_SetEnabled(true): TIMESYNC enable");
	answer_timesync(on, -EACCES);
	tap_ok(FAILED_WITH(Networking_TimeSync_SetEnabled(true), EACCES), "without TimeSyncConfig: EACCES, appmgr's");
	fake_drain();
	tap_ok(FAILED_WITH(Networking_TimeSync_GetEnabled(NULL), EFAULT) &&
		       FAILED_WITH(Networking_TimeSync_GetLastNtpSyncInfo(server, NULL, NULL, NULL), EFAULT) &&
		       fake_no_request(),
	       "EFAULT before appmgr is asked");
	answer_timesync(on, 0);
	tap_ok(FAILED_WITH(Networking_TimeSync_GetLastNtpSyncInfo(server, &len, &before, &ntp), ENOENT),
	       "GetLastNtpSyncInfo before a sync: ENOENT");
	answer_timesync(synced, 0);
	memset(&before, 0x55, sizeof(before));
	tap_ok(Networking_TimeSync_GetLastNtpSyncInfo(server, &len, &before, &ntp) == 0 && server[0] == '\0' &&
		       len == 1 && ntp.tm_year == 126 && ntp.tm_mon == 11 && ntp.tm_mday == 6 && ntp.tm_hour == 0 &&
		       ntp.tm_min == 1 && before.tm_year == 0 && before.tm_mday == 0,
	       "GetLastNtpSyncInfo once synced: the sync's time (UTC), the server \"\" and the time before zeroed "
	       "(not recorded)");
	answer_timesync(synced, 0);
	len = 0;
	tap_ok(FAILED_WITH(Networking_TimeSync_GetLastNtpSyncInfo(server, &len, NULL, NULL), ENOBUFS) && len == 1,
	       "GetLastNtpSyncInfo with no room for the server: ENOBUFS, the length needed");
	answer_timesync(synced, 0);
	tap_ok(Networking_TimeSync_GetLastNtpSyncInfo(NULL, NULL, NULL, &ntp) == 0, "every output may be NULL");
	fake_drain();
}

static void test_clock_settime(void)
{
	struct timespec ts = { 1796515200, 7 };
	struct app_svc_time sent;
	struct app_svc_req req;

	fake_answer(APP_SVC_TIME_SET, 0, NULL, 0, -1);
	tap_ok(clock_settime(CLOCK_REALTIME, &ts) == 0 &&
		       fake_request(&req, &sent, sizeof(sent)) == (long)sizeof(sent) && req.op == APP_SVC_TIME_SET &&
		       sent.sec == ts.tv_sec && sent.nsec == 7 && sent.source == APP_SVC_TIME_APP,
	       "clock_settime(CLOCK_REALTIME): TIME_SET from an app, its seconds and nanoseconds");
	fake_answer(APP_SVC_TIME_SET, -EACCES, NULL, 0, -1);
	tap_ok(FAILED_WITH(clock_settime(CLOCK_REALTIME, &ts), EACCES), "without SystemTime: EACCES, appmgr's");
	fake_drain();
	ts.tv_nsec = 1000000000;
	tap_ok(FAILED_WITH(clock_settime(CLOCK_REALTIME, &ts), EINVAL) &&
		       FAILED_WITH(clock_settime(CLOCK_MONOTONIC, &ts), EINVAL) && fake_no_request(),
	       "nanoseconds out of range, another clock: EINVAL, appmgr not asked");
}

/* What the system event callback saw. */
static struct {
	int calls;
	SysEvent_Events event;
	SysEvent_Status status;
	SysEvent_Info_UpdateData update;
	int update_result;
} got;

static void on_sysevent(SysEvent_Events event, SysEvent_Status status, const SysEvent_Info *info,
			void *context)
{
	got.calls++;
	got.event = event;
	got.status = status;
	got.update_result = SysEvent_Info_GetUpdateData(info, &got.update);
}

/* Sends one event message from appmgr's end and runs the loop once. */
static void send_event(int sock, EventLoop *el, uint32_t event, uint32_t status, uint32_t type)
{
	struct app_svc_event msg = { .event = event, .status = status, .update_type = type,
				     .max_deferral_minutes = 10 };

	if (send(sock, &msg, sizeof(msg), 0) != sizeof(msg))
		_exit(2);
	memset(&got, 0, sizeof(got));
	EventLoop_Run(el, 0, false);
}

/* Registers for events through the fake appmgr, which passes one end of
 * a fresh socket pair: the registration; *appmgr_end is the other end. */
static EventRegistration *register_events(EventLoop *el, SysEvent_Events events, int *appmgr_end)
{
	EventRegistration *reg;
	int pair[2];

	socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair);
	fake_answer(APP_SVC_SYSEVENT_REGISTER, 0, NULL, 0, pair[1]);
	close(pair[1]);
	reg = SysEvent_RegisterForEventNotifications(el, events, on_sysevent, NULL);
	*appmgr_end = pair[0];
	return reg;
}

static void test_sysevent(void)
{
	EventLoop *el = EventLoop_Create();
	struct app_svc_req req;
	EventRegistration *reg;
	int appmgr_end, junk = 7;
	bool mapped = true;
	static const struct {
		uint32_t wire;
		SysEvent_Status status;
	} statuses[] = {
		{ APP_SVC_STATUS_PENDING, SysEvent_Status_Pending },
		{ APP_SVC_STATUS_FINAL, SysEvent_Status_Final },
		{ APP_SVC_STATUS_DEFERRED, SysEvent_Status_Deferred },
		{ APP_SVC_STATUS_COMPLETE, SysEvent_Status_Complete },
	};

	errno = 0;
	tap_ok(!SysEvent_RegisterForEventNotifications(NULL, SysEvent_Events_Update, on_sysevent,
						       NULL) && errno == EFAULT &&
		       !SysEvent_RegisterForEventNotifications(el, 0, on_sysevent, NULL) &&
		       errno == EINVAL &&
		       !SysEvent_RegisterForEventNotifications(el, 0x08, on_sysevent, NULL) &&
		       errno == EINVAL && fake_no_request(),
	       "RegisterForEventNotifications: EFAULT, EINVAL before appmgr is asked");
	reg = register_events(el, SysEvent_Events_Update, &appmgr_end);
	tap_ok(reg && sent_op(&req) == APP_SVC_SYSEVENT_REGISTER && req.arg == APP_SVC_EVENT_UPDATE,
	       "RegisterForEventNotifications asks SYSEVENT_REGISTER with the mask");
	send_event(appmgr_end, el, APP_SVC_EVENT_UPDATE, APP_SVC_STATUS_PENDING, APP_SVC_UPDATE_APP);
	tap_ok(got.calls == 1 && got.event == SysEvent_Events_UpdateReadyForInstall &&
		       got.status == SysEvent_Status_Pending && got.update_result == 0 &&
		       got.update.max_deferral_time_in_minutes == 10 &&
		       got.update.update_type == SysEvent_UpdateType_App,
	       "an event message: the callback with the event, Pending, and its update data");
	for (size_t i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++) {
		send_event(appmgr_end, el, APP_SVC_EVENT_UPDATE, statuses[i].wire, APP_SVC_UPDATE_SYSTEM);
		mapped = mapped && got.calls == 1 && got.status == statuses[i].status &&
			 got.update.update_type == SysEvent_UpdateType_System;
	}
	tap_ok(mapped && SysEvent_Status_Rejected == SysEvent_Status_Deferred,
	       "statuses mapped: Pending, Final, Deferred (Rejected), Complete; type System");
	send_event(appmgr_end, el, APP_SVC_EVENT_UPDATE, 9, APP_SVC_UPDATE_APP);
	tap_ok(got.calls == 0, "an unknown status is dropped");
	send_event(appmgr_end, el, APP_SVC_EVENT_NO_UPDATE, APP_SVC_STATUS_COMPLETE, 0);
	tap_ok(got.calls == 0, "an event not registered for is dropped");
	send(appmgr_end, &junk, sizeof(junk), 0);
	memset(&got, 0, sizeof(got));
	EventLoop_Run(el, 0, false);
	tap_ok(got.calls == 0, "a message of the wrong size is dropped");
	errno = 0;
	tap_ok(!SysEvent_RegisterForEventNotifications(el, SysEvent_Events_Update, on_sysevent,
						       NULL) && errno == EEXIST && fake_no_request(),
	       "a second registration: EEXIST");
	tap_ok(SysEvent_Info_GetUpdateData(NULL, NULL) == -1 && errno == EFAULT,
	       "GetUpdateData without info: EFAULT");

	fake_answer(APP_SVC_SYSEVENT_DEFER, -EINVAL, NULL, 0, -1);
	tap_ok(FAILED_WITH(SysEvent_DeferEvent(SysEvent_Events_Update, 30), EINVAL) &&
		       sent_op(&req) == APP_SVC_SYSEVENT_DEFER && req.arg == APP_SVC_EVENT_UPDATE &&
		       req.arg2 == 30,
	       "DeferEvent asks SYSEVENT_DEFER with the event and minutes, appmgr's errno back");
	tap_ok(FAILED_WITH(SysEvent_DeferEvent(0x03, 30), EINVAL) &&
		       FAILED_WITH(SysEvent_ResumeEvent(0), EINVAL) && fake_no_request(),
	       "DeferEvent and ResumeEvent of not exactly one event: EINVAL");
	fake_answer(APP_SVC_SYSEVENT_RESUME, 0, NULL, 0, -1);
	tap_ok(SysEvent_ResumeEvent(SysEvent_Events_Update) == 0 &&
		       sent_op(&req) == APP_SVC_SYSEVENT_RESUME,
	       "ResumeEvent asks SYSEVENT_RESUME");

	close(appmgr_end);
	EventLoop_Run(el, 0, false);
	tap_ok(EventLoop_Run(el, 0, false) == EventLoop_Run_FinishedEmpty,
	       "appmgr closed the event socket: the loop is not woken again");
	tap_ok(SysEvent_UnregisterForEventNotifications(reg) == 0, "UnregisterForEventNotifications");
	tap_ok(FAILED_WITH(SysEvent_UnregisterForEventNotifications(NULL), EFAULT) &&
		       FAILED_WITH(SysEvent_UnregisterForEventNotifications(reg), EINVAL),
	       "Unregister of NULL: EFAULT; of a registration that ended: EINVAL");
	reg = register_events(el, SysEvent_Events_Mask, &appmgr_end);
	tap_ok(reg && sent_op(&req) == APP_SVC_SYSEVENT_REGISTER && req.arg == APP_SVC_EVENT_ALL,
	       "registering again after the end, for every event");
	SysEvent_UnregisterForEventNotifications(reg);
	tap_ok(recv(appmgr_end, &junk, sizeof(junk), MSG_DONTWAIT) == 0,
	       "Unregister closes the event socket (appmgr sees its end)");
	close(appmgr_end);
	EventLoop_Close(el);
	fake_drain();
}

/* Application_IsDeviceAuthReady: appmgr's DEVICEAUTH_STATUS, both ways,
 * and its refusal for an app without DeviceAuthentication. */
static void test_device_auth(void)
{
	struct app_svc_deviceauth_status st = { .ready = 1, .not_after = 1796695175 };
	struct app_svc_req req;
	bool ready = false;

	fake_answer(APP_SVC_DEVICEAUTH_STATUS, 0, &st, sizeof(st), -1);
	tap_ok(Application_IsDeviceAuthReady(&ready) == 0 && ready && sent_op(&req) == APP_SVC_DEVICEAUTH_STATUS,
	       "IsDeviceAuthReady asks DEVICEAUTH_STATUS: a certificate of its tenant, valid: true");
	st.ready = 0;
	fake_answer(APP_SVC_DEVICEAUTH_STATUS, 0, &st, sizeof(st), -1);
	tap_ok(Application_IsDeviceAuthReady(&ready) == 0 && !ready,
	       "none, expired, or another tenant's: false");
	fake_answer(APP_SVC_DEVICEAUTH_STATUS, -EACCES, NULL, 0, -1);
	ready = true;
	tap_ok(FAILED_WITH(Application_IsDeviceAuthReady(&ready), EACCES) && ready,
	       "without DeviceAuthentication: -1, EACCES (appmgr's answer)");
	fake_drain();
}

static void test_unavailable(void)
{
	SPIMaster_Config spi;
	PwmState pwm = { 0 };

	tap_ok(FAILED_WITH(ADC_Open(0), ENODEV) && FAILED_WITH(PWM_Open(0), ENODEV) &&
		       FAILED_WITH(I2CMaster_Open(0), ENODEV) &&
		       FAILED_WITH(SPIMaster_Open(0, -1, &spi), ENODEV),
	       "ADC, PWM, I2C and SPI: the board has none, ENODEV");
	tap_ok(FAILED_WITH(PWM_Apply(3, 0, &pwm), EBADF) && FAILED_WITH(ADC_Poll(3, 0, NULL), EBADF) &&
		       FAILED_WITH(I2CMaster_Write(3, 0x50, NULL, 0), EBADF),
	       "their other functions: EBADF (no descriptor of them can exist)");
	tap_ok(SPIMaster_InitConfig(&spi) == 0 && spi.csPolarity == SPI_ChipSelectPolarity_ActiveLow,
	       "SPIMaster_InitConfig fills the struct");
	tap_ok(FAILED_WITH(CertStore_GetCertificateCount(), ENOSYS) &&
		       FAILED_WITH(CertStore_InstallRootCACertificate("ca", "x", 1), ENOSYS),
	       "the certificate store: ENOSYS");
	tap_ok(FAILED_WITH(WifiConfig_GetStoredNetworkCount(), ENETDOWN) &&
		       FAILED_WITH(WifiConfig_AddNetwork(), ENETDOWN),
	       "Wi-Fi: ENETDOWN (no Wi-Fi interface)");
	tap_ok(FAILED_WITH(Application_Connect("00000000-0000-0000-0000-000000000000"), ENODEV) &&
		       FAILED_WITH(Application_IsDeviceAuthReady(NULL), EFAULT),
	       "no real-time core (ENODEV); IsDeviceAuthReady(NULL): EFAULT");
	tap_ok(fake_no_request(), "none of them asks appmgr");
}

int main(void)
{
	test_no_service();
	fake_appmgr_start();
	test_client();
	test_eintr();
	test_power();
	test_uart();
	test_networking();
	test_ip_config();
	test_time_sync();
	test_clock_settime();
	test_sysevent();
	test_device_auth();
	test_unavailable();
	return tap_done();
}
