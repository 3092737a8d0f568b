// SPDX-License-Identifier: GPL-2.0-only
/*
 * Spherule LSM - sockets. Until a policy grants networking, an app task
 * may create only AF_UNIX sockets (EACCES for every other family, raw,
 * packet and netlink included), and may connect or send only to AF_UNIX
 * sockets created by tasks of its own app (EACCES), so abstract sockets
 * of other apps and of the app manager are unreachable.
 */

#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/lsm_hooks.h>
#include <linux/net.h>
#include <linux/socket.h>
#include <net/sock.h>

#include "audit.h"
#include "cred.h"
#include "setup.h"

static int hook_socket_create(int family, int type, int protocol, int kern)
{
	const struct spherule_cred *app = spherule_current_app();

	if (kern || !app || family == AF_UNIX)
		return 0;
	spherule_audit(app, "socket", "family %d type %d protocol %d", family, type, protocol);
	return -EACCES;
}

/*
 * The peer is the socket's creator, the credential of its file. Called
 * with the peer's unix state lock held, so a socket still attached to
 * its file keeps that file.
 */
static int check_peer(const struct socket *peer, const char *op)
{
	const struct spherule_cred *app = spherule_current_app();

	if (!app)
		return 0;
	if (peer && peer->file && spherule_same_app(app, spherule_cred(peer->file->f_cred)))
		return 0;
	spherule_audit(app, op, "unix socket of another app");
	return -EACCES;
}

static int hook_unix_stream_connect(struct sock *sock, struct sock *other, struct sock *newsk)
{
	return check_peer(other->sk_socket, "connect");
}

static int hook_unix_may_send(struct socket *sock, struct socket *other)
{
	return check_peer(other, "send");
}

static struct security_hook_list spherule_net_hooks[] __lsm_ro_after_init = {
	LSM_HOOK_INIT(socket_create, hook_socket_create),
	LSM_HOOK_INIT(unix_stream_connect, hook_unix_stream_connect),
	LSM_HOOK_INIT(unix_may_send, hook_unix_may_send),
};

__init void spherule_add_net_hooks(void)
{
	security_add_hooks(spherule_net_hooks, ARRAY_SIZE(spherule_net_hooks), SPHERULE_NAME);
}
