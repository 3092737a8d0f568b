/* resolver.c — the host resolver of the attack suite: an app whose manifest
 * has "HostResolver": true publishes addresses of host names to the
 * Spherule LSM (/sys/kernel/security/spherule/hosts), as the network
 * manager will: for svc.spherule.test (named by the net app, short
 * lifetime), other.spherule.test (named by no app), b.wild.spherule.test
 * (published, then withdrawn) and last a.wild.spherule.test (the net app
 * waits for it). It is refused malformed lines (EINVAL) and more than 64
 * live pairs (ENOSPC). Like the network manager it has the resolver's port,
 * 127.0.0.1:53 UDP (dns_port.c): bound before its last publication, it
 * then reads the net app's uid as the mark of the net app's datagrams.
 * Prints
 *   resolver: ok N - <case> (got <errno name>)
 * per case (case_report.h), "resolver: done P passed, F failed", and stays
 * idle. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <linux/spherule.h>

#include "attempts.h"
#include "case_report.h"
#include "dns_port.h"
#include "net_names.h"

#define HOSTS_MAX 64
#define FILL_LIFETIME_S 4

static int publish(const char *line)
{
	return try_write_file(SPHERULE_FS_HOSTS, line, strlen(line));
}

/* Fills the table with pairs that live FILL_LIFETIME_S (long enough that
 * none expires before the 65th write, even on a loaded host): the 65th is
 * refused; then waits until they are gone. */
static int fill_table(void)
{
	char line[64];
	int err = 0;

	for (unsigned i = 0; i <= HOSTS_MAX && err == 0; i++) {
		snprintf(line, sizeof(line), "fill%u.spherule.test 10.0.3.%u %u\n", i, i, FILL_LIFETIME_S);
		err = publish(line);
		if (err != 0 && i < HOSTS_MAX)
			return -EIO; /* refused before the table was full */
	}
	nanosleep(&(struct timespec){ FILL_LIFETIME_S, 500000000L }, NULL);
	return err;
}

static int publish_named(void)
{
	return publish(PUBLISHED_HOST " " PUBLISHED_ADDR " " PUBLISHED_LIFETIME "\n");
}

static int publish_other(void) { return publish(OTHER_HOST " " OTHER_ADDR " 600"); }

static int publish_and_withdraw(void)
{
	int err = publish(WITHDRAWN_HOST " " WITHDRAWN_ADDR " 600\n");

	return err ? err : publish(WITHDRAWN_HOST " " WITHDRAWN_ADDR " 0\n");
}

static int no_lifetime(void) { return publish(PUBLISHED_HOST " " PUBLISHED_ADDR "\n"); }
static int wildcard_name(void) { return publish("*.wild.spherule.test 10.0.2.105 60\n"); }
static int upper_case(void) { return publish("SVC.spherule.test 10.0.2.105 60\n"); }
static int long_lifetime(void) { return publish(PUBLISHED_HOST " 10.0.2.105 86401\n"); }
static int bad_address(void) { return publish(PUBLISHED_HOST " 10.0.2.300 60\n"); }
static int two_lines(void) { return publish(OTHER_HOST " 10.0.2.105 60\n" OTHER_HOST " 10.0.2.106 60\n"); }

static int publish_wild(void) { return publish(WILD_HOST " " WILD_ADDR " 600\n"); }

static const struct attack_case cases[] = {
	{ "hosts: the 65th live published address", -ENOSPC, fill_table },
	{ "hosts: publish the net app's host (positive)", 0, publish_named },
	{ "hosts: publish a host no app names, without newline (positive)", 0, publish_other },
	{ "hosts: publish and withdraw (lifetime 0) an address (positive)", 0, publish_and_withdraw },
	{ "hosts: a line without lifetime", -EINVAL, no_lifetime },
	{ "hosts: a wildcard name", -EINVAL, wildcard_name },
	{ "hosts: an upper-case name", -EINVAL, upper_case },
	{ "hosts: a lifetime over a day", -EINVAL, long_lifetime },
	{ "hosts: an address that is not IPv4", -EINVAL, bad_address },
	{ "hosts: two lines in one write", -EINVAL, two_lines },
	{ "loopback: bind the resolver's port 127.0.0.1:53 (UDP) with SO_RCVMARK (positive)", 0,
	  dns_port_bind },
	{ "hosts: publish a host of a named domain (positive)", 0, publish_wild },
	{ "loopback: the net app's datagram carries the net app's uid as its mark (positive)", 0,
	  dns_port_marked_datagram },
	{ "loopback: the net app's getaddrinfo asks here, marked with its uid (positive)", 0,
	  dns_port_musl_query },
};

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("resolver: start\n");
	cases_run("resolver", cases, CASE_COUNT(cases));
	for (;;)
		pause();
}
