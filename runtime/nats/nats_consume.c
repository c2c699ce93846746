/* Workers: durable pull consumers per bound (rule, target), and each fetched event settled as ack / nak-with-delay / term. */
#include "nats_impl.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NS_PER_MS INT64_C(1000000)
#define JOIN_RETRY_MS 100
#define IDLE_POLL_MS 10 /* an idle worker asks every consumer again after this */
#define DLQ_UNAVAILABLE_DELAY_MS 500 /* the DLQ stream did not take a dead letter: try it again then */

static void durable_name(const evc_nats_t *n, uint32_t r, uint32_t t, char *out, size_t cap) {
  const evc_rule_def_t *rd = &n->bus->def->rules[r];
  char rule[96], target[96];
  evc_nats_token(rule, sizeof rule, rd->name);
  evc_nats_token(target, sizeof target, rd->targets[t].id);
  snprintf(out, cap, "%s_%s_%s", n->stream, rule, target);
}

static natsStatus subscribe(evc_nats_t *n, evc_nats_consumer_t *k, jsErrCode *jerr) {
  jsConsumerConfig cc;
  jsConsumerConfig_Init(&cc);
  cc.Durable = k->durable;
  cc.AckPolicy = js_AckExplicit;
  cc.AckWait = (int64_t)n->ack_wait_ms * NS_PER_MS;
  cc.FilterSubject = n->subject;
  cc.DeliverPolicy = js_DeliverAll;
  natsStatus s = js_AddConsumer(NULL, n->js, n->stream, &cc, NULL, jerr); /* the same config: a no-op */
  if (s != NATS_OK) return s;
  jsSubOptions so;
  jsSubOptions_Init(&so);
  so.Stream = n->stream;
  so.Consumer = k->durable;
  return js_PullSubscribe(&k->sub, n->js, n->subject, k->durable, NULL, &so, jerr);
}

/* Joins one durable consumer; a server that is restarting gets publish_retry_ms to answer. */
static int join_one(evc_nats_t *n, evc_nats_consumer_t *k, evc_error_t *err) {
  int64_t deadline = nats_Now() + n->publish_retry_ms;
  jsErrCode jerr = 0;
  natsStatus s;
  while ((s = subscribe(n, k, &jerr)) != NATS_OK && nats_Now() < deadline &&
         (s == NATS_TIMEOUT || s == NATS_NO_RESPONDERS || jerr == JSStreamNotFoundErr))
    nats_Sleep(JOIN_RETRY_MS);
  if (s == NATS_OK) return 0;
  char why[200];
  return evc_fail(err, EVC_E_UNAVAILABLE, 0, "%s: consumer %s on stream %s: %s (JetStream error %d)",
                  n->url, k->durable, n->stream, evc_nats_status_text(s, why, sizeof why), (int)jerr);
}

int evc_nats_join(evc_nats_t *n, size_t *joined, evc_error_t *err) {
  evc_error_clear(err);
  const evc_bus_t *bus = n->bus;
  *joined = 0;
  if (n->nconsumer) return evc_fail(err, EVC_E_INVALID_ARGUMENT, 0, "evc_nats_join: already joined");
  n->consumers = calloc(bus->ntarget ? bus->ntarget : 1, sizeof *n->consumers);
  if (!n->consumers) return evc_fail(err, EVC_E_INTERNAL, 0, "out of memory");
  for (uint32_t r = 0; r < bus->def->nrule; r++) {
    for (uint32_t t = 0; t < bus->def->rules[r].ntarget; t++) {
      uint32_t flat = bus->rules[r].first + t;
      if ((!bus->bind[flat].fn && !bus->bind[flat].bus) || !bus->def->rules[r].enabled) continue;
      evc_nats_consumer_t *k = &n->consumers[n->nconsumer];
      k->rule = r;
      k->target = t;
      k->flat = flat;
      durable_name(n, r, t, k->durable, sizeof k->durable);
      int rc = join_one(n, k, err);
      if (rc != 0) return rc;
      n->nconsumer++;
    }
  }
  *joined = n->nconsumer;
  return 0;
}

/* 1 when the event is for this consumer's rule (and target, for a redriven dead letter). */
static int is_for(natsMsg *m, const evc_nats_consumer_t *k) {
  const char *rules = NULL;
  if (natsMsgHeader_Get(m, EVC_HDR_RULES, &rules) != NATS_OK || !rules) return 0;
  int64_t only = evc_nats_header_int(m, EVC_HDR_ONLY_TARGET, -1);
  if (only >= 0 && only != (int64_t)k->target) return 0;
  for (const char *p = rules; *p;) {
    char *end;
    unsigned long r = strtoul(p, &end, 10);
    if (end != p && r == k->rule) return 1;
    p = *end ? end + 1 : end;
  }
  return 0;
}

/* The in-process job of a fetched event: its texts point into the message. */
static int job_of(natsMsg *m, const evc_nats_consumer_t *k, uint32_t retries, const evc_bus_t *bus,
                  evc_job_t *job) {
  memset(job, 0, sizeof *job);
  job->rule = k->rule;
  job->target = k->target;
  job->event = natsMsg_GetData(m);
  job->event_len = (size_t)natsMsg_GetDataLength(m);
  if (natsMsgHeader_Get(m, EVC_HDR_EVENT_ID, &job->event_id) != NATS_OK) return 0;
  if (natsMsgHeader_Get(m, EVC_HDR_TRACE, &job->trace_id) != NATS_OK) job->trace_id = job->event_id;
  job->ingest_ms = evc_nats_header_int(m, EVC_HDR_INGEST_MS, -1);
  job->retries = retries;
  evc_nats_route_get(m, &job->route); /* the buses it crossed before, then this one */
  job->route.via[job->route.nvia++] = bus;
  return job->ingest_ms >= 0;
}

static evc_jval_t json_string(const char *json) {
  evc_jval_t v = {EVC_X_STRING, json, strlen(json)};
  return v;
}

/* Builds the target input into the bus's payload buffer, as the in-process first attempt does. */
static int build_input(evc_bus_t *bus, evc_job_t *job, evc_error_t *e) {
  evc_xctx_t x;
  char time_json[24];
  evc_bus_xctx_init(&x, job, time_json);
  x.rule_arn = json_string(bus->rules[job->rule].arn_json);
  x.rule_name = json_string(bus->rules[job->rule].name_json);
  const evc_target_def_t *td = &bus->def->rules[job->rule].targets[job->target];
  if (!evc_bus_build_payload(bus, td->transform, &x, &job->payload_len, e)) return 0;
  job->payload = bus->pay;
  return 1;
}

static evc_outcome_t call_target(evc_bus_t *bus, const evc_job_t *job, uint32_t flat, evc_failure_t *f) {
  const evc_target_def_t *td = &bus->def->rules[job->rule].targets[job->target];
  evc_delivery_t d = {job->payload, job->payload_len, job->event, job->event_len,
                      job->event_id, job->trace_id, bus->def->rules[job->rule].name,
                      bus->rules[job->rule].arn, td->id, td->arn, job->retries};
  f->code[0] = f->message[0] = '\0';
  if (bus->bind[flat].bus) return evc_bus_forward(bus, job, bus->bind[flat].bus, f); /* a bus target */
  evc_outcome_t o = bus->bind[flat].fn(bus->bind[flat].ud, &d, f);
  if (o != EVC_DELIVERED && o != EVC_RETRY && o != EVC_FAILED)
    return evc_failure_set(f, EVC_FAILED, "InvalidOutcome", "callback returned %d", (int)o);
  if (o != EVC_DELIVERED && !f->code[0])
    evc_failure_set(f, o, "TargetFailure", "the target callback reported a %s failure",
                    o == EVC_RETRY ? "retryable" : "permanent");
  return o;
}

/* The dead letter is stored first; only then is the event terminated (else redelivered later). */
static void dead_letter(evc_nats_t *n, natsMsg *m, const evc_job_t *job, const char *code,
                        const char *message, evc_exhausted_t why) {
  int64_t generation = evc_nats_header_int(m, EVC_HDR_GENERATION, 0);
  if (evc_nats_dead_letter(n, job, code, message, why, generation) != 0) {
    evc_nats_letter_defer(n, job, code, message, why);
    natsMsg_NakWithDelay(m, DLQ_UNAVAILABLE_DELAY_MS, NULL);
    n->metrics.naks++;
    return;
  }
  natsMsg_Term(m, NULL);
  n->metrics.terms++;
}

/* A retryable failure: nak with the backoff while attempts and age remain, else a dead letter. */
static void retry_later(evc_nats_t *n, natsMsg *m, const evc_job_t *job, const evc_failure_t *f,
                        int64_t now) {
  const evc_target_def_t *td = &n->bus->def->rules[job->rule].targets[job->target];
  if (job->retries >= td->max_retry_attempts) {
    dead_letter(n, m, job, f->code, f->message, EVC_EXHAUSTED_RETRY_ATTEMPTS);
    return;
  }
  int64_t delay = evc_bus_backoff(n->bus, job->retries);
  if (now + delay >= job->ingest_ms + (int64_t)td->max_event_age * 1000) {
    dead_letter(n, m, job, f->code, f->message, EVC_EXHAUSTED_EVENT_AGE); /* no attempt would remain */
    return;
  }
  natsMsg_NakWithDelay(m, delay, NULL);
  n->metrics.naks++;
}

/*
 * A delivery past MaximumRetryAttempts means the last attempt's settlement was lost (a worker died
 * or the connection dropped before its ack/term reached the server). If that attempt stored a
 * dead letter, the event is done: the letter goes to the sinks again (at least once) and the
 * event is terminated. Otherwise the last attempt may have succeeded
 * unacknowledged: call the target once more (at least once), and a failure then ends in the DLQ.
 */
static int over_budget_needs_call(evc_nats_t *n, natsMsg *m, const evc_job_t *job) {
  int stored = evc_nats_letter_resend(n, job);
  if (stored == 0) return 1;
  if (stored > 0) {
    natsMsg_Term(m, NULL);
    n->metrics.terms++;
  } else {
    natsMsg_NakWithDelay(m, DLQ_UNAVAILABLE_DELAY_MS, NULL); /* ask again when the server answers */
    n->metrics.naks++;
  }
  return 0;
}

static void settle(evc_nats_t *n, const evc_nats_consumer_t *k, natsMsg *m) {
  evc_bus_t *bus = n->bus;
  jsMsgMetaData *meta = NULL;
  uint32_t retries = 0;
  if (natsMsg_GetMetaData(&meta, m) == NATS_OK && meta->NumDelivered > 1)
    retries = (uint32_t)(meta->NumDelivered - 1);
  jsMsgMetaData_Destroy(meta);
  n->metrics.deliveries++;
  if (retries) n->metrics.redeliveries++;
  evc_job_t job;
  if (!is_for(m, k) || !job_of(m, k, retries, bus, &job)) { /* another rule's event, or not an eventc one */
    natsMsg_Ack(m, NULL);
    n->metrics.skipped++;
    return;
  }
  evc_nats_deferred_t letter;
  if (evc_nats_letter_take(n, &job, &letter)) { /* decided before: store it, do not call again */
    job.retries = letter.retries;
    dead_letter(n, m, &job, letter.code, letter.message, letter.why);
    return;
  }
  const evc_target_def_t *td = &bus->def->rules[k->rule].targets[k->target];
  int64_t now = evc_nats_now_ms(n);
  if (now - job.ingest_ms >= (int64_t)td->max_event_age * 1000) {
    dead_letter(n, m, &job, "MaximumEventAgeExceeded",
                "the event was older than MaximumEventAgeInSeconds when it was delivered",
                EVC_EXHAUSTED_EVENT_AGE);
    return;
  }
  if (retries > td->max_retry_attempts && !over_budget_needs_call(n, m, &job)) return;
  evc_error_t e;
  if (!build_input(bus, &job, &e)) {
    dead_letter(n, m, &job, "TransformFailed", e.message, EVC_EXHAUSTED_NONE);
    return;
  }
  if (retries) bus->target_metrics[k->flat].retry_invocation_attempts++;
  evc_failure_t f;
  evc_outcome_t o = call_target(bus, &job, k->flat, &f);
  if (o == EVC_DELIVERED) {
    bus->target_metrics[k->flat].invocations++;
    natsMsg_Ack(m, NULL);
    n->metrics.acks++;
  } else if (o == EVC_FAILED) {
    dead_letter(n, m, &job, f.code, f.message, EVC_EXHAUSTED_NONE);
  } else {
    retry_later(n, m, &job, &f, evc_nats_now_ms(n));
  }
}

/*
 * Fetches and settles a batch of one consumer without waiting on the server: a pull request that
 * expires on the client before the server answers leaves late messages behind, which libnats 3.4
 * then overruns its batch with. The client waits up to publish_timeout_ms for the answer.
 */
static size_t run_consumer(evc_nats_t *n, const evc_nats_consumer_t *k) {
  natsMsgList list = {0};
  jsFetchRequest req;
  jsFetchRequest_Init(&req);
  req.Batch = (int)n->fetch_batch;
  req.NoWait = true;
  req.Expires = (int64_t)n->publish_timeout_ms * NS_PER_MS;
  natsStatus s = natsSubscription_FetchRequest(&list, k->sub, &req);
  if (s != NATS_OK && s != NATS_TIMEOUT && s != NATS_NOT_FOUND) n->metrics.fetch_errors++;
  if (s != NATS_OK) return 0;
  for (int i = 0; i < list.Count; i++) settle(n, k, list.Msgs[i]);
  size_t got = (size_t)list.Count;
  natsMsgList_Destroy(&list);
  return got;
}

/*
 * Whether a fetch from this consumer can return anything: events not yet delivered, or delivered
 * and not yet settled (a nak's delay, a lost worker's ack wait). An idle consumer is not fetched
 * from: nats-server 2.9 holds a no_wait request with an expiry until it expires, and every expiry
 * is a race with the client's own timeout that libnats 3.4 loses by overrunning its batch.
 * When the server cannot say, the consumer is fetched from (the fetch reports the error).
 */
static bool consumer_has_work(evc_nats_t *n, const evc_nats_consumer_t *k) {
  jsConsumerInfo *ci = NULL;
  jsErrCode jerr = 0;
  if (js_GetConsumerInfo(&ci, n->js, n->stream, k->durable, NULL, &jerr) != NATS_OK) return true;
  bool work = ci->NumPending > 0 || ci->NumAckPending > 0;
  jsConsumerInfo_Destroy(ci);
  return work;
}

int evc_nats_run(evc_nats_t *n, uint32_t wait_ms, size_t *handled, evc_error_t *err) {
  evc_error_clear(err);
  *handled = 0;
  if (!n->nconsumer) return evc_fail(err, EVC_E_INVALID_ARGUMENT, 0, "evc_nats_run: no consumer joined");
  int64_t until = nats_Now() + wait_ms;
  for (;;) {
    for (size_t i = 0; i < n->nconsumer; i++)
      if (consumer_has_work(n, &n->consumers[i])) *handled += run_consumer(n, &n->consumers[i]);
    int64_t left = until - nats_Now();
    if (*handled || left <= 0) return 0;
    nats_Sleep(left < IDLE_POLL_MS ? left : IDLE_POLL_MS);
  }
}

int evc_nats_consumer_lag(evc_nats_t *n, uint32_t rule, uint32_t target, uint64_t *pending,
                          uint64_t *ack_pending, evc_error_t *err) {
  evc_error_clear(err);
  const evc_bus_def_t *def = n->bus->def;
  if (rule >= def->nrule || target >= def->rules[rule].ntarget)
    return evc_fail(err, EVC_E_INVALID_ARGUMENT, 0, "no target %" PRIu32 " of rule %" PRIu32, target, rule);
  char durable[336], why[200];
  durable_name(n, rule, target, durable, sizeof durable);
  jsConsumerInfo *ci = NULL;
  jsErrCode jerr = 0;
  natsStatus s = js_GetConsumerInfo(&ci, n->js, n->stream, durable, NULL, &jerr);
  if (s != NATS_OK)
    return evc_fail(err, EVC_E_UNAVAILABLE, 0, "%s: consumer %s: %s", n->url, durable,
                    evc_nats_status_text(s, why, sizeof why));
  *pending = ci->NumPending;
  *ack_pending = ci->NumAckPending > 0 ? (uint64_t)ci->NumAckPending : 0;
  jsConsumerInfo_Destroy(ci);
  return 0;
}
