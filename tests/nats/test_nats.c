/* The NATS transport against a throwaway nats-server: dedup by Msg-Id, ack/nak/term, age limit, DLQ stream and redrive, a refused dead letter, work sharing, a missing or vanished server. */
#include "nats_test_util.h"

#include <nats/nats.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define RULE_ALL 0u    /* all-orders: Fulfil, 3 retries, DLQ OrdersDLQ */
#define RULE_BIG 1u    /* big-orders: Audit, 2 retries, 300 s, transformer, no DLQ */
#define DRAIN_S 15.0

static char url[256];

typedef struct calls {
  int fulfil[64][8];  /* per n: attempts seen (by attempt number) */
  int fulfil_total, audit_total;
  int audit_seen[64];
  char audit_payload[256];
  int fail_first_only; /* >= 0: Fulfil fails permanently for this n once, succeeds otherwise */
  int failed_once;
  int dead, dropped;
  evc_dead_letter_t last_dead;
  char last_dead_code[64];
} calls_t;

/* Fulfil: n % 3 == 0 succeeds, 1 always asks for a retry, 2 fails permanently. */
static evc_outcome_t fulfil(void *ud, const evc_delivery_t *d, evc_failure_t *f) {
  calls_t *c = ud;
  int n = nt_field_n(d->event, d->event_len, "n");
  c->fulfil_total++;
  if (n >= 0 && n < 64 && d->attempt < 8) c->fulfil[n][d->attempt]++;
  if (c->fail_first_only >= 0) {
    if (n != c->fail_first_only || c->failed_once) return EVC_DELIVERED;
    c->failed_once = 1;
    return evc_failure_set(f, EVC_FAILED, "Broken", "order %d cannot be fulfilled", n);
  }
  if (n % 3 == 1) return EVC_RETRY;
  if (n % 3 == 2) return evc_failure_set(f, EVC_FAILED, "Broken", "order %d cannot be fulfilled", n);
  return EVC_DELIVERED;
}

static evc_outcome_t audit(void *ud, const evc_delivery_t *d, evc_failure_t *f) {
  calls_t *c = ud;
  (void)f;
  int n = nt_field_n(d->payload, d->payload_len, "audit");
  c->audit_total++;
  if (n >= 0 && n < 64) c->audit_seen[n]++;
  size_t len = d->payload_len < sizeof c->audit_payload - 1 ? d->payload_len : sizeof c->audit_payload - 1;
  memcpy(c->audit_payload, d->payload, len);
  c->audit_payload[len] = '\0';
  return EVC_DELIVERED;
}

static evc_outcome_t idle(void *ud, const evc_delivery_t *d, evc_failure_t *f) {
  (void)ud;
  (void)d;
  return evc_failure_set(f, EVC_FAILED, "Unexpected", "the never rule was delivered");
}

static void dead(void *ud, const evc_dead_letter_t *dl) {
  calls_t *c = ud;
  c->dead++;
  snprintf(c->last_dead_code, sizeof c->last_dead_code, "%s", dl->error_code);
}

static evc_bus_t *worker_bus(calls_t *c, evc_clock_t *clock) {
  evc_bus_t *bus = nt_bus(clock, 20);
  assert_int_equal(evc_bus_bind(bus, "Fulfil", fulfil, c), 1);
  assert_int_equal(evc_bus_bind(bus, "Audit", audit, c), 1);
  assert_int_equal(evc_bus_bind(bus, "Idle", idle, c), 1);
  assert_int_equal(evc_bus_bind_dlq(bus, "OrdersDLQ", dead, c), 1);
  return bus;
}

/* Runs the workers until `done` holds or DRAIN_S passes. */
static void drain(evc_nats_t **w, size_t nw, int (*done)(const calls_t *c), const calls_t *c) {
  double until = nt_now_s() + DRAIN_S;
  while (!done(c) && nt_now_s() < until) {
    for (size_t i = 0; i < nw; i++) {
      size_t handled;
      evc_error_t err;
      assert_int_equal(evc_nats_run(w[i], 20, &handled, &err), 0);
    }
  }
}

static uint64_t stream_msgs(const char *stream) {
  natsConnection *nc = NULL;
  jsCtx *js = NULL;
  jsStreamInfo *si = NULL;
  assert_int_equal(natsConnection_ConnectTo(&nc, url), NATS_OK);
  assert_int_equal(natsConnection_JetStream(&js, nc, NULL), NATS_OK);
  assert_int_equal(js_GetStreamInfo(&si, js, stream, NULL, NULL), NATS_OK);
  uint64_t msgs = si->State.Msgs;
  jsStreamInfo_Destroy(si);
  jsCtx_Destroy(js);
  natsConnection_Destroy(nc);
  return msgs;
}

/* A re-publish with an event's id as Nats-Msg-Id is stored once. */
static void test_publish_dedup(void **state) {
  (void)state;
  evc_bus_t *bus = nt_bus(NULL, 20);
  evc_nats_t *n = nt_attach(bus, url, "dedup", 0);
  evc_entry_t e = {"shop", "OrderPlaced", "{\"n\": 1, \"total\": 5}", 0, NULL, 0, NULL, NULL, NULL};
  evc_put_result_t res;
  evc_error_t err;
  assert_int_equal(evc_put_events(bus, &e, 1, &res, &err), 0);
  assert_int_equal(res.failed_entry_count, 0);
  assert_int_equal(nt_put_orders(bus, 2, 2, 5), 2);
  assert_int_equal(stream_msgs(evc_nats_stream(n)), 3);
  assert_int_equal(evc_bus_metrics(bus)->put_events_entries, 3);
  assert_int_equal(evc_nats_metrics(n)->published, 3);
  assert_int_equal(evc_bus_rule_metrics(bus, RULE_ALL)->matched_events, 3);
  assert_int_equal(evc_bus_rule_metrics(bus, RULE_BIG)->matched_events, 0);

  natsConnection *nc = NULL;
  jsCtx *js = NULL;
  jsPubAck *ack = NULL;
  jsPubOptions po;
  jsPubOptions_Init(&po);
  po.MsgId = res.entries[0].event_id;
  assert_int_equal(natsConnection_ConnectTo(&nc, url), NATS_OK);
  assert_int_equal(natsConnection_JetStream(&js, nc, NULL), NATS_OK);
  assert_int_equal(js_Publish(&ack, js, "dedup.orders.events", "{}", 2, &po, NULL), NATS_OK);
  assert_true(ack->Duplicate);
  jsPubAck_Destroy(ack);
  jsCtx_Destroy(js);
  natsConnection_Destroy(nc);
  assert_int_equal(stream_msgs(evc_nats_stream(n)), 3);
  evc_nats_detach(n);
  evc_bus_free(bus);
}

static int outcomes_settled(const calls_t *c) { return c->dead >= 2 && c->fulfil[1][3] >= 1 && c->fulfil[0][0]; }

/* Delivered -> ack; retryable -> nak and redelivery up to MaximumRetryAttempts -> DLQ; permanent -> DLQ at once. */
static void test_ack_nak_term(void **state) {
  (void)state;
  static calls_t c;
  memset(&c, 0, sizeof c);
  c.fail_first_only = -1;
  evc_bus_t *pub = nt_bus(NULL, 20), *wbus = worker_bus(&c, NULL);
  evc_nats_t *p = nt_attach(pub, url, "outcome", 0), *w = nt_attach(wbus, url, "outcome", 0);
  size_t joined;
  evc_error_t err;
  assert_int_equal(evc_nats_join(w, &joined, &err), 0);
  assert_int_equal(joined, 3);
  assert_int_equal(nt_put_orders(pub, 0, 3, 10), 3);
  drain(&w, 1, outcomes_settled, &c);
  assert_int_equal(c.fulfil[0][0], 1);
  assert_int_equal(c.fulfil[0][1], 0);
  for (int a = 0; a <= 3; a++) assert_int_equal(c.fulfil[1][a], 1); /* first try + 3 retries */
  assert_int_equal(c.fulfil[1][4], 0);
  assert_int_equal(c.fulfil[2][0], 1);
  assert_int_equal(c.fulfil[2][1], 0);
  assert_int_equal(c.dead, 2);
  assert_int_equal(c.audit_total, 0); /* total 10: big-orders did not match */
  const evc_target_metrics_t *m = evc_bus_target_metrics(wbus, RULE_ALL, 0);
  assert_int_equal(m->invocations, 3);
  assert_int_equal(m->failed_invocations, 2);
  assert_int_equal(m->invocations_sent_to_dlq, 2);
  assert_int_equal(m->retry_invocation_attempts, 3);
  const evc_nats_metrics_t *nm = evc_nats_metrics(w);
  assert_int_equal(nm->naks, 3);
  assert_int_equal(nm->terms, 2);
  assert_int_equal(nm->dead_letters_published, 2);
  assert_int_equal(nm->skipped, 6); /* Audit's and Idle's consumers saw 3 events of other rules */
  uint64_t lag = 9, ack_pending = 9;
  double until = nt_now_s() + DRAIN_S; /* acks are asynchronous: the server counts them soon */
  do assert_int_equal(evc_nats_consumer_lag(w, RULE_ALL, 0, &lag, &ack_pending, &err), 0);
  while ((lag || ack_pending) && nt_now_s() < until);
  assert_int_equal(lag, 0);
  assert_int_equal(ack_pending, 0);
  char json[2048];
  assert_true(evc_nats_metrics_json(w, json, sizeof json) < sizeof json);
  assert_non_null(strstr(json, "\"durable\":\"outcome_orders_all-orders_Fulfil\",\"lag\":0"));
  evc_nats_detach(w);
  evc_nats_detach(p);
  evc_bus_free(wbus);
  evc_bus_free(pub);
}

typedef struct letters {
  int count, retry_exhausted, permanent, age;
  char rule_arn[128], dlq_arn[128], message[192];
  uint32_t attempts_of_retry;
} letters_t;

static void collect(void *ud, const evc_dead_letter_t *dl) {
  letters_t *l = ud;
  l->count++;
  if (dl->exhausted == EVC_EXHAUSTED_RETRY_ATTEMPTS) {
    l->retry_exhausted++;
    l->attempts_of_retry = dl->retry_attempts;
    assert_string_equal(dl->exhausted_retry_condition, "MaximumRetryAttempts");
  }
  if (dl->exhausted == EVC_EXHAUSTED_NONE) {
    l->permanent++;
    snprintf(l->message, sizeof l->message, "%s", dl->error_message);
  }
  if (dl->exhausted == EVC_EXHAUSTED_EVENT_AGE) l->age++;
  snprintf(l->rule_arn, sizeof l->rule_arn, "%s", dl->rule_arn);
  snprintf(l->dlq_arn, sizeof l->dlq_arn, "%s", dl->dlq_arn ? dl->dlq_arn : "");
}

static int failed_and_audited(const calls_t *c) { return c->dead == 1 && c->audit_total == 1; }

/* The DLQ stream holds each dead letter with the in-process attributes; a redrive delivers it again to its target only. */
static void test_dlq_stream_and_redrive(void **state) {
  (void)state;
  static calls_t c;
  memset(&c, 0, sizeof c);
  c.fail_first_only = 7;
  evc_bus_t *pub = nt_bus(NULL, 20), *wbus = worker_bus(&c, NULL);
  evc_nats_t *p = nt_attach(pub, url, "redrive", 0), *w = nt_attach(wbus, url, "redrive", 0);
  size_t joined, count;
  evc_error_t err;
  assert_int_equal(evc_nats_join(w, &joined, &err), 0);
  assert_int_equal(nt_put_orders(pub, 7, 1, 150), 1);
  drain(&w, 1, failed_and_audited, &c);
  letters_t l = {0};
  assert_int_equal(evc_nats_dlq_each(p, collect, &l, &count, &err), 0);
  assert_int_equal(count, 1);
  assert_int_equal(l.permanent, 1);
  assert_string_equal(l.message, "order 7 cannot be fulfilled");
  assert_string_equal(l.rule_arn, "arn:aws:events:us-east-1:123456789012:rule/orders/all-orders");
  assert_string_equal(l.dlq_arn, "OrdersDLQ.Arn");
  assert_int_equal(c.audit_seen[7], 1);

  size_t redriven;
  assert_int_equal(evc_nats_redrive(p, &redriven, &err), 0);
  assert_int_equal(redriven, 1);
  assert_int_equal(evc_nats_dlq_each(p, collect, &l, &count, &err), 0);
  assert_int_equal(count, 0);
  int before = c.fulfil[7][0];
  double until = nt_now_s() + DRAIN_S;
  while (c.fulfil[7][0] == before && nt_now_s() < until) {
    size_t handled;
    assert_int_equal(evc_nats_run(w, 20, &handled, &err), 0);
  }
  assert_int_equal(c.fulfil[7][0], 2); /* a first attempt again, and it succeeded */
  assert_int_equal(c.audit_seen[7], 1);  /* Audit is not the redriven target */
  assert_int_equal(evc_bus_target_metrics(wbus, RULE_ALL, 0)->invocations, 2);
  evc_nats_detach(w);
  evc_nats_detach(p);
  evc_bus_free(wbus);
  evc_bus_free(pub);
}

/* MaximumEventAgeInSeconds counts from the publisher's acceptance, whichever process delivers. */
static void test_age_limit(void **state) {
  (void)state;
  static calls_t c;
  memset(&c, 0, sizeof c);
  c.fail_first_only = 1000; /* Fulfil succeeds */
  evc_vclock_t pub_time = {INT64_C(1700000000000)}, worker_time = {INT64_C(1700000000000) + 301000};
  evc_clock_t pc = evc_clock_virtual(&pub_time), wc = evc_clock_virtual(&worker_time);
  evc_bus_t *pub = nt_bus(&pc, 20), *wbus = worker_bus(&c, &wc);
  evc_nats_t *p = nt_attach(pub, url, "age", 0), *w = nt_attach(wbus, url, "age", 0);
  size_t joined, count;
  evc_error_t err;
  assert_int_equal(evc_nats_join(w, &joined, &err), 0);
  assert_int_equal(nt_put_orders(pub, 3, 1, 150), 1);
  double until = nt_now_s() + DRAIN_S;
  while (evc_nats_metrics(w)->dead_letters_published == 0 || !c.fulfil_total) {
    size_t handled;
    assert_true(nt_now_s() < until);
    assert_int_equal(evc_nats_run(w, 20, &handled, &err), 0);
  }
  assert_int_equal(c.audit_total, 0); /* 301 s old for a 300 s target: never called */
  assert_int_equal(c.fulfil_total, 1); /* 600 s target: delivered */
  assert_int_equal(evc_bus_target_metrics(wbus, RULE_BIG, 0)->invocations_dropped, 1);
  letters_t l = {0};
  assert_int_equal(evc_nats_dlq_each(p, collect, &l, &count, &err), 0);
  assert_int_equal(count, 1);
  assert_int_equal(l.age, 1);
  assert_string_equal(l.dlq_arn, ""); /* Audit has no DeadLetterConfig: stored, marked dropped */
  evc_nats_detach(w);
  evc_nats_detach(p);
  evc_bus_free(wbus);
  evc_bus_free(pub);
}

/* Runs `w` until `done(w, c)` holds; fails the test after DRAIN_S. */
static void run_until(evc_nats_t *w, int (*done)(evc_nats_t *w, const calls_t *c), const calls_t *c) {
  double until = nt_now_s() + DRAIN_S;
  while (!done(w, c)) {
    size_t handled;
    evc_error_t err;
    assert_true(nt_now_s() < until);
    assert_int_equal(evc_nats_run(w, 20, &handled, &err), 0);
  }
}

static int third_try_made(evc_nats_t *w, const calls_t *c) { (void)w; return c->fulfil[1][2] > 0; }
static int letter_refused(evc_nats_t *w, const calls_t *c) { (void)c; return evc_nats_metrics(w)->dlq_publish_failures > 0; }
static int letter_stored(evc_nats_t *w, const calls_t *c) { (void)w; return c->dead > 0; }

static void delete_stream(const char *stream) {
  natsConnection *nc = NULL;
  jsCtx *js = NULL;
  jsErrCode jerr = 0;
  assert_int_equal(natsConnection_ConnectTo(&nc, url), NATS_OK);
  assert_int_equal(natsConnection_JetStream(&js, nc, NULL), NATS_OK);
  assert_int_equal(js_DeleteStream(js, stream, NULL, &jerr), NATS_OK);
  jsCtx_Destroy(js);
  natsConnection_Destroy(nc);
}

/*
 * The DLQ stream refuses the dead letter of an event that spent its retries: the redelivery stores
 * that letter (MaximumRetryAttempts, 3 retries) and does not call the target a fifth time.
 */
static void test_refused_letter_stored_on_redelivery(void **state) {
  (void)state;
  static calls_t c;
  memset(&c, 0, sizeof c);
  c.fail_first_only = -1; /* n = 1: Fulfil always asks for a retry */
  evc_bus_t *pub = nt_bus(NULL, 20), *wbus = worker_bus(&c, NULL);
  evc_nats_t *p = nt_attach(pub, url, "refused", 0);
  evc_nats_config_t cfg;
  memset(&cfg, 0, sizeof cfg);
  cfg.url = url;
  cfg.stream_prefix = cfg.subject_prefix = "refused";
  cfg.publish_timeout_ms = 200;
  cfg.publish_retry_ms = 300; /* the refused letter fails soon */
  evc_error_t err;
  evc_nats_t *w = evc_nats_attach(wbus, &cfg, &err);
  assert_non_null(w);
  size_t joined, count;
  assert_int_equal(evc_nats_join(w, &joined, &err), 0);
  assert_int_equal(nt_put_orders(pub, 1, 1, 10), 1);
  run_until(w, third_try_made, &c);
  delete_stream(evc_nats_dlq_stream(w));
  run_until(w, letter_refused, &c);
  assert_int_equal(c.fulfil[1][3], 1);
  assert_int_equal(c.dead, 0);
  evc_bus_t *again = nt_bus(NULL, 20);
  evc_nats_t *creator = nt_attach(again, url, "refused", 0); /* attaching creates the DLQ stream again */
  run_until(w, letter_stored, &c);
  assert_int_equal(c.fulfil[1][4], 0);
  assert_int_equal(c.fulfil_total, 4);
  assert_int_equal(c.dead, 1);
  letters_t l = {0};
  assert_int_equal(evc_nats_dlq_each(p, collect, &l, &count, &err), 0);
  assert_int_equal(count, 1);
  assert_int_equal(l.retry_exhausted, 1);
  assert_int_equal(l.attempts_of_retry, 3);
  const evc_target_metrics_t *m = evc_bus_target_metrics(wbus, RULE_ALL, 0);
  assert_int_equal(m->retry_invocation_attempts, 3);
  assert_int_equal(m->invocations_sent_to_dlq, 1);
  evc_nats_detach(creator);
  evc_nats_detach(w);
  evc_nats_detach(p);
  evc_bus_free(again);
  evc_bus_free(wbus);
  evc_bus_free(pub);
}

static int twenty_audits(const calls_t *c) { return c->audit_total >= 20; }

/* Two processes' worth of consumers share one durable consumer: each event once, to one of them; transformers apply. */
static void test_work_sharing(void **state) {
  (void)state;
  static calls_t c1, c2, sum;
  memset(&c1, 0, sizeof c1);
  memset(&c2, 0, sizeof c2);
  c1.fail_first_only = c2.fail_first_only = 1000;
  evc_bus_t *pub = nt_bus(NULL, 20), *b1 = worker_bus(&c1, NULL), *b2 = worker_bus(&c2, NULL);
  evc_nats_t *p = nt_attach(pub, url, "share", 0);
  evc_nats_t *w[2] = {nt_attach(b1, url, "share", 2), nt_attach(b2, url, "share", 2)};
  size_t joined;
  evc_error_t err;
  assert_int_equal(evc_nats_join(w[0], &joined, &err), 0);
  assert_int_equal(evc_nats_join(w[1], &joined, &err), 0);
  assert_int_equal(nt_put_orders(pub, 0, 20, 150), 20);
  double until = nt_now_s() + DRAIN_S;
  while (c1.audit_total + c2.audit_total < 20 && nt_now_s() < until)
    for (int i = 0; i < 2; i++) {
      size_t handled;
      assert_int_equal(evc_nats_run(w[i], 20, &handled, &err), 0);
    }
  sum.audit_total = c1.audit_total + c2.audit_total;
  assert_true(twenty_audits(&sum));
  assert_true(c1.audit_total > 0 && c2.audit_total > 0);
  for (int n = 0; n < 20; n++) assert_int_equal(c1.audit_seen[n] + c2.audit_seen[n], 1);
  assert_non_null(strstr(c1.audit_payload, "\"total\": 150, \"rule\": \"big-orders\"}"));
  for (int i = 0; i < 2; i++) evc_nats_detach(w[i]);
  evc_nats_detach(p);
  evc_bus_free(b1);
  evc_bus_free(b2);
  evc_bus_free(pub);
}

/* No server at the URL: attach fails at once, naming the URL and the reason. */
static void test_missing_server(void **state) {
  (void)state;
  evc_bus_t *bus = nt_bus(NULL, 20);
  evc_nats_config_t cfg;
  memset(&cfg, 0, sizeof cfg);
  cfg.url = "nats://127.0.0.1:1";
  cfg.connect_timeout_ms = 500;
  evc_error_t err;
  assert_null(evc_nats_attach(bus, &cfg, &err));
  assert_int_equal(err.code, EVC_E_UNAVAILABLE);
  assert_non_null(strstr(err.message, "nats://127.0.0.1:1: cannot connect: "));
  assert_non_null(strstr(err.message, "No server available"));
  evc_put_result_t res;
  evc_entry_t e = {"shop", "OrderPlaced", "{}", 0, NULL, 0, NULL, NULL, NULL};
  assert_int_equal(evc_put_events(bus, &e, 1, &res, &err), EVC_E_INVALID_ARGUMENT); /* not started */
  evc_bus_free(bus);
}

/* The server goes away for longer than publish_retry_ms: the entry fails, naming the URL. Runs last: it stops the server. */
static void test_server_gone(void **state) {
  (void)state;
  evc_bus_t *bus = nt_bus(NULL, 20);
  evc_nats_config_t cfg;
  memset(&cfg, 0, sizeof cfg);
  cfg.url = url;
  cfg.stream_prefix = cfg.subject_prefix = "gone";
  cfg.publish_timeout_ms = 200;
  cfg.publish_retry_ms = 600;
  evc_error_t err;
  evc_nats_t *n = evc_nats_attach(bus, &cfg, &err);
  assert_non_null(n);
  nt_server_stop();
  evc_entry_t e = {"shop", "OrderPlaced", "{\"n\": 1, \"total\": 5}", 0, NULL, 0, NULL, NULL, NULL};
  evc_put_result_t res;
  double t0 = nt_now_s();
  assert_int_equal(evc_put_events(bus, &e, 1, &res, &err), 0);
  assert_true(nt_now_s() - t0 < 5.0);
  assert_int_equal(res.failed_entry_count, 1);
  assert_string_equal(res.entries[0].error_code, "InternalException");
  assert_non_null(strstr(res.entries[0].error_message, url));
  assert_non_null(strstr(res.entries[0].error_message, "publishing to stream gone_orders failed"));
  assert_true(evc_nats_metrics(n)->publish_retries > 0);
  assert_int_equal(evc_nats_metrics(n)->publish_failures, 1);
  evc_nats_detach(n);
  evc_bus_free(bus);
}

int main(void) {
  int rc = nt_server_start(url, sizeof url);
  if (rc != 0) {
    fprintf(stderr, "no nats-server to test against\n");
    return rc == SKIP_EXIT ? SKIP_EXIT : 1;
  }
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_publish_dedup),  cmocka_unit_test(test_ack_nak_term),
      cmocka_unit_test(test_dlq_stream_and_redrive), cmocka_unit_test(test_refused_letter_stored_on_redelivery),
      cmocka_unit_test(test_age_limit),
      cmocka_unit_test(test_work_sharing),   cmocka_unit_test(test_missing_server),
      cmocka_unit_test(test_server_gone),
  };
  rc = cmocka_run_group_tests(tests, NULL, NULL);
  nt_server_stop();
  nats_Close();
  return rc;
}
