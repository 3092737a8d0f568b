// SPDX-License-Identifier: GPL-2.0-only
/*
 * Spherule LSM - sockets.
 *
 * An app task may always create AF_UNIX sockets, and may connect or send
 * only to AF_UNIX sockets created by tasks of its own app (EACCES), so
 * abstract sockets of other apps and of the app manager are unreachable.
 * An abstract name belongs to the first app that binds it (unix_names.c):
 * binding another app's is EACCES.
 *
 * Only an app whose policy grants the network (an address, a host name or
 * a server port) may create AF_INET sockets, and only TCP and UDP ones
 * (EACCES for every other family, raw, packet, netlink, ICMP, SCTP...).
 * On them:
 *  - connect, and sendmsg with a destination, only to an IPv4 address the
 *    policy lists, or that the network manager published (hosts.c) for a
 *    host name the policy names, while its lifetime lasts, or (UDP only)
 *    to the resolver on the loopback, 127.0.0.1:SPHERULE_RESOLVER_PORT
 *    (EACCES);
 *  - bind only to port 0 (an ephemeral port) or to a server port the
 *    policy grants for that protocol (EACCES);
 *  - listen only on a granted TCP server port (EACCES; listening on an
 *    unbound socket would pick an ephemeral port, so it is refused too).
 * Accepted connections and replies on connected sockets need no check.
 */

#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/in.h>
#include <linux/lsm_hooks.h>
#include <linux/net.h>
#include <linux/socket.h>
#include <linux/un.h>
#include <net/inet_sock.h>
#include <net/sock.h>

#include "audit.h"
#include "cred.h"
#include "hosts.h"
#include "policy.h"
#include "setup.h"
#include "unix_names.h"

static bool inet_type_allowed(int type, int protocol)
{
	if (type == SOCK_STREAM)
		return protocol == 0 || protocol == IPPROTO_TCP;
	if (type == SOCK_DGRAM)
		return protocol == 0 || protocol == IPPROTO_UDP;
	return false;
}

static int hook_socket_create(int family, int type, int protocol, int kern)
{
	const struct spherule_cred *app = spherule_current_app();

	if (kern || !app || family == AF_UNIX)
		return 0;
	if (family == AF_INET && spherule_policy_grants_network(app->policy) &&
	    inet_type_allowed(type, protocol))
		return 0;
	spherule_audit(app, "socket", "family %d type %d protocol %d", family, type, protocol);
	return -EACCES;
}

/* The IPv4 socket's protocol (IPPROTO_TCP or IPPROTO_UDP), or 0. */
static int inet_protocol(const struct socket *sock)
{
	if (!sock->sk || sock->sk->sk_family != AF_INET)
		return 0;
	return sock->sk->sk_protocol;
}

/**
 * is_loopback_resolver - whether a destination is the resolver on the loopback
 * @protocol: the socket's protocol (IPPROTO_TCP or IPPROTO_UDP)
 * @sin: the destination
 *
 * Every app with the network may ask the network manager's resolver, which
 * listens on 127.0.0.1 at %SPHERULE_RESOLVER_PORT for UDP (where musl sends
 * its queries without a resolv.conf); it tells the apps apart by their
 * sockets' marks (sock_mark.c). No other loopback port, and not TCP.
 *
 * Return: true for UDP to 127.0.0.1:%SPHERULE_RESOLVER_PORT.
 */
static bool is_loopback_resolver(int protocol, const struct sockaddr_in *sin)
{
	return protocol == IPPROTO_UDP && sin->sin_addr.s_addr == htonl(INADDR_LOOPBACK) &&
	       sin->sin_port == htons(SPHERULE_RESOLVER_PORT);
}

static int check_destination(const struct spherule_cred *app, const char *op, int protocol,
			     const struct sockaddr_in *sin)
{
	__be32 addr = sin->sin_addr.s_addr;

	if (spherule_policy_grants_ipv4(app->policy, addr) ||
	    spherule_hosts_allow(app->policy, addr) || is_loopback_resolver(protocol, sin))
		return 0;
	spherule_audit(app, op, "%pI4:%u", &addr, ntohs(sin->sin_port));
	return -EACCES;
}

/*
 * The IPv4 stack reads an AF_INET address (AF_UNSPEC too, except where
 * connect() takes it to mean "disconnect") only when the length covers a
 * struct sockaddr_in; shorter ones it refuses itself.
 */
static const struct sockaddr_in *inet_address(const struct sockaddr *address, int addrlen,
					      bool unspec_is_inet)
{
	if (!address || addrlen < (int)sizeof(struct sockaddr_in))
		return NULL;
	if (address->sa_family == AF_INET ||
	    (unspec_is_inet && address->sa_family == AF_UNSPEC))
		return (const struct sockaddr_in *)address;
	return NULL;
}

static int hook_socket_connect(struct socket *sock, struct sockaddr *address, int addrlen)
{
	const struct spherule_cred *app = spherule_current_app();
	const struct sockaddr_in *sin;
	int protocol;

	if (!app)
		return 0;
	protocol = inet_protocol(sock);
	sin = protocol ? inet_address(address, addrlen, false) : NULL;
	return sin ? check_destination(app, "connect", protocol, sin) : 0;
}

static int hook_socket_sendmsg(struct socket *sock, struct msghdr *msg, int size)
{
	const struct spherule_cred *app = spherule_current_app();
	const struct sockaddr_in *sin;
	int protocol;

	if (!app)
		return 0;
	protocol = inet_protocol(sock);
	sin = protocol ? inet_address(msg->msg_name, msg->msg_namelen, true) : NULL;
	return sin ? check_destination(app, "send", protocol, sin) : 0;
}

static int check_port(const struct spherule_cred *app, const char *op, int protocol, u16 port)
{
	if (spherule_policy_grants_port(app->policy, protocol, port))
		return 0;
	spherule_audit(app, op, "%s port %u", protocol == IPPROTO_TCP ? "tcp" : "udp", port);
	return -EACCES;
}

/*
 * An abstract AF_UNIX name: a sun_path starting with NUL, of the bytes
 * after it (autobind, a bare family, picks a name of the kernel's).
 */
static int check_unix_bind(const struct spherule_cred *app, const struct sockaddr *address,
			   int addrlen)
{
	const struct sockaddr_un *sun = (const struct sockaddr_un *)address;
	const int name_at = offsetof(struct sockaddr_un, sun_path) + 1;
	int err;

	if (addrlen <= name_at || addrlen > (int)sizeof(*sun) || sun->sun_path[0])
		return 0;
	err = spherule_unix_name_claim(app, sun->sun_path + 1, addrlen - name_at);
	if (err)
		spherule_audit(app, "bind", "abstract unix name %*pE%s", min(addrlen - name_at, 32),
			       sun->sun_path + 1, err == -EACCES ? " of another app" : " (no room)");
	return err;
}

static int hook_socket_bind(struct socket *sock, struct sockaddr *address, int addrlen)
{
	const struct spherule_cred *app = spherule_current_app();
	const struct sockaddr_in *sin;
	int protocol;
	u16 port;

	if (!app)
		return 0;
	if (sock->sk && sock->sk->sk_family == AF_UNIX)
		return check_unix_bind(app, address, addrlen);
	protocol = inet_protocol(sock);
	sin = protocol ? inet_address(address, addrlen, true) : NULL;
	if (!sin)
		return 0;
	port = ntohs(sin->sin_port);
	return port ? check_port(app, "bind", protocol, port) : 0;
}

static int hook_socket_listen(struct socket *sock, int backlog)
{
	const struct spherule_cred *app = spherule_current_app();
	int protocol;

	if (!app)
		return 0;
	protocol = inet_protocol(sock);
	if (protocol != IPPROTO_TCP)
		return 0;
	return check_port(app, "listen", protocol, inet_sk(sock->sk)->inet_num);
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
	LSM_HOOK_INIT(socket_connect, hook_socket_connect),
	LSM_HOOK_INIT(socket_sendmsg, hook_socket_sendmsg),
	LSM_HOOK_INIT(socket_bind, hook_socket_bind),
	LSM_HOOK_INIT(socket_listen, hook_socket_listen),
	LSM_HOOK_INIT(unix_stream_connect, hook_unix_stream_connect),
	LSM_HOOK_INIT(unix_may_send, hook_unix_may_send),
};

__init void spherule_add_net_hooks(void)
{
	security_add_hooks(spherule_net_hooks, ARRAY_SIZE(spherule_net_hooks), SPHERULE_NAME);
}
