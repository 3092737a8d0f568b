/* loopback.h — the net app's cases on the loopback (loopback.c): its
 * sockets' mark and the resolver's port 127.0.0.1:53. */
#ifndef ATTACK_NET_LOOPBACK_H
#define ATTACK_NET_LOOPBACK_H

#include "hostile/attack.h"

extern const struct attack_case loopback_cases[];
extern const unsigned loopback_case_count;

#endif
