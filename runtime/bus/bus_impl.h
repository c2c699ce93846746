/* Private layout of evc_bus_t shared by the bus modules (lifecycle, put, delivery, metrics). */
#ifndef EVC_BUS_IMPL_H
#define EVC_BUS_IMPL_H

#include "bus_util.h"
#include "eventc/bus.h"

typedef struct evc_binding {
  evc_target_fn fn;
  void *ud;
  evc_bus_t *bus; /* an event bus target: the receiving bus */
} evc_binding_t;

/* The buses an event has been on, first the one it was put to; the last is the current one. */
typedef struct evc_route {
  uint32_t nvia;
  const evc_bus_t *via[EVC_MAX_BUS_HOPS + 1];
  uint32_t nremote;          /* buses of other processes it crossed before via[0] */
  uint64_t remote[EVC_MAX_BUS_HOPS]; /* their ARNs' evc_route_hash */
} evc_route_t;

typedef struct evc_queued evc_queued_t; /* bus_queue.c */

typedef struct evc_dlq_binding {
  evc_dlq_fn fn;
  void *ud;
} evc_dlq_binding_t;

/* Per rule: ARN, and the predefined transformer variables as JSON strings. */
typedef struct evc_rule_rt {
  char *arn;
  char *arn_json;
  char *name_json;
  uint32_t first; /* flat index of its first target */
} evc_rule_rt_t;

/* One delivery of one event to one target, first attempt or retry. */
typedef struct evc_job {
  uint32_t rule, target;
  const char *event;
  size_t event_len;
  const char *payload; /* NULL when the input could not be built */
  size_t payload_len;
  const char *event_id;
  const char *trace_id;
  int64_t ingest_ms;
  uint32_t retries; /* retries made so far */
  evc_route_t route;
} evc_job_t;

/* A retry waiting in the heap: the job with its own copies of the texts. */
typedef struct evc_pending {
  int64_t due;
  uint64_t seq;
  evc_job_t job;
  evc_failure_t last;
  char event_id[40];
} evc_pending_t;

struct evc_bus {
  const evc_bus_def_t *def;
  char account[64], region[64];
  evc_clock_t clock;
  evc_rng_t rng;
  uint32_t backoff_base_ms, backoff_max_ms;
  evc_dlq_fn on_drop;
  void *drop_ud;
  uint32_t ntarget; /* targets of all rules */
  evc_rule_rt_t *rules;
  evc_binding_t *bind;  /* per flat target */
  evc_dlq_binding_t *dlq;
  evc_rule_metrics_t *rule_metrics;
  evc_target_metrics_t *target_metrics;
  evc_bus_metrics_t metrics;
  void *match_state;
  char *ev;   /* the envelope being built */
  size_t ev_cap;
  char *pay;  /* the payload being built */
  size_t pay_cap;
  evc_pending_t **heap; /* retries, earliest first */
  size_t nheap, heap_cap;
  uint64_t seq;
  int started;
  int busy; /* dispatching: events put now are queued (bus_queue.c) */
  char arn[256];
  char org_id[64];
  uint32_t max_queued, max_hops;
  evc_queued_t *queue_head, *queue_tail; /* FIFO of events accepted while busy */
  uint32_t nqueued;
  evc_bus_t **peers; /* buses reachable by name/ARN from PutEvents entries */
  size_t npeer;
  int64_t *sched_next;  /* per rule: its next scheduled occurrence, INT64_MAX when none */
  int64_t sched_anchor; /* evc_bus_start() time: where rate() schedules count from */
  struct evc_archive_rt *archive; /* runtime/archive/: databases of archives and dead letters */
  const struct evc_remote *remote; /* set: accepted events go to a transport (runtime/nats/) */
};

/* An event envelope entering the bus's matcher and dispatch, from PutEvents or elsewhere. */
typedef struct evc_ingest {
  const char *event;       /* the full envelope JSON */
  size_t event_len;
  const char *event_id;
  const char *trace_id;    /* NULL: the event id */
  int64_t ingest_ms;       /* when the bus accepted it (retry deadlines count from here) */
  const evc_route_t *route; /* the buses it came through; NULL: put to this bus */
  const char *replay_name; /* set by a replay: the event skips the archives */
  const unsigned char *rule_filter; /* a replay's FilterArns, per rule id; NULL: every rule */
  int trusted;             /* validated by a bus before and unchanged since: matched in trusted mode */
} evc_ingest_t;

/* Why a bus did not accept an event (evc_bus_accept). */
typedef enum evc_accept {
  EVC_ACCEPTED,
  EVC_ACCEPT_QUEUE_FULL, /* the bus is dispatching and its queue is full */
  EVC_ACCEPT_NO_MEMORY,
  EVC_ACCEPT_REFUSED,    /* the matcher refused the envelope */
  EVC_ACCEPT_ARCHIVE_FAILED, /* it could not be archived (evc_archive_failure says why) */
  EVC_ACCEPT_REMOTE_FAILED   /* the transport did not take it (remote->failure says why) */
} evc_accept_t;

/* A transport taking a bus's accepted events instead of the in-process dispatch (runtime/nats/). */
typedef struct evc_remote {
  evc_accept_t (*accept)(evc_bus_t *bus, const evc_ingest_t *in);
  const char *(*failure)(const evc_bus_t *bus); /* why the last accept failed */
} evc_remote_t;

/* bus_put.c: archives the envelope, matches it and delivers it to every target of every matching
 * rule; -1 when the matcher refuses the envelope, -2 when it could not be archived (nothing
 * delivered either way). */
int evc_bus_ingest(evc_bus_t *bus, const evc_ingest_t *in);
/* bus_match.c: runs the bus's matcher on the envelope into bus->match_state, in trusted mode when
 * `in` says it was validated before (counted in trusted_matches); nonzero when it is refused. */
int evc_bus_match(evc_bus_t *bus, const evc_ingest_t *in);
/* The transformers' context of a job: its event, and its ingestion time as JSON text, which
 * `time_json` holds. */
void evc_bus_xctx_init(evc_xctx_t *x, const evc_job_t *job, char time_json[24]);
/* Rule r ran: TriggeredRules, then each of its targets gets the job as a first attempt. */
void evc_bus_run_rule(evc_bus_t *bus, uint32_t r, evc_job_t *job, evc_xctx_t *x);
/* bus_queue.c: ingests the event now, or queues a copy when the bus is dispatching; runs the
 * queue before returning when it started the dispatch. */
evc_accept_t evc_bus_accept(evc_bus_t *bus, const evc_ingest_t *in);
/* Marks the bus dispatching; 1 when this call did (then call evc_bus_leave), 0 when nested. */
int evc_bus_enter(evc_bus_t *bus);
/* Dispatches the queued events in FIFO order, then marks the bus idle. */
void evc_bus_leave(evc_bus_t *bus);
/* bus_route.c: the bus an EventBusName names (this bus, a peer) or NULL. */
evc_bus_t *evc_bus_resolve(evc_bus_t *bus, const char *name);
/* Forwards a job's event to the bus target's receiving bus; EVC_DELIVERED when it accepted. */
evc_outcome_t evc_bus_forward(evc_bus_t *bus, const evc_job_t *job, evc_bus_t *dest,
                              evc_failure_t *f);
/* FNV-1a 64 of a bus ARN: how a route names the buses of other processes. */
uint64_t evc_route_hash(const char *arn);
/* bus_policy.c: NULL when `dest` accepts events from `sender`'s account, else the AWS message
 * (written to msg). `source`/`detail_type` are the event's. */
const char *evc_bus_policy_denies(const evc_bus_t *dest, const evc_bus_t *sender,
                                  const char *source, const char *detail_type, char *msg,
                                  size_t cap);
/* bus_deliver.c */
void evc_bus_deliver_first(evc_bus_t *bus, evc_job_t *job, const evc_xctx_t *x);
void evc_bus_dead_letter(evc_bus_t *bus, const evc_job_t *job, const char *code,
                         const char *message, evc_exhausted_t why);
/* bus_schedule.c: arms the schedules at start; fires the due occurrences (returns the attempts);
 * the earliest next occurrence (0 when none). */
void evc_bus_schedule_start(evc_bus_t *bus, int64_t now);
size_t evc_bus_fire_schedules(evc_bus_t *bus, int64_t now);
int evc_bus_next_schedule(const evc_bus_t *bus, int64_t *due_ms);
/* runtime/archive/: hooks of the archives and the dead-letter store (archive_impl.h). */
struct evc_archive_rt;
int evc_archive_open_bus(evc_bus_t *bus, const evc_bus_config_t *cfg, evc_error_t *err);
void evc_archive_close_bus(evc_bus_t *bus);
void evc_archive_begin_put(evc_bus_t *bus);
int evc_archive_ingest(evc_bus_t *bus, const evc_ingest_t *in); /* -1: see evc_archive_failure */
const char *evc_archive_failure(const evc_bus_t *bus);
void evc_archive_end_put(evc_bus_t *bus, evc_put_result_t *res);
void evc_archive_tick(evc_bus_t *bus, int64_t now);
void evc_dlq_store(evc_bus_t *bus, const evc_dead_letter_t *dl, int64_t ingest_ms);
/* bus_deliver.c, for transports delivering outside the bus: the retry delay after `retries`
 * retries (backoff with jitter), and a target input built into the bus's payload buffer. */
int64_t evc_bus_backoff(evc_bus_t *bus, uint32_t retries);
int evc_bus_build_payload(evc_bus_t *bus, evc_transform_fn fn, const evc_xctx_t *x, size_t *len,
                          evc_error_t *e);
/* bus_heap.c */
int evc_heap_push(evc_bus_t *bus, evc_pending_t *p);
evc_pending_t *evc_heap_pop(evc_bus_t *bus);

#endif
