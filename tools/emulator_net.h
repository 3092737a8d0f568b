/*
 * emulator_net.h - the board's network in QEMU: one virtio-net NIC on user
 * networking with restrict=on (the device reaches nothing but what is
 * forwarded) and the forwards the user asked for, all on the host's
 * loopback. The device is 10.0.2.15/24 (boot argument ip=, see
 * docs/board-qemu-armv7.md).
 */
#ifndef SPHERULE_EMULATOR_NET_H
#define SPHERULE_EMULATOR_NET_H

#include <stddef.h>

#define EMULATOR_NET_MAX_FORWARDS 8
#define EMULATOR_NET_DEVICE_ADDR "10.0.2.15"

struct emulator_net {
	char netdev[1024]; /* the -netdev argument */
	unsigned forwards;
	unsigned guest_ports[EMULATOR_NET_MAX_FORWARDS]; /* of the guestfwds, distinct */
	unsigned guest_port_count;
};

/* Starts a netdev with no forward. */
void emulator_net_init(struct emulator_net *net);

/*
 * Adds a forward from the host's 127.0.0.1:HOSTPORT to the device's
 * GUESTPORT; spec is "[tcp:|udp:]HOSTPORT:GUESTPORT". 0, or -EINVAL with
 * the reason in why.
 */
int emulator_net_add_hostfwd(struct emulator_net *net, const char *spec, char *why, size_t why_len);

/*
 * Adds a forward from the device's TCP connections to GUESTADDR:GUESTPORT
 * (an address of 10.0.2.0/24 that is not the device's, the gateway's .2
 * or the DNS's .3; GUESTPORT not used by another guestfwd, as QEMU names
 * its forward by the port) to the host's 127.0.0.1:HOSTPORT; spec is
 * "GUESTADDR:GUESTPORT:HOSTPORT". 0, or -EINVAL with the reason in why.
 */
int emulator_net_add_guestfwd(struct emulator_net *net, const char *spec, char *why, size_t why_len);

#endif
