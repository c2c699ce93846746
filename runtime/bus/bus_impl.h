/* Private layout of evc_bus_t shared by the bus modules (lifecycle, put, delivery, metrics). */
#ifndef EVC_BUS_IMPL_H
#define EVC_BUS_IMPL_H

#include "bus_util.h"
#include "eventc/bus.h"

typedef struct evc_binding {
  evc_target_fn fn;
  void *ud;
} evc_binding_t;

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
  int busy; /* inside put/run: callbacks must not re-enter */
  struct evc_archive_rt *archive; /* runtime/archive/: databases of archives and dead letters */
};

/* An event envelope entering the bus's matcher and dispatch, from PutEvents or elsewhere. */
typedef struct evc_ingest {
  const char *event;       /* the full envelope JSON */
  size_t event_len;
  const char *event_id;
  const char *trace_id;    /* NULL: the event id */
  int64_t ingest_ms;       /* when the bus accepted it (retry deadlines count from here) */
  const char *replay_name; /* set by a replay: the event skips the archives */
  const unsigned char *rule_filter; /* a replay's FilterArns, per rule id; NULL: every rule */
} evc_ingest_t;

/* bus_put.c: archives the envelope, matches it and delivers it to every target of every matching
 * rule; -1 when the matcher refuses the envelope, -2 when it could not be archived (nothing
 * delivered either way). */
int evc_bus_ingest(evc_bus_t *bus, const evc_ingest_t *in);
/* bus_deliver.c */
void evc_bus_deliver_first(evc_bus_t *bus, evc_job_t *job, const evc_xctx_t *x);
void evc_bus_dead_letter(evc_bus_t *bus, const evc_job_t *job, const char *code,
                         const char *message, evc_exhausted_t why);
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
/* bus_heap.c */
int evc_heap_push(evc_bus_t *bus, evc_pending_t *p);
evc_pending_t *evc_heap_pop(evc_bus_t *bus);

#endif
