/* routes.h - the service's routes (docs/cloud-api.md): method and path to
 * handler, the admin token checked for the admin API. */
#ifndef SPHERULE_CLOUD_ROUTES_H
#define SPHERULE_CLOUD_ROUTES_H

#include "http.h"

void routes_dispatch(struct cloud_request *req, struct cloud_reply *r);

#endif
