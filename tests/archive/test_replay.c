/* Replay: a window of a 100,000-event archive in time order, once each, with replay-name;
 * cancellation, FilterArns, metrics, replayed events not archived again, AWS's refusals. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "archive_rules.h"
#include "eventc/archive.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BASE_MS 1763460000000LL /* 2025-11-18T10:00:00Z */
#define SLOTS 50000             /* distinct event times: each used by two events */

typedef struct fx {
  char dir[64], db[96];
  evc_vclock_t clock;
  evc_bus_t *bus;
  int64_t last_time;
  int last_id, deliveries[2], out_of_order, bad_envelope, duplicates;
  unsigned char *seen;
} fx_t;

static int detail_id(const evc_delivery_t *d) {
  const char *p = strstr(d->event, "\"detail\":{\"id\": ");
  return p ? atoi(p + 16) : -1;
}

static int64_t event_time(const evc_delivery_t *d) {
  const char *p = strstr(d->event, "\"time\":\"");
  char text[21];
  int64_t ms = 0;
  if (p) snprintf(text, sizeof text, "%.20s", p + 8);
  return p && evc_archive_parse_time(text, &ms) ? ms : -1;
}

/* Records order, uniqueness and the envelope of each delivery (replays only check them). */
static evc_outcome_t on_target(fx_t *x, int which, const evc_delivery_t *d) {
  x->deliveries[which]++;
  if (!x->seen || which) return EVC_DELIVERED;
  int id = detail_id(d);
  int64_t t = event_time(d);
  if (t < x->last_time || (t == x->last_time && id < x->last_id)) x->out_of_order++;
  x->last_time = t;
  x->last_id = id;
  if (id < 0 || x->seen[id]++) x->duplicates++;
  if (!strstr(d->event, "\"region\":\"us-east-1\",\"replay-name\":\"ticket-replay\",\"resources\":[]"))
    x->bad_envelope++;
  return EVC_DELIVERED;
}

static evc_outcome_t on_done(void *ud, const evc_delivery_t *d, evc_failure_t *f) {
  (void)f;
  return on_target(ud, 0, d);
}

static evc_outcome_t on_failed(void *ud, const evc_delivery_t *d, evc_failure_t *f) {
  (void)f;
  return on_target(ud, 1, d);
}

static evc_bus_t *open_bus(fx_t *x, int archiving) {
  evc_bus_config_t c;
  memset(&c, 0, sizeof c);
  c.clock = evc_clock_virtual(&x->clock);
  c.seed = 5;
  c.archive_db = x->db;
  c.archive_disabled = !archiving;
  evc_error_t err;
  evc_bus_t *bus = evc_bus_new(&arch_bus, &c, &err);
  assert_non_null(bus);
  evc_bus_bind(bus, "Done", on_done, x);
  evc_bus_bind(bus, "Failed", on_failed, x);
  assert_int_equal(evc_bus_start(bus, &err), 0);
  return bus;
}

static int setup(void **state) {
  fx_t *x = calloc(1, sizeof *x);
  strcpy(x->dir, "/tmp/evc-replay-XXXXXX");
  assert_non_null(mkdtemp(x->dir));
  snprintf(x->db, sizeof x->db, "%s/archive.db", x->dir);
  x->clock.now_ms = BASE_MS + 100000000LL;
  x->bus = open_bus(x, 1);
  *state = x;
  return 0;
}

static int teardown(void **state) {
  fx_t *x = *state;
  evc_bus_free(x->bus);
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf %s", x->dir);
  assert_int_equal(system(cmd), 0);
  free(x->seen);
  free(x);
  return 0;
}

/* Event i has time BASE + (i * 7919 mod SLOTS) s: shuffled, each time shared by two events. */
static int64_t time_of(int i) { return BASE_MS + (int64_t)((i * 7919LL) % SLOTS) * 1000; }

static void put_events(fx_t *x, int n, const char *status) {
  char details[10][80], times[10][21];
  evc_entry_t e[10];
  for (int i = 0; i < n; i += 10) {
    int k = n - i < 10 ? n - i : 10;
    for (int j = 0; j < k; j++) {
      snprintf(details[j], sizeof details[j], "{\"id\": %d, \"status\": \"%s\"}", i + j, status);
      evc_format_time(time_of(i + j), times[j]);
      evc_entry_t one = {"app", "done", details[j], 0, NULL, 0, times[j], NULL, NULL};
      e[j] = one;
    }
    evc_put_result_t res;
    evc_error_t err;
    assert_int_equal(evc_put_events(x->bus, e, (size_t)k, &res, &err), 0);
    assert_int_equal(res.failed_entry_count, 0);
  }
}

static evc_replay_config_t replay_config(int64_t from_s, int64_t to_s) {
  evc_replay_config_t c;
  memset(&c, 0, sizeof c);
  c.name = "ticket-replay";
  c.archive = "all";
  c.start_ms = BASE_MS + from_s * 1000;
  c.end_ms = BASE_MS + to_s * 1000;
  return c;
}

static void test_window_of_100000_events_in_time_order(void **state) {
  fx_t *x = *state;
  int n = 100000, expected = 0;
  put_events(x, n, "ok");
  for (int i = 0; i < n; i++)
    expected += time_of(i) >= BASE_MS + 10000000LL && time_of(i) < BASE_MS + 30000000LL;
  uint64_t archived = evc_bus_metrics(x->bus)->archived_events;
  assert_int_equal(archived, n);
  assert_int_equal(evc_bus_metrics(x->bus)->trusted_matches, 0); /* PutEvents validates */
  x->deliveries[0] = 0;
  x->seen = calloc((size_t)n, 1);
  x->last_time = INT64_MIN;
  evc_replay_config_t c = replay_config(10000, 30000);
  evc_error_t err;
  evc_replay_t *r = evc_replay_start(x->bus, &c, &err);
  assert_non_null(r);
  assert_string_equal(evc_replay_state_name(evc_replay_state(r)), "STARTING");
  size_t steps = 0;
  while (evc_replay_state(r) == EVC_REPLAY_STARTING || evc_replay_state(r) == EVC_REPLAY_RUNNING) {
    evc_replay_run(r, 4096);
    steps++;
  }
  assert_int_equal(evc_replay_state(r), EVC_REPLAY_COMPLETED);
  assert_true(steps >= (size_t)expected / 4096);
  assert_int_equal(expected, 40000);
  assert_int_equal(x->deliveries[0], expected);
  assert_int_equal(evc_replay_count(r), expected);
  assert_int_equal(x->out_of_order, 0);
  assert_int_equal(x->duplicates, 0);
  assert_int_equal(x->bad_envelope, 0);
  assert_int_equal(evc_replay_last_replayed_ms(r), BASE_MS + 29999000LL);
  assert_int_equal(evc_bus_metrics(x->bus)->replayed_events, expected);
  assert_int_equal(evc_bus_metrics(x->bus)->trusted_matches, expected); /* archived: validated */
  assert_int_equal(evc_bus_metrics(x->bus)->archived_events, archived); /* not archived again */
  evc_replay_free(r);
}

static void test_cancel_stops_deliveries(void **state) {
  fx_t *x = *state;
  put_events(x, 1000, "ok");
  x->deliveries[0] = 0;
  evc_replay_config_t c = replay_config(0, SLOTS);
  evc_error_t err;
  evc_replay_t *r = evc_replay_start(x->bus, &c, &err);
  assert_int_equal(evc_replay_run(r, 10), 10);
  assert_int_equal(evc_replay_state(r), EVC_REPLAY_RUNNING);
  assert_int_equal(evc_replay_cancel(r, &err), 0);
  assert_int_equal(evc_replay_state(r), EVC_REPLAY_CANCELLING);
  assert_int_equal(evc_replay_run(r, 100), 0);
  assert_int_equal(evc_replay_state(r), EVC_REPLAY_CANCELLED);
  assert_int_equal(evc_replay_run(r, 100), 0);
  assert_int_equal(x->deliveries[0], 10);
  assert_int_equal(evc_replay_cancel(r, &err), -1);
  evc_replay_free(r);
}

static void replay_all(evc_replay_t *r) {
  while (evc_replay_run(r, 7)) continue;
  assert_int_equal(evc_replay_state(r), EVC_REPLAY_COMPLETED);
}

static void test_filter_arns_restrict_rules(void **state) {
  fx_t *x = *state;
  put_events(x, 20, "failed"); /* matches both rules */
  assert_int_equal(x->deliveries[0], 20);
  assert_int_equal(x->deliveries[1], 20);
  x->deliveries[0] = x->deliveries[1] = 0;
  const char *by_arn[] = {"arn:aws:events:us-east-1:123456789012:rule/tickets/failed"};
  evc_replay_config_t c = replay_config(0, SLOTS);
  c.filter_arns = by_arn;
  c.nfilter = 1;
  evc_error_t err;
  evc_replay_t *r = evc_replay_start(x->bus, &c, &err);
  replay_all(r);
  evc_replay_free(r);
  assert_int_equal(x->deliveries[0], 0);
  assert_int_equal(x->deliveries[1], 20);
  const char *by_name[] = {"completed"};
  c.filter_arns = by_name;
  c.name = "second";
  r = evc_replay_start(x->bus, &c, &err);
  replay_all(r);
  evc_replay_free(r);
  assert_int_equal(x->deliveries[0], 20);
  assert_int_equal(x->deliveries[1], 20);
}

/* Replayed events are matched in trusted mode and match exactly the rules they matched when put. */
static void test_replay_matches_as_put_in_trusted_mode(void **state) {
  fx_t *x = *state;
  put_events(x, 40, "ok");
  put_events(x, 30, "failed");
  uint64_t put_matched[2];
  for (uint32_t r = 0; r < 2; r++) put_matched[r] = evc_bus_rule_metrics(x->bus, r)->matched_events;
  assert_int_equal(evc_bus_metrics(x->bus)->trusted_matches, 0);
  evc_replay_config_t c = replay_config(0, SLOTS);
  evc_error_t err;
  evc_replay_t *r = evc_replay_start(x->bus, &c, &err);
  assert_non_null(r);
  replay_all(r);
  evc_replay_free(r);
  assert_int_equal(evc_bus_metrics(x->bus)->trusted_matches, 70);
  char json[4096];
  evc_bus_metrics_json(x->bus, json, sizeof json);
  assert_non_null(strstr(json, "\"TrustedMatches\":70,"));
  for (uint32_t k = 0; k < 2; k++)
    assert_int_equal(evc_bus_rule_metrics(x->bus, k)->matched_events, 2 * put_matched[k]);
}

static void expect_refused(evc_bus_t *bus, const evc_replay_config_t *c, const char *message) {
  evc_error_t err;
  assert_null(evc_replay_start(bus, c, &err));
  assert_string_equal(err.message, message);
}

static void test_refusals_use_aws_messages(void **state) {
  fx_t *x = *state;
  evc_replay_config_t c = replay_config(100, 100);
  expect_refused(x->bus, &c, "Parameter EventEndTime is not valid. Reason: EventStartTime must be before EventEndTime.");
  c = replay_config(0, 100);
  c.archive = "nope";
  expect_refused(x->bus, &c, "Parameter EventSourceArn is not valid. Reason: Archive nope does not exist.");
  c = replay_config(0, 100);
  c.name = "bad name";
  expect_refused(x->bus, &c, "1 validation error detected: Value 'bad name' at 'replayName' failed to satisfy "
                             "constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+");
  evc_bus_t *other = open_bus(x, 0);
  c = replay_config(0, 100);
  c.destination = other;
  expect_refused(x->bus, &c, "Parameter Destination.Arn is not valid. Reason: Cross event bus replay is not permitted.");
  evc_bus_free(other);
}

static void test_cross_bus_replay_with_opt_in(void **state) {
  fx_t *x = *state;
  put_events(x, 30, "ok");
  fx_t y;
  memset(&y, 0, sizeof y);
  y.clock = x->clock;
  strcpy(y.db, x->db);
  evc_bus_t *replay_bus = open_bus(&y, 0);
  evc_replay_config_t c = replay_config(0, SLOTS);
  c.destination = replay_bus;
  c.allow_cross_bus = 1;
  evc_error_t err;
  evc_replay_t *r = evc_replay_start(x->bus, &c, &err);
  assert_non_null(r);
  replay_all(r);
  assert_int_equal(y.deliveries[0], 30);
  assert_int_equal(evc_bus_metrics(replay_bus)->replayed_events, 30);
  assert_int_equal(evc_bus_metrics(x->bus)->replayed_events, 0);
  evc_replay_free(r);
  evc_bus_free(replay_bus);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_window_of_100000_events_in_time_order, setup, teardown),
      cmocka_unit_test_setup_teardown(test_cancel_stops_deliveries, setup, teardown),
      cmocka_unit_test_setup_teardown(test_filter_arns_restrict_rules, setup, teardown),
      cmocka_unit_test_setup_teardown(test_replay_matches_as_put_in_trusted_mode, setup, teardown),
      cmocka_unit_test_setup_teardown(test_refusals_use_aws_messages, setup, teardown),
      cmocka_unit_test_setup_teardown(test_cross_bus_replay_with_opt_in, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
