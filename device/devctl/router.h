/* router.h — which handler answers a request: the device API's table of
 * methods and paths (docs/device-api.md). */
#ifndef DEVCTL_ROUTER_H
#define DEVCTL_ROUTER_H

#include "exchange.h"

/* Answers the parsed request of ex with its handler, or refuses it: 404
 * for an unknown path, 405 for a method the path does not take, 400 for a
 * component id in the path that is not a UUID or a number that is not
 * decimal (a path's number is passed in ex->path_number). */
void router_dispatch(struct exchange *ex);

#endif
