/* The route of a forwarded event across processes: the "Evc-Route" header, the hashed ARNs of the buses it crossed. */
#include "nats_impl.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

/* "h1,h2,...": the buses of other processes it came through, then this process's, in order. */
natsStatus evc_nats_route_set(natsMsg *m, const evc_route_t *route) {
  char text[(EVC_MAX_BUS_HOPS * 2 + 1) * 17 + 1];
  size_t len = 0;
  uint32_t total = route->nremote + route->nvia;
  for (uint32_t i = 0; i < total && i < EVC_MAX_BUS_HOPS * 2 + 1; i++) {
    uint64_t h = i < route->nremote ? route->remote[i] : evc_route_hash(route->via[i - route->nremote]->arn);
    len += (size_t)snprintf(text + len, sizeof text - len, "%s%016" PRIx64, i ? "," : "", h);
  }
  return total ? natsMsgHeader_Set(m, EVC_HDR_ROUTE, text) : NATS_OK;
}

void evc_nats_route_get(natsMsg *m, evc_route_t *route) {
  const char *v = NULL;
  route->nremote = 0;
  if (natsMsgHeader_Get(m, EVC_HDR_ROUTE, &v) != NATS_OK || !v) return;
  for (const char *p = v; *p && route->nremote < EVC_MAX_BUS_HOPS;) {
    char *end;
    uint64_t h = strtoull(p, &end, 16);
    if (end == p) return; /* not ours: the route is read as far as it parses */
    route->remote[route->nremote++] = h;
    p = *end ? end + 1 : end;
  }
}
