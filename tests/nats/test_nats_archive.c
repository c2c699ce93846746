/* Archives in JetStream: streams with MaxAge = RetentionDays, the archive patterns, replay windows by event time in
 * order and in steps, replays into an attached bus. */
#include "archive_rules.h"
#include "eventc/nats_archive.h"
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

#define BASE_MS INT64_C(1763460000000) /* 2025-11-18T10:00:00Z */
#define NEVENT 300
#define NS_PER_DAY (INT64_C(86400) * 1000000000)

static char url[256];
static int prefix_no;

typedef struct seen {
  int count, out_of_order, without_replay_name, duplicates;
  int64_t last_time;
  unsigned char ids[NEVENT];
} seen_t;

/* Event i has time BASE + (i * 37 mod 100) s: put out of time order, three events per second. */
static int64_t time_of(int i) {
  return BASE_MS + (int64_t)((i * 37) % 100) * 1000;
}

static int64_t event_time(const evc_delivery_t *d) {
  const char *p = strstr(d->event, "\"time\":\"");
  char text[21];
  int64_t ms = -1;
  if (p) snprintf(text, sizeof text, "%.20s", p + 8);
  return p && evc_archive_parse_time(text, &ms) ? ms : -1;
}

/* The detail's id (the envelope's own "id" comes first). */
static int detail_id(const evc_delivery_t *d) {
  const char *p = strstr(d->event, "\"detail\":{\"id\": ");
  return p ? atoi(p + 16) : -1;
}

static evc_outcome_t record(void *ud, const evc_delivery_t *d, evc_failure_t *f) {
  seen_t *s = ud;
  (void)f;
  int64_t t = event_time(d);
  int id = detail_id(d);
  s->count++;
  if (t < s->last_time) s->out_of_order++;
  s->last_time = t;
  if (!strstr(d->event, "\"replay-name\":\"")) s->without_replay_name++;
  if (id < 0 || id >= NEVENT || s->ids[id]++) s->duplicates++;
  return EVC_DELIVERED;
}

static evc_bus_t *new_bus(int external) {
  evc_bus_config_t c;
  memset(&c, 0, sizeof c);
  c.archive_external = external;
  c.archive_disabled = !external;
  evc_error_t err;
  evc_bus_t *bus = evc_bus_new(&arch_bus, &c, &err);
  if (!bus) fail_msg("evc_bus_new: %s", err.message);
  return bus;
}

static evc_nats_t *attach(evc_bus_t *bus, char *prefix, size_t cap) {
  snprintf(prefix, cap, "ARC%d", ++prefix_no);
  return nt_attach(bus, url, prefix, 64);
}

static void put_events(evc_bus_t *bus, int n) {
  for (int i = 0; i < n; i += EVC_MAX_ENTRIES) {
    evc_entry_t e[EVC_MAX_ENTRIES];
    char details[EVC_MAX_ENTRIES][64], times[EVC_MAX_ENTRIES][21];
    size_t k = 0;
    for (; k < EVC_MAX_ENTRIES && i + (int)k < n; k++) {
      int id = i + (int)k;
      snprintf(details[k], sizeof details[k], "{\"id\": %d, \"status\": \"%s\"}", id, id % 10 == 0 ? "failed" : "ok");
      evc_format_time(time_of(id), times[k]);
      evc_entry_t one = {"app", "done", details[k], 0, NULL, 0, times[k], NULL, NULL};
      e[k] = one;
    }
    evc_put_result_t res;
    evc_error_t err;
    assert_int_equal(evc_put_events(bus, e, k, &res, &err), 0);
    assert_int_equal(res.failed_entry_count, 0);
  }
}

static void stream_state(evc_nats_t *n, const char *archive, uint64_t *msgs, int64_t *max_age) {
  char name[256];
  natsConnection *nc = NULL;
  jsCtx *js = NULL;
  jsStreamInfo *si = NULL;
  assert_int_equal(natsConnection_ConnectTo(&nc, url), NATS_OK);
  assert_int_equal(natsConnection_JetStream(&js, nc, NULL), NATS_OK);
  assert_int_equal(js_GetStreamInfo(&si, js, evc_nats_archive_stream(n, archive, name, sizeof name), NULL, NULL),
                   NATS_OK);
  *msgs = si->State.Msgs;
  *max_age = si->Config->MaxAge;
  jsStreamInfo_Destroy(si);
  jsCtx_Destroy(js);
  natsConnection_Destroy(nc);
}

static void test_streams_follow_retention_and_patterns(void **state) {
  (void)state;
  char prefix[16];
  evc_bus_t *bus = new_bus(1);
  evc_nats_t *n = attach(bus, prefix, sizeof prefix);
  evc_error_t err;
  assert_int_equal(evc_nats_archive_attach(n, &err), 0);
  put_events(bus, NEVENT);
  uint64_t msgs;
  int64_t max_age;
  stream_state(n, "all", &msgs, &max_age);
  assert_int_equal(msgs, NEVENT);
  assert_int_equal(max_age, 0); /* no RetentionDays: kept forever */
  stream_state(n, "failed-tickets", &msgs, &max_age);
  assert_int_equal(msgs, NEVENT / 10); /* the archive pattern: status failed */
  assert_int_equal(max_age, 7 * NS_PER_DAY);
  assert_int_equal(evc_bus_metrics(bus)->archived_events, NEVENT + NEVENT / 10);
  put_events(bus, 10); /* the same ids re-put get new event ids: archived again */
  stream_state(n, "all", &msgs, &max_age);
  assert_int_equal(msgs, NEVENT + 10);
  evc_nats_detach(n);
  evc_entry_t e = {"app", "done", "{\"id\": 1}", 0, NULL, 0, NULL, NULL, NULL};
  evc_put_result_t res;
  assert_int_equal(evc_put_events(bus, &e, 1, &res, &err), 0); /* in process again: no archive */
  assert_int_equal(res.failed_entry_count, 1);
  assert_non_null(strstr(res.entries[0].error_message, "detached from NATS"));
  evc_bus_free(bus);
}

/* A replay of [BASE+20 s, BASE+60 s) into an in-process bus, `step` events per evc_replay_run. */
static void replay_window(evc_bus_t *source, size_t step, seen_t *s) {
  evc_bus_t *dest = new_bus(0);
  assert_int_equal(evc_bus_bind(dest, "Done", record, s), 1);
  assert_int_equal(evc_bus_bind(dest, "Failed", record, s), 1);
  evc_error_t err;
  assert_int_equal(evc_bus_start(dest, &err), 0);
  evc_replay_config_t rc = {"window", "all", BASE_MS + 20000, BASE_MS + 60000, NULL, 0, dest, 1};
  evc_replay_t *r = evc_replay_start(source, &rc, &err);
  assert_non_null(r);
  s->last_time = INT64_MIN;
  int steps = 0;
  while (evc_replay_state(r) == EVC_REPLAY_STARTING || evc_replay_state(r) == EVC_REPLAY_RUNNING) {
    evc_replay_run(r, step);
    assert_true(++steps < 1000);
  }
  assert_string_equal(evc_replay_state_name(evc_replay_state(r)), "COMPLETED");
  assert_int_equal(evc_replay_count(r), 120); /* 40 seconds, three events each */
  assert_int_equal(evc_replay_last_replayed_ms(r), BASE_MS + 59000);
  evc_replay_free(r);
  evc_bus_free(dest);
}

static void test_replay_by_event_time_in_order(void **state) {
  (void)state;
  char prefix[16];
  evc_bus_t *bus = new_bus(1);
  evc_nats_t *n = attach(bus, prefix, sizeof prefix);
  evc_error_t err;
  assert_int_equal(evc_nats_archive_attach(n, &err), 0);
  put_events(bus, NEVENT);
  size_t steps[] = {1000, 7};
  for (size_t i = 0; i < 2; i++) {
    seen_t s;
    memset(&s, 0, sizeof s);
    replay_window(bus, steps[i], &s);
    /* Done gets all 120, Failed the 12 failed ones among them */
    assert_int_equal(s.count, 120 + 12);
    assert_int_equal(s.out_of_order, 0);
    assert_int_equal(s.without_replay_name, 0);
    assert_int_equal(s.duplicates, 12);
  }
  uint64_t msgs;
  int64_t max_age;
  stream_state(n, "all", &msgs, &max_age);
  assert_int_equal(msgs, NEVENT); /* replayed events are not archived */
  evc_nats_detach(n);
  evc_bus_free(bus);
}

/* The destination is the attached bus itself: replayed events go to its stream, a worker gets them. */
static void test_replay_into_attached_bus_reaches_workers(void **state) {
  (void)state;
  char prefix[16];
  seen_t s;
  memset(&s, 0, sizeof s);
  evc_bus_t *bus = new_bus(1);
  evc_nats_t *n = attach(bus, prefix, sizeof prefix);
  evc_error_t err;
  assert_int_equal(evc_nats_archive_attach(n, &err), 0);
  put_events(bus, 30);
  evc_bus_t *worker = new_bus(1);
  assert_int_equal(evc_bus_bind(worker, "Failed", record, &s), 1);
  evc_nats_t *wn = nt_attach(worker, url, prefix, 64);
  size_t joined, handled;
  assert_int_equal(evc_nats_join(wn, &joined, &err), 0);
  for (double end = nt_now_s() + 10; s.count < 3 && nt_now_s() < end;)
    assert_int_equal(evc_nats_run(wn, 200, &handled, &err), 0);
  assert_int_equal(s.count, 3); /* ids 0, 10, 20 */
  assert_int_equal(s.without_replay_name, 3);
  memset(&s, 0, sizeof s);
  const char *only[] = {"failed"};
  evc_replay_config_t rc = {"again", "failed-tickets", BASE_MS, BASE_MS + 100000, only, 1, NULL, 0};
  evc_replay_t *r = evc_replay_start(bus, &rc, &err);
  assert_non_null(r);
  assert_int_equal(evc_replay_run(r, 100), 3);
  assert_string_equal(evc_replay_state_name(evc_replay_state(r)), "COMPLETED");
  for (double end = nt_now_s() + 10; s.count < 3 && nt_now_s() < end;)
    assert_int_equal(evc_nats_run(wn, 200, &handled, &err), 0);
  assert_int_equal(s.count, 3);
  assert_int_equal(s.without_replay_name, 0);
  assert_int_equal(s.duplicates, 0);
  uint64_t msgs;
  int64_t max_age;
  stream_state(n, "failed-tickets", &msgs, &max_age);
  assert_int_equal(msgs, 3);
  evc_replay_free(r);
  evc_nats_detach(wn);
  evc_nats_detach(n);
  evc_bus_free(worker);
  evc_bus_free(bus);
}

static void test_without_a_store_entries_fail(void **state) {
  (void)state;
  char prefix[16];
  evc_bus_t *bus = new_bus(1);
  evc_nats_t *n = attach(bus, prefix, sizeof prefix);
  evc_entry_t e = {"app", "done", "{\"id\": 1}", 0, NULL, 0, NULL, NULL, NULL};
  evc_put_result_t res;
  evc_error_t err;
  assert_int_equal(evc_put_events(bus, &e, 1, &res, &err), 0);
  assert_int_equal(res.failed_entry_count, 1);
  assert_string_equal(res.entries[0].error_code, "InternalException");
  assert_non_null(strstr(res.entries[0].error_message, "no archive store is attached"));
  evc_replay_config_t rc = {"r", "all", 0, 1, NULL, 0, NULL, 0};
  assert_null(evc_replay_start(bus, &rc, &err));
  assert_non_null(strstr(err.message, "no database or store"));
  evc_nats_detach(n);
  evc_bus_free(bus);
  evc_bus_config_t c;
  memset(&c, 0, sizeof c);
  c.archive_external = 1;
  c.archive_db = "/nonexistent/a.db";
  assert_null(evc_bus_new(&arch_bus, &c, &err));
  assert_non_null(strstr(err.message, "exclusive"));
}

int main(void) {
  int rc = nt_server_start(url, sizeof url);
  if (rc != 0) return rc == SKIP_EXIT ? SKIP_EXIT : 1;
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_streams_follow_retention_and_patterns),
      cmocka_unit_test(test_replay_by_event_time_in_order),
      cmocka_unit_test(test_replay_into_attached_bus_reaches_workers),
      cmocka_unit_test(test_without_a_store_entries_fail),
  };
  rc = cmocka_run_group_tests(tests, NULL, NULL);
  nt_server_stop();
  return rc;
}
