/* Delivery to targets: building the input, calling the callback, retries with backoff, dead letters. */
#include "bus_impl.h"

#include <stdlib.h>
#include <string.h>

#define MAX_PAYLOAD ((size_t)64 * 1024 * 1024)

static const char *const exhausted_names[] = {"", "MaximumRetryAttempts",
                                              "MaximumEventAgeInSeconds"};

static const evc_target_def_t *target_of(const evc_bus_t *bus, const evc_job_t *job) {
  return &bus->def->rules[job->rule].targets[job->target];
}

static uint32_t flat_of(const evc_bus_t *bus, const evc_job_t *job) {
  return bus->rules[job->rule].first + job->target;
}

void evc_bus_dead_letter(evc_bus_t *bus, const evc_job_t *job, const char *code,
                         const char *message, evc_exhausted_t why) {
  const evc_rule_def_t *rd = &bus->def->rules[job->rule];
  const evc_target_def_t *td = target_of(bus, job);
  uint32_t flat = flat_of(bus, job);
  evc_dead_letter_t dl = {bus->rules[job->rule].arn, rd->name, td->id, td->arn, td->dlq_arn,
                          code, message, why, exhausted_names[why], job->retries, job->event,
                          job->event_len, job->event_id, job->trace_id};
  evc_target_metrics_t *m = &bus->target_metrics[flat];
  m->invocations++;
  m->failed_invocations++;
  if (td->dlq_arn && bus->dlq[flat].fn) {
    m->invocations_sent_to_dlq++;
    bus->dlq[flat].fn(bus->dlq[flat].ud, &dl);
  } else {
    dl.dlq_arn = NULL;
    m->invocations_dropped++;
    bus->on_drop(bus->drop_ud, &dl);
  }
  evc_dlq_store(bus, &dl, job->ingest_ms);
}

static evc_outcome_t call_target(evc_bus_t *bus, const evc_job_t *job, evc_failure_t *f) {
  const evc_target_def_t *td = target_of(bus, job);
  const evc_binding_t *b = &bus->bind[flat_of(bus, job)];
  evc_delivery_t d = {job->payload, job->payload_len, job->event, job->event_len,
                      job->event_id, job->trace_id, bus->def->rules[job->rule].name,
                      bus->rules[job->rule].arn, td->id, td->arn, job->retries};
  f->code[0] = f->message[0] = '\0';
  if (b->bus) return evc_bus_forward(bus, job, b->bus, f);
  evc_outcome_t o = b->fn(b->ud, &d, f);
  if (o != EVC_DELIVERED && o != EVC_RETRY && o != EVC_FAILED)
    return evc_failure_set(f, EVC_FAILED, "InvalidOutcome", "callback returned %d", (int)o);
  if (o != EVC_DELIVERED && !f->code[0])
    evc_failure_set(f, o, "TargetFailure", "the target callback reported a %s failure",
                    o == EVC_RETRY ? "retryable" : "permanent");
  return o;
}

static evc_pending_t *pending_copy(const evc_job_t *job) {
  size_t tl = strlen(job->trace_id) + 1;
  evc_pending_t *p = malloc(sizeof *p + job->event_len + job->payload_len + tl);
  if (!p) return NULL;
  char *d = (char *)(p + 1);
  p->job = *job;
  memcpy(p->event_id, job->event_id, sizeof p->event_id - 1);
  p->event_id[sizeof p->event_id - 1] = '\0';
  p->job.event_id = p->event_id;
  memcpy(d, job->event, job->event_len);
  p->job.event = d;
  d += job->event_len;
  memcpy(d, job->payload, job->payload_len);
  p->job.payload = d;
  d += job->payload_len;
  memcpy(d, job->trace_id, tl);
  p->job.trace_id = d;
  return p;
}

/* Exponential backoff with jitter: base * 2^retries capped, then a random point in [d/2, d]. */
int64_t evc_bus_backoff(evc_bus_t *bus, uint32_t retries) {
  uint64_t d = bus->backoff_base_ms;
  for (uint32_t i = 0; i < retries && d < bus->backoff_max_ms; i++) d *= 2;
  if (d > bus->backoff_max_ms) d = bus->backoff_max_ms;
  return (int64_t)(d / 2 + evc_rng_next(&bus->rng) % (d - d / 2 + 1));
}

static void schedule(evc_bus_t *bus, evc_pending_t *p, int64_t now) {
  int64_t deadline = p->job.ingest_ms + (int64_t)target_of(bus, &p->job)->max_event_age * 1000;
  p->due = now + evc_bus_backoff(bus, p->job.retries);
  if (p->due > deadline) p->due = deadline; /* the age check then ends it on time */
  if (evc_heap_push(bus, p)) return;
  evc_bus_dead_letter(bus, &p->job, "InternalError", "out of memory queueing a retry",
                      EVC_EXHAUSTED_NONE);
  free(p);
}

/* Settles one attempt; `p` is the pending copy being retried, or NULL for a first attempt. */
static void after_attempt(evc_bus_t *bus, evc_job_t *job, evc_outcome_t o,
                          const evc_failure_t *f, evc_pending_t *p, int64_t now) {
  if (o == EVC_DELIVERED) {
    bus->target_metrics[flat_of(bus, job)].invocations++;
  } else if (o == EVC_FAILED) {
    evc_bus_dead_letter(bus, job, f->code, f->message, EVC_EXHAUSTED_NONE);
  } else if (job->retries >= target_of(bus, job)->max_retry_attempts) {
    evc_bus_dead_letter(bus, job, f->code, f->message, EVC_EXHAUSTED_RETRY_ATTEMPTS);
  } else {
    if (!p && !(p = pending_copy(job))) {
      evc_bus_dead_letter(bus, job, "InternalError", "out of memory queueing a retry",
                          EVC_EXHAUSTED_NONE);
      return;
    }
    p->last = *f;
    schedule(bus, p, now);
    return;
  }
  free(p);
}

static int grow_payload(evc_bus_t *bus) {
  if (bus->pay_cap >= MAX_PAYLOAD) return 0;
  char *np = realloc(bus->pay, bus->pay_cap * 2);
  if (!np) return 0;
  bus->pay = np;
  bus->pay_cap *= 2;
  return 1;
}

int evc_bus_build_payload(evc_bus_t *bus, evc_transform_fn fn, const evc_xctx_t *x, size_t *len,
                          evc_error_t *e) {
  for (;;) {
    evc_out_t o;
    evc_out_init(&o, bus->pay, bus->pay_cap);
    e->code = EVC_E_OK; /* all evc_fail() needs; cheaper than clearing the whole struct */
    e->pointer[0] = e->keyword[0] = e->message[0] = '\0';
    int rc = fn(x, &o, e);
    if (rc == 0) {
      *len = o.len;
      return 1;
    }
    if (rc != EVC_E_NO_SPACE || !grow_payload(bus)) return 0;
  }
}

void evc_bus_deliver_first(evc_bus_t *bus, evc_job_t *job, const evc_xctx_t *x) {
  const evc_target_def_t *td = target_of(bus, job);
  evc_error_t e;
  if (!evc_bus_build_payload(bus, td->transform, x, &job->payload_len, &e)) {
    job->payload = NULL;
    job->payload_len = 0;
    evc_bus_dead_letter(bus, job, "TransformFailed", e.message, EVC_EXHAUSTED_NONE);
    return;
  }
  job->payload = bus->pay;
  evc_failure_t f;
  evc_outcome_t o = call_target(bus, job, &f);
  after_attempt(bus, job, o, &f, NULL, job->ingest_ms);
}

static void retry_one(evc_bus_t *bus, evc_pending_t *p, int64_t now) {
  const evc_target_def_t *td = target_of(bus, &p->job);
  if (now - p->job.ingest_ms >= (int64_t)td->max_event_age * 1000) {
    evc_bus_dead_letter(bus, &p->job, p->last.code, p->last.message, EVC_EXHAUSTED_EVENT_AGE);
    free(p);
    return;
  }
  p->job.retries++;
  bus->target_metrics[flat_of(bus, &p->job)].retry_invocation_attempts++;
  evc_failure_t f;
  evc_outcome_t o = call_target(bus, &p->job, &f);
  after_attempt(bus, &p->job, o, &f, p, now);
}

size_t evc_bus_run_due(evc_bus_t *bus) {
  if (!evc_bus_enter(bus)) return 0; /* from a callback of this bus: see bus.h */
  int64_t now = bus->clock.now_ms(bus->clock.ud);
  size_t n = 0;
  n += evc_bus_fire_schedules(bus, now);
  evc_archive_tick(bus, now);
  while (bus->nheap && bus->heap[0]->due <= now) {
    retry_one(bus, evc_heap_pop(bus), now);
    n++;
  }
  evc_bus_leave(bus);
  return n;
}
