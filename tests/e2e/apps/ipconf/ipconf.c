/* ipconf.c — the test app of netmgr's suite (tests/e2e/test_netmgr.sh) for
 * an app's own IP configuration (applibs/networking.h, capability
 * NetworkConfig): once networking is ready (netmgr's lease and clock), it
 * applies a static configuration equal to the lease (10.0.2.15/24 through
 * 10.0.2.2, so that the suite's other traffic is not disturbed), reads how
 * eth0 got its address, then gives eth0 back to DHCP and reads it again.
 * It waits a minute after networking is ready, so that the suite's other
 * apps have made their connections before eth0's address is replaced.
 * One line per step. */
#include <applibs/log.h>
#include <applibs/networking.h>
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>

/* eth0's ipConfigurationType as text, or why it could not be read. */
static const char *eth0_mode(void)
{
	Networking_NetworkInterface ifs[4];
	ssize_t n = Networking_GetInterfaces(ifs, 4);

	for (ssize_t i = 0; i < n; i++)
		if (strcmp(ifs[i].interfaceName, "eth0") == 0)
			return ifs[i].ipConfigurationType == Networking_IpType_DhcpClient ? "dhcp" : "static";
	return n < 0 ? strerror(errno) : "no eth0";
}

static void apply(const char *what, Networking_IpConfig *cfg)
{
	if (Networking_IpConfig_Apply("eth0", cfg) != 0)
		Log_Debug("ipconf: %s: %s\n", what, strerror(errno));
	else
		Log_Debug("ipconf: %s applied, eth0 now %s\n", what, eth0_mode());
}

int main(void)
{
	Networking_IpConfig cfg;
	struct in_addr addr, mask, gw;
	bool ready = false;

	while (Networking_IsNetworkingReady(&ready) != 0 || !ready)
		sleep(1);
	Log_Debug("ipconf: networking ready, eth0 %s\n", eth0_mode());
	sleep(60);
	inet_aton("10.0.2.15", &addr);
	inet_aton("255.255.255.0", &mask);
	inet_aton("10.0.2.2", &gw);
	Networking_IpConfig_Init(&cfg);
	Networking_IpConfig_EnableStaticIp(&cfg, addr, mask, gw);
	apply("static 10.0.2.15/24", &cfg);
	Networking_IpConfig_Destroy(&cfg);
	Networking_IpConfig_Init(&cfg);
	Networking_IpConfig_EnableDynamicIp(&cfg);
	apply("dynamic", &cfg);
	Networking_IpConfig_Destroy(&cfg);
	for (;;)
		pause();
}
