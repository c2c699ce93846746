/* Events accepted while their bus is dispatching: a bounded FIFO per bus, run by the outermost call. */
#include "bus_impl.h"
#include "eventc/scan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct evc_queued {
  evc_queued_t *next;
  evc_ingest_t in;
  evc_route_t route;
  char event_id[40];
  /* the event text and the trace id follow */
};

static evc_queued_t *queued_copy(const evc_ingest_t *in) {
  const char *trace = in->trace_id ? in->trace_id : in->event_id;
  size_t tl = strlen(trace) + 1;
  evc_queued_t *q = malloc(sizeof *q + in->event_len + tl);
  if (!q) return NULL;
  char *d = (char *)(q + 1);
  q->next = NULL;
  q->in = *in;
  memcpy(d, in->event, in->event_len);
  q->in.event = d;
  memcpy(d + in->event_len, trace, tl);
  q->in.trace_id = d + in->event_len;
  snprintf(q->event_id, sizeof q->event_id, "%s", in->event_id);
  q->in.event_id = q->event_id;
  if (in->route) {
    q->route = *in->route;
    q->in.route = &q->route;
  }
  return q;
}

/* What the matcher will check (size, depth, syntax, with its default limits), checked now. */
static int matchable(const evc_ingest_t *in) {
  evc_scan_t s;
  const char *p = evc_scan_begin(&s, in->event, in->event_len, NULL, NULL);
  p = p ? evc_scan_skip(&s, p) : NULL;
  return p && evc_scan_finish(&s, p) == 0;
}

static evc_accept_t enqueue(evc_bus_t *bus, const evc_ingest_t *in) {
  if (bus->nqueued >= bus->max_queued) return EVC_ACCEPT_QUEUE_FULL;
  if (!matchable(in)) return EVC_ACCEPT_REFUSED;
  evc_queued_t *q = queued_copy(in);
  if (!q) return EVC_ACCEPT_NO_MEMORY;
  if (bus->queue_tail)
    bus->queue_tail->next = q;
  else
    bus->queue_head = q;
  bus->queue_tail = q;
  bus->nqueued++;
  return EVC_ACCEPTED;
}

int evc_bus_enter(evc_bus_t *bus) {
  if (bus->busy) return 0;
  bus->busy = 1;
  return 1;
}

void evc_bus_leave(evc_bus_t *bus) {
  evc_queued_t *q;
  while ((q = bus->queue_head) != NULL) {
    bus->queue_head = q->next;
    if (!bus->queue_head) bus->queue_tail = NULL;
    bus->nqueued--;
    evc_bus_ingest(bus, &q->in); /* enqueue() checked what the matcher refuses */
    free(q);
  }
  bus->busy = 0;
}

evc_accept_t evc_bus_accept(evc_bus_t *bus, const evc_ingest_t *in) {
  if (!evc_bus_enter(bus)) return enqueue(bus, in);
  int rc = evc_bus_ingest(bus, in);
  evc_bus_leave(bus);
  return rc == 0 ? EVC_ACCEPTED : rc == -2 ? EVC_ACCEPT_ARCHIVE_FAILED : EVC_ACCEPT_REFUSED;
}
