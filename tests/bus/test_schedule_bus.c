/* Scheduled rules on a generated bus, in virtual time: envelope, rate/cron firing, retries, DLQ, catch-up. */
#include "sched_rules.h"

#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define HOUR_MS (INT64_C(3600) * 1000)
#define DAY_START INT64_C(1763510400000) /* 2025-11-19T00:00:00Z, a Wednesday */

typedef struct call {
  char target[16];
  char event[1024];
  char payload[1024];
  int64_t at; /* virtual time of the call */
  uint32_t attempt;
} call_t;

typedef struct fixture {
  evc_vclock_t clock;
  evc_bus_t *bus;
  call_t calls[128];
  size_t ncall;
  int flaky_fails;
  evc_dead_letter_t dead;
  char dead_rule[32];
  size_t ndead;
} fixture_t;

static void copy_text(char *dst, size_t cap, const char *s, size_t n) {
  assert_true(n < cap);
  memcpy(dst, s, n);
  dst[n] = '\0';
}

static evc_outcome_t record(void *ud, const evc_delivery_t *d, evc_failure_t *f) {
  fixture_t *fx = ud;
  assert_true(fx->ncall < sizeof fx->calls / sizeof fx->calls[0]);
  call_t *c = &fx->calls[fx->ncall++];
  snprintf(c->target, sizeof c->target, "%s", d->target_id);
  copy_text(c->event, sizeof c->event, d->event, d->event_len);
  copy_text(c->payload, sizeof c->payload, d->payload, d->payload_len);
  c->at = fx->clock.now_ms;
  c->attempt = d->attempt;
  if (strcmp(d->target_id, "Flaky") == 0 && fx->flaky_fails)
    return evc_failure_set(f, EVC_RETRY, "Throttled", "flaky is down");
  return EVC_DELIVERED;
}

static void on_dlq(void *ud, const evc_dead_letter_t *dl) {
  fixture_t *fx = ud;
  fx->dead = *dl;
  snprintf(fx->dead_rule, sizeof fx->dead_rule, "%s", dl->rule_name);
  fx->ndead++;
}

static fixture_t *new_fixture(void) {
  fixture_t *fx = calloc(1, sizeof *fx);
  fx->clock.now_ms = DAY_START;
  fx->flaky_fails = 1;
  evc_bus_config_t cfg = {.clock = evc_clock_virtual(&fx->clock), .seed = 7};
  evc_error_t err;
  fx->bus = evc_bus_new(&sched_bus, &cfg, &err);
  assert_non_null(fx->bus);
  static const char *const targets[] = {"NightlyFunction", "HourlyFunction", "FlakyFunction", "WatcherFunction"};
  for (size_t i = 0; i < 4; i++) assert_int_equal(evc_bus_bind(fx->bus, targets[i], record, fx), 1);
  assert_int_equal(evc_bus_bind_dlq(fx->bus, "FlakyDLQ", on_dlq, fx), 1);
  assert_int_equal(evc_bus_start(fx->bus, &err), 0); /* "paused" is disabled: its target may stay unbound */
  return fx;
}

static int setup(void **state) {
  *state = new_fixture();
  return 0;
}

static int teardown(void **state) {
  fixture_t *fx = *state;
  evc_bus_free(fx->bus);
  free(fx);
  return 0;
}

static uint32_t rule_index(const evc_bus_t *bus, const char *name) {
  const evc_bus_def_t *def = evc_bus_definition(bus);
  for (uint32_t r = 0; r < def->nrule; r++)
    if (strcmp(def->rules[r].name, name) == 0) return r;
  fail_msg("no rule %s", name);
  return 0;
}

static size_t count(const fixture_t *fx, const char *target) {
  size_t n = 0;
  for (size_t i = 0; i < fx->ncall; i++) n += strcmp(fx->calls[i].target, target) == 0;
  return n;
}

static const call_t *nth_call(const fixture_t *fx, const char *target, size_t nth) {
  for (size_t i = 0; i < fx->ncall; i++)
    if (strcmp(fx->calls[i].target, target) == 0 && nth-- == 0) return &fx->calls[i];
  fail_msg("no call %zu to %s", nth, target);
  return NULL;
}

/* Advances virtual time from due instant to due instant, as a service loop sleeping on next_due. */
static void run_until(fixture_t *fx, int64_t end) {
  int64_t due;
  while (evc_bus_next_due(fx->bus, &due) && due <= end) {
    assert_true(due >= fx->clock.now_ms);
    fx->clock.now_ms = due;
    evc_bus_run_due(fx->bus);
  }
  fx->clock.now_ms = end;
}

static void test_nightly_envelope(void **state) {
  fixture_t *fx = *state;
  run_until(fx, DAY_START + 24 * HOUR_MS);
  assert_int_equal(count(fx, "Nightly"), 1);
  const call_t *c = nth_call(fx, "Nightly", 0);
  assert_int_equal(c->at, DAY_START + 2 * HOUR_MS);
  /* field order of §1.1 (AWS-validated test_events_schedule snapshot); only the id varies */
  json_t *ev = json_loads(c->event, 0, NULL);
  assert_non_null(ev);
  const char *id = json_string_value(json_object_get(ev, "id"));
  assert_non_null(id);
  assert_int_equal(strlen(id), 36);
  assert_int_equal(id[14], '4'); /* a version-4 UUID */
  char expected[1024];
  snprintf(expected, sizeof expected,
           "{\"version\":\"0\",\"id\":\"%s\",\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\","
           "\"account\":\"123456789012\",\"time\":\"2025-11-19T02:00:00Z\",\"region\":\"us-east-1\","
           "\"resources\":[\"arn:aws:events:us-east-1:123456789012:rule/nightly\"],\"detail\":{}}",
           id);
  assert_string_equal(c->event, expected);
  assert_string_equal(c->payload, expected); /* no Input*: the target gets the event */
  json_decref(ev);
  /* delivered to the rule's targets only: the aws.events pattern rule never sees it */
  assert_int_equal(count(fx, "Watcher"), 0);
  assert_int_equal(count(fx, "Paused"), 0);
}

static void test_hourly_rate_with_transformer(void **state) {
  fixture_t *fx = *state;
  run_until(fx, DAY_START + 24 * HOUR_MS);
  assert_int_equal(count(fx, "Hourly"), 24); /* 01:00 .. 24:00, anchored at start (00:00) */
  for (size_t i = 0; i < 24; i++) {
    const call_t *c = nth_call(fx, "Hourly", i);
    char want[128], when[21];
    evc_format_time(DAY_START + (int64_t)(i + 1) * HOUR_MS, when);
    assert_int_equal(c->at, DAY_START + (int64_t)(i + 1) * HOUR_MS);
    snprintf(want, sizeof want, "{\"at\": \"%s\", \"type\": \"Scheduled Event\", \"rule\": \"hourly\"}", when);
    assert_string_equal(c->payload, want);
  }
  char json[4096];
  evc_bus_metrics_json(fx->bus, json, sizeof json);
  assert_non_null(strstr(json, "\"Invocations\":24,\"FailedInvocations\":0"));
  assert_non_null(strstr(json, "\"ScheduledEvents\":24,\"ScheduledEventsSkipped\":0"));
  const evc_rule_metrics_t *m = evc_bus_rule_metrics(fx->bus, rule_index(fx->bus, "hourly"));
  assert_int_equal(m->scheduled_events, 24);
  assert_int_equal(m->triggered_rules, 24);
}

static void test_failing_target_retries_then_dead_letters(void **state) {
  fixture_t *fx = *state;
  run_until(fx, DAY_START + 3 * HOUR_MS + 30 * 60000);
  assert_int_equal(count(fx, "Flaky"), 1);
  int64_t due;
  assert_true(evc_bus_next_due(fx->bus, &due)); /* the retry, before the 04:00 hourly occurrence */
  assert_true(due > fx->clock.now_ms && due <= fx->clock.now_ms + 1000);
  run_until(fx, DAY_START + 24 * HOUR_MS);
  assert_int_equal(count(fx, "Flaky"), 3);
  assert_int_equal(nth_call(fx, "Flaky", 2)->attempt, 2);
  assert_int_equal(fx->ndead, 1);
  assert_string_equal(fx->dead_rule, "flaky");
  assert_int_equal(fx->dead.exhausted, EVC_EXHAUSTED_RETRY_ATTEMPTS);
  assert_int_equal(fx->dead.retry_attempts, 2);
  const evc_target_metrics_t *m = evc_bus_target_metrics(fx->bus, rule_index(fx->bus, "flaky"), 0);
  assert_int_equal(m->invocations_sent_to_dlq, 1);
  assert_int_equal(m->retry_invocation_attempts, 2);
}

static void test_next_due(void **state) {
  fixture_t *fx = *state;
  int64_t due;
  assert_true(evc_bus_next_due(fx->bus, &due));
  assert_int_equal(due, DAY_START + HOUR_MS); /* hourly 01:00 comes before nightly 02:00 */
  fx->clock.now_ms = due;
  assert_int_equal(evc_bus_run_due(fx->bus), 1);
  assert_true(evc_bus_next_due(fx->bus, &due));
  assert_int_equal(due, DAY_START + 2 * HOUR_MS);
  fx->clock.now_ms = due - 1; /* one millisecond early: nothing is due */
  assert_int_equal(evc_bus_run_due(fx->bus), 0);
  fx->clock.now_ms = due;
  assert_int_equal(evc_bus_run_due(fx->bus), 2); /* hourly and nightly, both at 02:00 */
}

static void test_clock_jump_fires_each_missed_once(void **state) {
  fixture_t *fx = *state;
  fx->flaky_fails = 0;
  fx->clock.now_ms = DAY_START + 5 * HOUR_MS + 10 * 60000; /* 05:10: five hourly occurrences missed */
  evc_bus_run_due(fx->bus);
  assert_int_equal(count(fx, "Hourly"), 5);
  assert_int_equal(count(fx, "Nightly"), 1);
  assert_int_equal(count(fx, "Flaky"), 1);
  /* oldest first; at 02:00 both fire, in rule order (nightly is defined first) */
  static const char *const order[] = {"Hourly", "Nightly", "Hourly", "Hourly", "Flaky", "Hourly", "Hourly"};
  assert_int_equal(fx->ncall, 7);
  for (size_t i = 0; i < 7; i++) assert_string_equal(fx->calls[i].target, order[i]);
  for (size_t i = 0; i < 5; i++) {
    char want[64], when[21];
    evc_format_time(DAY_START + (int64_t)(i + 1) * HOUR_MS, when);
    snprintf(want, sizeof want, "\"time\":\"%s\"", when); /* each with its own scheduled time */
    assert_non_null(strstr(nth_call(fx, "Hourly", i)->event, want));
  }
  assert_int_equal(evc_bus_run_due(fx->bus), 0); /* never twice */
  fx->clock.now_ms += 60000;
  assert_int_equal(evc_bus_run_due(fx->bus), 0);
  int64_t due;
  assert_true(evc_bus_next_due(fx->bus, &due));
  assert_int_equal(due, DAY_START + 6 * HOUR_MS);
}

static void test_jump_beyond_a_day_skips_the_oldest(void **state) {
  fixture_t *fx = *state;
  fx->flaky_fails = 0;
  /* 30 hours later (2025-11-20T06:00): hourly 01:00..05:00 on the 19th are older than 24 hours;
   * 06:00 on the 19th, exactly 24 hours old, still fires */
  fx->clock.now_ms = DAY_START + 30 * HOUR_MS;
  evc_bus_run_due(fx->bus);
  const evc_rule_metrics_t *m = evc_bus_rule_metrics(fx->bus, rule_index(fx->bus, "hourly"));
  assert_int_equal(m->scheduled_skipped, 5);
  assert_int_equal(m->scheduled_events, 25); /* 06:00 on the 19th .. 06:00 on the 20th */
  assert_int_equal(count(fx, "Hourly"), 25);
  assert_non_null(strstr(nth_call(fx, "Hourly", 0)->event, "\"time\":\"2025-11-19T06:00:00Z\""));
  m = evc_bus_rule_metrics(fx->bus, rule_index(fx->bus, "nightly"));
  assert_int_equal(m->scheduled_skipped, 1); /* 02:00 on the 19th */
  assert_int_equal(m->scheduled_events, 1);  /* 02:00 on the 20th */
  char json[4096];
  evc_bus_metrics_json(fx->bus, json, sizeof json);
  assert_non_null(strstr(json, "\"ScheduledEvents\":25,\"ScheduledEventsSkipped\":5"));
}

static void test_scheduled_targets_must_be_bound(void **state) {
  (void)state;
  evc_vclock_t clock = {DAY_START};
  evc_bus_config_t cfg = {.clock = evc_clock_virtual(&clock), .seed = 7};
  evc_error_t err;
  evc_bus_t *bus = evc_bus_new(&sched_bus, &cfg, &err);
  assert_non_null(bus);
  assert_int_equal(evc_bus_start(bus, &err), EVC_E_INVALID_ARGUMENT);
  assert_non_null(strstr(err.message, "target Nightly of rule nightly"));
  assert_null(strstr(err.message, "target Paused"));
  int64_t due;
  assert_false(evc_bus_next_due(bus, &due)); /* not started: nothing scheduled */
  clock.now_ms += 3 * HOUR_MS;
  assert_int_equal(evc_bus_run_due(bus), 0);
  evc_bus_free(bus);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_nightly_envelope, setup, teardown),
      cmocka_unit_test_setup_teardown(test_hourly_rate_with_transformer, setup, teardown),
      cmocka_unit_test_setup_teardown(test_failing_target_retries_then_dead_letters, setup, teardown),
      cmocka_unit_test_setup_teardown(test_next_due, setup, teardown),
      cmocka_unit_test_setup_teardown(test_clock_jump_fires_each_missed_once, setup, teardown),
      cmocka_unit_test_setup_teardown(test_jump_beyond_a_day_skips_the_oldest, setup, teardown),
      cmocka_unit_test(test_scheduled_targets_must_be_bound),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
