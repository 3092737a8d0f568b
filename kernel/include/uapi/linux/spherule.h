/* SPDX-License-Identifier: GPL-2.0-only WITH Linux-syscall-note */
/*
 * Spherule LSM - its user-space interface: the securityfs files and the
 * binary policy format (docs/security-model.md). The one definition shared
 * by the kernel (security/spherule/), appmgr and the test apps; each side
 * checks the sizes at build time.
 */

#ifndef _UAPI_LINUX_SPHERULE_H
#define _UAPI_LINUX_SPHERULE_H

#include <linux/types.h>

/* The files, in the securityfs directory "spherule". */
#define SPHERULE_FS_DIR "/sys/kernel/security/spherule"
#define SPHERULE_FS_IDENTITY SPHERULE_FS_DIR "/identity"
#define SPHERULE_FS_POLICY SPHERULE_FS_DIR "/policy"
#define SPHERULE_FS_HOSTS SPHERULE_FS_DIR "/hosts"
#define SPHERULE_FS_VERSION SPHERULE_FS_DIR "/version"
#define SPHERULE_FS_MAILBOX SPHERULE_FS_DIR "/mailbox"

/*
 * The version file reads "policy <versions>\n": the policy format versions
 * the kernel accepts, separated by blanks.
 */
#define SPHERULE_POLICY_VERSION 2

/* Header flags. */
#define SPHERULE_POLICY_HOST_RESOLVER (1U << 0) /* may publish host addresses */
#define SPHERULE_POLICY_STORAGE (1U << 1)       /* may keep files in its storage directory */
#define SPHERULE_POLICY_SECMON (1U << 2)        /* may open the secmon mailbox */
#define SPHERULE_POLICY_DEVICE_AUTH (1U << 3)   /* may read the device certificate */
#define SPHERULE_POLICY_FLAGS                                                   \
	(SPHERULE_POLICY_HOST_RESOLVER | SPHERULE_POLICY_STORAGE | SPHERULE_POLICY_SECMON | \
	 SPHERULE_POLICY_DEVICE_AUTH)

/*
 * The owner of the device certificate's files on littlefs: an app task
 * whose policy has SPHERULE_POLICY_DEVICE_AUTH may read (open read-only,
 * stat, walk, list) the entries of a littlefs filesystem this uid owns,
 * and change no name there. No app runs as this uid.
 */
#define SPHERULE_DEVICE_AUTH_UID 999

/* Entry limits of one policy. */
#define SPHERULE_POLICY_MAX_GPIO 32
#define SPHERULE_POLICY_MAX_IPV4 16
#define SPHERULE_POLICY_MAX_HOSTS 16
#define SPHERULE_POLICY_MAX_PORTS 16
#define SPHERULE_POLICY_MAX_HOST_LEN 253

/**
 * struct spherule_policy_header - the start of a policy (little-endian)
 * @version: %SPHERULE_POLICY_VERSION
 * @flags: %SPHERULE_POLICY_FLAGS bits, the others 0
 * @gpio_count: GPIO entries that follow (struct spherule_policy_gpio)
 * @ipv4_count: IPv4 addresses after them, 4 bytes each in network order
 * @tcp_port_count: TCP server ports after them, __le16 each, 1..65535
 * @udp_port_count: UDP server ports after them, __le16 each, 1..65535
 * @host_count: host names last, each a length byte (1..253) and that many
 *	bytes of a lower-case DNS name or of "*." and one, without NUL
 * @reserved: 0
 *
 * The policy is exactly as long as its counts and name lengths add up to.
 */
struct spherule_policy_header {
	__le16 version;
	__le16 flags;
	__le16 gpio_count;
	__le16 ipv4_count;
	__le16 tcp_port_count;
	__le16 udp_port_count;
	__le16 host_count;
	__le16 reserved;
} __attribute__((packed));

/**
 * struct spherule_policy_gpio - one granted GPIO line (little-endian)
 * @chip_major: major device number of the GPIO chip's character device
 * @chip_minor: its minor (gpiochipN has minor N)
 * @line: offset of the line on that chip
 */
struct spherule_policy_gpio {
	__le32 chip_major;
	__le32 chip_minor;
	__le32 line;
} __attribute__((packed));

#define SPHERULE_POLICY_HEADER_SIZE 16
#define SPHERULE_POLICY_GPIO_SIZE 12
#define SPHERULE_POLICY_IPV4_SIZE 4
#define SPHERULE_POLICY_PORT_SIZE 2

/* The largest policy the format allows. */
#define SPHERULE_POLICY_MAX_SIZE                                                        \
	(SPHERULE_POLICY_HEADER_SIZE + SPHERULE_POLICY_MAX_GPIO * SPHERULE_POLICY_GPIO_SIZE + \
	 SPHERULE_POLICY_MAX_IPV4 * SPHERULE_POLICY_IPV4_SIZE +                          \
	 2 * SPHERULE_POLICY_MAX_PORTS * SPHERULE_POLICY_PORT_SIZE +                     \
	 SPHERULE_POLICY_MAX_HOSTS * (1 + SPHERULE_POLICY_MAX_HOST_LEN))

/*
 * The hosts file takes one line per write: "<name> <a.b.c.d> <lifetime>\n",
 * at most this long; lifetimes in seconds up to a day.
 */
#define SPHERULE_HOSTS_LINE_MAX 300
#define SPHERULE_HOSTS_MAX_LIFETIME (24 * 60 * 60)

/*
 * The resolver on the loopback: every app whose policy grants the network
 * may connect and send UDP (only UDP) to 127.0.0.1 at this port, where the
 * network manager answers its DNS queries; no other loopback port (unless
 * the policy lists 127.0.0.1). musl asks 127.0.0.1:53 when it cannot read
 * /etc/resolv.conf, which an app cannot.
 *
 * An app's socket carries its uid as mark: every AF_INET socket an app task
 * creates has SO_MARK set to the creating task's uid (in the initial user
 * namespace), which the app cannot change (SO_MARK needs a capability), so
 * each datagram it sends carries it. A receiver that turns on SO_RCVMARK
 * reads it per datagram as a control message (level SOL_SOCKET, type
 * SO_MARK, a __u32): that is how the resolver knows which app asked.
 */
#define SPHERULE_RESOLVER_PORT 53

#endif /* _UAPI_LINUX_SPHERULE_H */
