/* Routes between buses of one process: bus ARNs, peers named in PutEvents, event bus targets. */
#include "bus_impl.h"
#include "eventc/scan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *evc_bus_arn(const evc_bus_t *bus) { return bus->arn; }

static int same_place(const evc_bus_t *a, const evc_bus_t *b) {
  return strcmp(a->account, b->account) == 0 && strcmp(a->region, b->region) == 0;
}

/* A name stands for a bus of the caller's account and region; an ARN is compared whole. */
static int names(const evc_bus_t *caller, const evc_bus_t *b, const char *name) {
  if (strncmp(name, "arn:", 4) == 0) return strcmp(name, b->arn) == 0;
  return strcmp(name, b->def->name) == 0 && same_place(caller, b);
}

evc_bus_t *evc_bus_resolve(evc_bus_t *bus, const char *name) {
  if (names(bus, bus, name)) return bus;
  for (size_t i = 0; i < bus->npeer; i++)
    if (names(bus, bus->peers[i], name)) return bus->peers[i];
  return NULL;
}

int evc_bus_add_peer(evc_bus_t *bus, evc_bus_t *peer) {
  for (size_t i = 0; i < bus->npeer; i++)
    if (bus->peers[i] == peer) return 0;
  evc_bus_t **p = realloc(bus->peers, (bus->npeer + 1) * sizeof *p);
  if (!p) return EVC_E_NO_SPACE;
  bus->peers = p;
  bus->peers[bus->npeer++] = peer;
  return 0;
}

static int same(const char *a, const char *b) { return a && b && strcmp(a, b) == 0; }

size_t evc_bus_bind_bus(evc_bus_t *bus, const char *name, evc_bus_t *dest) {
  size_t n = 0;
  for (uint32_t r = 0; r < bus->def->nrule; r++) {
    const evc_rule_def_t *rd = &bus->def->rules[r];
    for (uint32_t t = 0; t < rd->ntarget; t++) {
      const evc_target_def_t *td = &rd->targets[t];
      if (!td->bus_name) continue;
      if (!same(name, td->id) && !same(name, td->arn) && !same(name, td->bind_name) &&
          !same(name, td->bus_name))
        continue;
      bus->bind[bus->rules[r].first + t].bus = dest;
      n++;
    }
  }
  if (n && evc_bus_add_peer(bus, dest) != 0) return 0;
  return n;
}

/* Copies the top-level string member `key` of the envelope into out (NUL-terminated). */
static void envelope_member(const char *ev, size_t len, const char *key, char *out, size_t cap) {
  evc_scan_t s;
  evc_str_t k, v;
  out[0] = '\0';
  const char *p = evc_scan_begin(&s, ev, len, NULL, NULL);
  int more = p ? evc_scan_obj_first(&s, &p, &k) : -1;
  while (more > 0) {
    if (evc_str_equals(&k, key, strlen(key)) && evc_scan_kind(&s, p) == EVC_KIND_STRING) {
      if (!evc_scan_string(&s, p, &v)) return;
      size_t n = evc_str_unescape(&v, out, cap - 1);
      out[n < cap - 1 ? n : cap - 1] = '\0';
      return;
    }
    p = evc_scan_skip(&s, p);
    more = p ? evc_scan_obj_next(&s, &p, &k) : -1;
  }
}

uint64_t evc_route_hash(const char *arn) {
  uint64_t h = UINT64_C(14695981039346656037);
  for (const unsigned char *p = (const unsigned char *)arn; *p; p++)
    h = (h ^ *p) * UINT64_C(1099511628211);
  return h;
}

/* "A -> B -> C" from the route and the next bus; buses of other processes are counted, not named. */
static void route_text(const evc_route_t *r, const char *next, char *out, size_t cap) {
  size_t len = 0;
  out[0] = '\0';
  if (r->nremote) {
    int n = snprintf(out, cap, "%u bus(es) of other processes", r->nremote);
    if (n > 0) len += (size_t)n;
  }
  for (uint32_t i = 0; i <= r->nvia && len < cap; i++) {
    const char *name = i < r->nvia ? r->via[i]->def->name : next;
    int n = snprintf(out + len, cap - len, "%s%s", i || r->nremote ? " -> " : "", name);
    if (n > 0) len += (size_t)n;
  }
}

static int on_route(const evc_route_t *r, const evc_bus_t *dest) {
  for (uint32_t i = 0; i < r->nvia; i++)
    if (r->via[i] == dest) return 1;
  uint64_t h = r->nremote ? evc_route_hash(dest->arn) : 0;
  for (uint32_t i = 0; i < r->nremote; i++)
    if (r->remote[i] == h) return 1;
  return 0;
}

/* The loop guard: a bus already on the route (in this process or, by ARN, in another), or more
 * hops than the sender allows. */
static int route_refused(const evc_bus_t *bus, const evc_job_t *job, const evc_bus_t *dest,
                         evc_failure_t *f) {
  char path[160];
  route_text(&job->route, dest->def->name, path, sizeof path);
  if (on_route(&job->route, dest)) {
    evc_failure_set(f, EVC_FAILED, "EventBusLoop",
                    "event %s would return to event bus %s (%s): not forwarded", job->event_id,
                    dest->def->name, path);
    return 1;
  }
  if (job->route.nremote + job->route.nvia - 1 < bus->max_hops) return 0;
  evc_failure_set(f, EVC_FAILED, "EventBusHopLimit",
                  "event %s came from another event bus; it may cross %u bus-to-bus hop(s) "
                  "(max_bus_hops), %s would be one more: not forwarded",
                  job->event_id, bus->max_hops, path);
  return 1;
}

evc_outcome_t evc_bus_forward(evc_bus_t *bus, const evc_job_t *job, evc_bus_t *dest,
                              evc_failure_t *f) {
  if (route_refused(bus, job, dest, f)) return EVC_FAILED;
  if (!dest->started)
    return evc_failure_set(f, EVC_FAILED, "EventBusNotStarted",
                           "event bus %s is not started: call evc_bus_start() first", dest->arn);
  char source[257], detail_type[257], msg[sizeof f->message];
  envelope_member(job->event, job->event_len, "source", source, sizeof source);
  envelope_member(job->event, job->event_len, "detail-type", detail_type, sizeof detail_type);
  if (evc_bus_policy_denies(dest, bus, source, detail_type, msg, sizeof msg))
    return evc_failure_set(f, EVC_FAILED, "AccessDeniedException", "%s", msg);
  evc_route_t route = job->route;
  evc_ingest_t in;
  memset(&in, 0, sizeof in);
  in.event = job->event;
  in.event_len = job->event_len;
  in.event_id = job->event_id;
  in.trace_id = job->trace_id;
  in.ingest_ms = dest->clock.now_ms(dest->clock.ud);
  in.route = &route;
  in.trusted = 1; /* the sending bus's matcher (here or in the process that published it) validated it */
  /* a bus attached to a transport (eventc/nats.h) publishes it for the processes serving it */
  switch (dest->remote ? dest->remote->accept(dest, &in) : evc_bus_accept(dest, &in)) {
  case EVC_ACCEPTED: return EVC_DELIVERED;
  case EVC_ACCEPT_REMOTE_FAILED:
    return evc_failure_set(f, EVC_RETRY, "InternalException", "%s", dest->remote->failure(dest));
  case EVC_ACCEPT_QUEUE_FULL:
    return evc_failure_set(f, EVC_RETRY, "ThrottlingException",
                           "event bus %s is dispatching and its queue is full", dest->arn);
  case EVC_ACCEPT_NO_MEMORY:
    return evc_failure_set(f, EVC_RETRY, "InternalException", "out of memory queueing the event");
  default:
    return evc_failure_set(f, EVC_FAILED, "MalformedDetail", "Detail is malformed.");
  }
}
