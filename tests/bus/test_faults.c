/* Fault injection in virtual time: 10,000 events, targets failing at random; nothing lost or duplicated. */
#include "hand_bus.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define NEVENT 10000
#define NTARGET 7 /* flat: rule "all" 0..4, rule "gold" 5..6 */

/* Per target: chance in percent of a retryable and of a permanent failure on each attempt. */
static const struct {
  int retry_pct, fail_pct;
} profile[NTARGET] = {{30, 5}, {50, 0}, {85, 0}, {20, 10}, {40, 5}, {60, 2}, {10, 10}};

static const evc_target_def_t all_targets[] = {
    {"T0", "T0Fn.Arn", "T0Fn", "Dlq.Arn", "Dlq", 0, 86400, evc_transform_event, "f:1", NULL},
    {"T1", "T1Fn.Arn", "T1Fn", "Dlq.Arn", "Dlq", 3, 3600, evc_transform_event, "f:2", NULL},
    {"T2", "T2Fn.Arn", "T2Fn", "Dlq.Arn", "Dlq", 185, 60, evc_transform_event, "f:3", NULL},
    {"T3", "T3Fn.Arn", "T3Fn", NULL, NULL, 10, 86400, evc_transform_event, "f:4", NULL},
    {"T4", "T4Fn.Arn", "T4Fn", "Dlq.Arn", "Dlq", 185, 86400, evc_transform_event, "f:5", NULL},
};
static const evc_target_def_t gold_targets[] = {
    {"G0", "G0Fn.Arn", "G0Fn", NULL, NULL, 5, 120, evc_transform_event, "f:6", NULL},
    {"G1", "G1Fn.Arn", "G1Fn", "Dlq.Arn", "Dlq", 1, 86400, evc_transform_event, "f:7", NULL},
};

typedef struct ledger {
  evc_vclock_t clock;
  uint64_t rng;
  unsigned delivered[NEVENT][NTARGET], dead[NEVENT][NTARGET];
  evc_outcome_t last[NEVENT][NTARGET];
  unsigned attempts[NEVENT][NTARGET];
  int64_t put_ms[NEVENT];
  unsigned long by_cond[3], retries[NTARGET], to_dlq[NTARGET], drops[NTARGET];
  unsigned long successes[NTARGET];
  unsigned long gold_events;
  int gold[NEVENT];
} ledger_t;

typedef struct binding {
  ledger_t *lg;
  int flat;
} binding_t;

static unsigned rnd(ledger_t *lg, unsigned n) {
  lg->rng = lg->rng * 6364136223846793005u + 1442695040888963407u;
  return (unsigned)(lg->rng >> 33) % n;
}

static int event_number(const char *event, size_t len) {
  static const evc_path_step_t path[] = {{"detail", 6, 0}, {"n", 1, 0}};
  evc_jval_t v = evc_json_locate(event, len, path, 2);
  assert_int_equal(v.type, EVC_X_NUMBER);
  return atoi(v.text);
}

static evc_outcome_t target_cb(void *ud, const evc_delivery_t *d, evc_failure_t *f) {
  binding_t *b = ud;
  ledger_t *lg = b->lg;
  int n = event_number(d->event, d->event_len);
  assert_int_equal(d->attempt, lg->attempts[n][b->flat]);
  lg->attempts[n][b->flat]++;
  if (d->attempt) lg->retries[b->flat]++;
  unsigned r = rnd(lg, 100);
  evc_outcome_t o = EVC_DELIVERED;
  if (r < (unsigned)profile[b->flat].fail_pct)
    o = evc_failure_set(f, EVC_FAILED, "NO_RESOURCE", "target T%d is gone", b->flat);
  else if (r < (unsigned)(profile[b->flat].fail_pct + profile[b->flat].retry_pct))
    o = evc_failure_set(f, EVC_RETRY, "THROTTLING", "slow down");
  lg->last[n][b->flat] = o;
  if (o == EVC_DELIVERED) {
    lg->delivered[n][b->flat]++;
    lg->successes[b->flat]++;
  }
  return o;
}

static int flat_of(const evc_dead_letter_t *dl) {
  return dl->target_id[0] == 'T' ? dl->target_id[1] - '0' : 5 + dl->target_id[1] - '0';
}

static void check_condition(ledger_t *lg, const evc_dead_letter_t *dl, int n, int flat) {
  const evc_target_def_t *td = flat < 5 ? &all_targets[flat] : &gold_targets[flat - 5];
  assert_int_equal(dl->retry_attempts + 1, lg->attempts[n][flat]);
  switch (dl->exhausted) {
  case EVC_EXHAUSTED_NONE:
    assert_int_equal(lg->last[n][flat], EVC_FAILED);
    assert_string_equal(dl->error_code, "NO_RESOURCE");
    break;
  case EVC_EXHAUSTED_RETRY_ATTEMPTS:
    assert_int_equal(lg->last[n][flat], EVC_RETRY);
    assert_int_equal(dl->retry_attempts, td->max_retry_attempts);
    assert_string_equal(dl->exhausted_retry_condition, "MaximumRetryAttempts");
    break;
  case EVC_EXHAUSTED_EVENT_AGE:
    assert_int_equal(lg->last[n][flat], EVC_RETRY);
    assert_true(dl->retry_attempts < td->max_retry_attempts);
    assert_true(lg->clock.now_ms - lg->put_ms[n] >= (int64_t)td->max_event_age * 1000);
    assert_string_equal(dl->exhausted_retry_condition, "MaximumEventAgeInSeconds");
    break;
  }
  lg->by_cond[dl->exhausted]++;
}

static void dead(ledger_t *lg, const evc_dead_letter_t *dl, int to_dlq) {
  int n = event_number(dl->event, dl->event_len), flat = flat_of(dl);
  lg->dead[n][flat]++;
  check_condition(lg, dl, n, flat);
  if (to_dlq) {
    assert_non_null(dl->dlq_arn);
    lg->to_dlq[flat]++;
  } else {
    assert_null(dl->dlq_arn);
    lg->drops[flat]++;
  }
}

static void dlq_cb(void *ud, const evc_dead_letter_t *dl) { dead(ud, dl, 1); }
static void drop_cb(void *ud, const evc_dead_letter_t *dl) { dead(ud, dl, 0); }

static void publish_all(evc_bus_t *bus, ledger_t *lg) {
  char details[10][64];
  evc_entry_t es[10];
  for (int base = 0; base < NEVENT; base += 10) {
    for (int i = 0; i < 10; i++) {
      int n = base + i, gold = rnd(lg, 2);
      lg->gold_events += (unsigned long)gold;
      lg->gold[n] = gold;
      snprintf(details[i], sizeof details[i], "{\"n\": %d, \"tier\": \"%s\"}", n, gold ? "gold" : "silver");
      evc_entry_t e = {"faults", "tick", details[i], 0, NULL, 0, NULL, NULL, NULL};
      es[i] = e;
      lg->put_ms[n] = lg->clock.now_ms;
    }
    evc_put_result_t res;
    evc_error_t err;
    assert_int_equal(evc_put_events(bus, es, 10, &res, &err), 0);
    assert_int_equal(res.failed_entry_count, 0);
    lg->clock.now_ms += 250;
    evc_bus_run_due(bus);
  }
  int64_t due;
  while (evc_bus_next_due(bus, &due)) {
    lg->clock.now_ms = due;
    evc_bus_run_due(bus);
  }
}

static void check_ledger(const evc_bus_t *bus, const ledger_t *lg) {
  for (int n = 0; n < NEVENT; n++)
    for (int t = 0; t < NTARGET; t++) {
      unsigned matched = t < 5 || lg->gold[n];
      /* exactly once, as a success or as a dead letter; never for targets of unmatched rules */
      assert_int_equal(lg->delivered[n][t] + lg->dead[n][t], matched);
    }
  for (int t = 0; t < NTARGET; t++) {
    const evc_target_metrics_t *m = evc_bus_target_metrics(bus, t < 5 ? 0 : 1, (uint32_t)(t < 5 ? t : t - 5));
    assert_int_equal(m->invocations, lg->successes[t] + lg->to_dlq[t] + lg->drops[t]);
    assert_int_equal(m->failed_invocations, lg->to_dlq[t] + lg->drops[t]);
    assert_int_equal(m->invocations_sent_to_dlq, lg->to_dlq[t]);
    assert_int_equal(m->invocations_dropped, lg->drops[t]);
    assert_int_equal(m->retry_invocation_attempts, lg->retries[t]);
  }
  assert_int_equal(evc_bus_rule_metrics(bus, 0)->matched_events, NEVENT);
  assert_int_equal(evc_bus_rule_metrics(bus, 1)->matched_events, lg->gold_events);
}

static void test_ten_thousand_events_none_lost(void **state) {
  (void)state;
  ledger_t *lg = calloc(1, sizeof *lg);
  lg->clock.now_ms = 1763461800000;
  lg->rng = 2026;
  evc_bus_def_t def = hand_bus_with(all_targets, 5, gold_targets, 2);
  evc_bus_config_t cfg = {.clock = evc_clock_virtual(&lg->clock), .seed = 99, .backoff_base_ms = 1000,
                          .backoff_max_ms = 300000, .on_drop = drop_cb, .drop_ud = lg};
  evc_error_t err;
  evc_bus_t *bus = evc_bus_new(&def, &cfg, &err);
  binding_t b[NTARGET];
  const char *names[NTARGET] = {"T0", "T1", "T2", "T3", "T4", "G0", "G1"};
  for (int t = 0; t < NTARGET; t++) {
    b[t].lg = lg;
    b[t].flat = t;
    assert_int_equal(evc_bus_bind(bus, names[t], target_cb, &b[t]), 1);
  }
  assert_int_equal(evc_bus_bind_dlq(bus, "Dlq", dlq_cb, lg), 5);
  assert_int_equal(evc_bus_start(bus, &err), 0);
  publish_all(bus, lg);
  assert_int_equal(evc_bus_pending(bus), 0);
  check_ledger(bus, lg);
  /* Every way of giving up happened, so each was checked above. */
  assert_true(lg->by_cond[EVC_EXHAUSTED_NONE] > 0);
  assert_true(lg->by_cond[EVC_EXHAUSTED_RETRY_ATTEMPTS] > 0);
  assert_true(lg->by_cond[EVC_EXHAUSTED_EVENT_AGE] > 0);
  printf("# dead letters: permanent %lu, MaximumRetryAttempts %lu, MaximumEventAgeInSeconds %lu\n",
         lg->by_cond[0], lg->by_cond[1], lg->by_cond[2]);
  evc_bus_free(bus);
  free(lg);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_ten_thousand_events_none_lost),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
