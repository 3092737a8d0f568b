// SPDX-License-Identifier: GPL-2.0-only
/*
 * Spherule LSM - the mark of an app's sockets.
 *
 * Every AF_INET socket an app task creates carries the creating task's uid
 * as its mark (sk_mark, what SO_MARK sets), and so does every datagram and
 * segment sent on it. A receiver on the loopback - the network manager's
 * resolver at 127.0.0.1:SPHERULE_RESOLVER_PORT (uapi <linux/spherule.h>) -
 * turns on SO_RCVMARK and reads the mark of each datagram as a control
 * message: the uid of the app that asked, which UDP itself does not tell.
 * The app cannot change it: SO_MARK, as a socket option or as a control
 * message of sendmsg, needs CAP_NET_RAW or CAP_NET_ADMIN, which the capable
 * hook refuses to every app (task.c). Nothing else on the board reads
 * marks (no policy routing, no netfilter). Sockets of tasks without an
 * identity and the kernel's own keep mark 0.
 */

#include <linux/cred.h>
#include <linux/in.h>
#include <linux/lsm_hooks.h>
#include <linux/net.h>
#include <linux/socket.h>
#include <linux/uidgid.h>
#include <net/sock.h>

#include "cred.h"
#include "setup.h"

/**
 * hook_socket_post_create - mark an app's new AF_INET socket with its uid
 * @sock: the socket just created
 * @family: its address family
 * @type: its type (SOCK_STREAM or SOCK_DGRAM for an app: net.c)
 * @protocol: its protocol
 * @kern: nonzero for a socket the kernel creates for itself
 *
 * The socket is new and not yet visible to any other task, so the mark is
 * set without the socket lock (and without sk_dst_reset(): it has no route
 * yet). Accepted connections inherit the mark of their listening socket.
 *
 * Return: 0, always: marking cannot fail.
 */
static int hook_socket_post_create(struct socket *sock, int family, int type, int protocol,
				   int kern)
{
	if (kern || family != AF_INET || !sock->sk || !spherule_current_app())
		return 0;
	WRITE_ONCE(sock->sk->sk_mark, from_kuid(&init_user_ns, current_uid()));
	return 0;
}

static struct security_hook_list spherule_sock_mark_hooks[] __lsm_ro_after_init = {
	LSM_HOOK_INIT(socket_post_create, hook_socket_post_create),
};

__init void spherule_add_sock_mark_hooks(void)
{
	security_add_hooks(spherule_sock_mark_hooks, ARRAY_SIZE(spherule_sock_mark_hooks),
			   SPHERULE_NAME);
}
