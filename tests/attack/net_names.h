/* net_names.h — the addresses, names and ports shared by the attack suite's
 * net and resolver apps and tests/attack/test_attack.sh (which forwards
 * PEER_ADDR:PEER_PORT and PUBLISHED_ADDR:PUBLISHED_PORT to the host's peer, and the
 * host's port to SERVER_PORT). */
#ifndef ATTACK_NET_NAMES_H
#define ATTACK_NET_NAMES_H

#define PEER_ADDR "10.0.2.100"    /* listed in the net app's manifest */
#define PEER_PORT 7               /* the host peer, behind a forward */
#define PUBLISHED_HOST "svc.spherule.test"  /* named by the net app */
#define PUBLISHED_ADDR "10.0.2.101"         /* its address, published */
#define PUBLISHED_PORT 8                    /* the host peer, behind a forward */
#define PUBLISHED_LIFETIME "20"             /* seconds */
#define OTHER_HOST "other.spherule.test"    /* not named by the net app */
#define OTHER_ADDR "10.0.2.102"
#define WILD_HOST "a.wild.spherule.test"    /* named by "*.wild.spherule.test" */
#define WILD_ADDR "10.0.2.103"              /* published last: the sign that all are */
#define WITHDRAWN_HOST "b.wild.spherule.test"
#define WITHDRAWN_ADDR "10.0.2.104"         /* published, then withdrawn */
#define SERVER_PORT 8080          /* the net app's granted TCP server port */
#define UDP_SERVER_PORT 5353      /* its granted UDP server port */

/* The resolver app answers on 127.0.0.1:SPHERULE_RESOLVER_PORT (UDP), as
 * the network manager will: the net app's datagram "uid <its uid>" gets
 * "mark <the datagram's mark>" back, and the A query of the net app's
 * getaddrinfo() of NX_HOST (musl asks 127.0.0.1:53 when it cannot read
 * /etc/resolv.conf) gets NXDOMAIN. */
#define RESOLVER_ADDR "127.0.0.1"
#define RESOLVER_ASK_FORMAT "uid %u"
#define RESOLVER_ANSWER_FORMAT "mark %u"
#define NX_HOST "nx.spherule.test"

#endif
