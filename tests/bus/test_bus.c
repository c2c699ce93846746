/* Runtime bus tests on hand-written tables: PutEvents validation, binding, retries, DLQ, metrics. */
#include "hand_bus.h"

#include "eventc/scan.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* What the callbacks saw. */
typedef struct seen {
  int calls[3];            /* Notify, Audit, Ops */
  evc_outcome_t script[3]; /* what each returns */
  char last_payload[4096];
  char last_trace[128];
  int dlq, drops;
  evc_dead_letter_t last_dl;
  char dl_code[64], dl_cond[64];
} seen_t;

static evc_outcome_t cb(seen_t *s, int which, const evc_delivery_t *d, evc_failure_t *f) {
  s->calls[which]++;
  snprintf(s->last_payload, sizeof s->last_payload, "%.*s", (int)d->payload_len, d->payload);
  snprintf(s->last_trace, sizeof s->last_trace, "%s", d->trace_id);
  if (s->script[which] == EVC_DELIVERED) return EVC_DELIVERED;
  return evc_failure_set(f, s->script[which], s->script[which] == EVC_RETRY ? "THROTTLING" : "NO_PERMISSIONS",
                         "attempt %u failed", d->attempt);
}

static evc_outcome_t notify_cb(void *ud, const evc_delivery_t *d, evc_failure_t *f) { return cb(ud, 0, d, f); }
static evc_outcome_t audit_cb(void *ud, const evc_delivery_t *d, evc_failure_t *f) { return cb(ud, 1, d, f); }
static evc_outcome_t ops_cb(void *ud, const evc_delivery_t *d, evc_failure_t *f) { return cb(ud, 2, d, f); }

static void record_dl(seen_t *s, const evc_dead_letter_t *dl) {
  s->last_dl = *dl;
  snprintf(s->dl_code, sizeof s->dl_code, "%s", dl->error_code);
  snprintf(s->dl_cond, sizeof s->dl_cond, "%s", dl->exhausted_retry_condition);
}

static void dlq_cb(void *ud, const evc_dead_letter_t *dl) {
  seen_t *s = ud;
  s->dlq++;
  record_dl(s, dl);
}

static void drop_cb(void *ud, const evc_dead_letter_t *dl) {
  seen_t *s = ud;
  s->drops++;
  record_dl(s, dl);
}

typedef struct fixture {
  evc_vclock_t clock;
  seen_t seen;
  evc_bus_t *bus;
} fixture_t;

static int setup(void **state) {
  fixture_t *fx = calloc(1, sizeof *fx);
  fx->clock.now_ms = 1763461800000; /* 2025-11-18T10:30:00Z */
  evc_bus_config_t cfg = {.account = "111111111111", .region = "eu-west-1", .clock = evc_clock_virtual(&fx->clock),
                          .seed = 42, .backoff_base_ms = 1000, .backoff_max_ms = 60000, .on_drop = drop_cb,
                          .drop_ud = &fx->seen};
  evc_error_t err;
  fx->bus = evc_bus_new(&hand_bus, &cfg, &err);
  assert_non_null(fx->bus);
  assert_int_equal(evc_bus_bind(fx->bus, "NotifyFunction", notify_cb, &fx->seen), 1);
  assert_int_equal(evc_bus_bind(fx->bus, "Audit", audit_cb, &fx->seen), 1);
  assert_int_equal(evc_bus_bind(fx->bus, "OpsFunction.Arn", ops_cb, &fx->seen), 1);
  assert_int_equal(evc_bus_bind_dlq(fx->bus, "EventDLQ", dlq_cb, &fx->seen), 1);
  assert_int_equal(evc_bus_start(fx->bus, &err), 0);
  *state = fx;
  return 0;
}

static int teardown(void **state) {
  fixture_t *fx = *state;
  evc_bus_free(fx->bus);
  free(fx);
  return 0;
}

static evc_entry_t entry(const char *detail) {
  evc_entry_t e = {"ai-support.ticket-processing", "ticket.completed", detail, 0, NULL, 0, NULL, NULL, NULL};
  return e;
}

static void put1(fixture_t *fx, const evc_entry_t *e, evc_put_result_t *res) {
  evc_error_t err;
  assert_int_equal(evc_put_events(fx->bus, e, 1, res, &err), 0);
}

static void test_unbound_reported_at_start(void **state) {
  (void)state;
  evc_error_t err;
  evc_bus_t *bus = evc_bus_new(&hand_bus, NULL, &err);
  assert_non_null(bus);
  evc_bus_bind(bus, "Notify", notify_cb, NULL);
  assert_int_equal(evc_bus_unbound(bus, NULL, NULL), 3); /* Audit, Ops, the DLQ */
  assert_int_equal(evc_bus_start(bus, &err), EVC_E_INVALID_ARGUMENT);
  assert_non_null(strstr(err.message, "target Audit of rule all"));
  assert_non_null(strstr(err.message, "dead-letter queue EventDLQ"));
  evc_put_result_t res;
  evc_entry_t e = entry("{}");
  assert_int_equal(evc_put_events(bus, &e, 1, &res, &err), EVC_E_INVALID_ARGUMENT);
  evc_bus_free(bus);
}

static void test_abi_mismatch_refused(void **state) {
  (void)state;
  evc_bus_def_t def = hand_bus;
  def.abi = EVC_ABI_VERSION + 1;
  evc_error_t err;
  assert_null(evc_bus_new(&def, NULL, &err));
  assert_int_equal(err.code, EVC_E_INVALID_ARGUMENT);
}

static void expect_entry_error(fixture_t *fx, evc_entry_t e, const char *code, const char *msg) {
  evc_put_result_t res;
  put1(fx, &e, &res);
  assert_int_equal(res.failed_entry_count, 1);
  assert_string_equal(res.entries[0].error_code, code);
  assert_string_equal(res.entries[0].error_message, msg);
}

static void test_put_events_entry_messages(void **state) {
  fixture_t *fx = *state;
  evc_entry_t e = entry("{}");
  e.source = NULL;
  expect_entry_error(fx, e, "InvalidArgument", "Parameter Source is not valid. Reason: Source is a required argument.");
  e = entry("{}");
  e.detail_type = "";
  expect_entry_error(fx, e, "InvalidArgument", "Parameter DetailType is not valid. Reason: DetailType is a required argument.");
  e = entry(NULL);
  expect_entry_error(fx, e, "InvalidArgument", "Parameter Detail is not valid. Reason: Detail is a required argument.");
  const char *malformed[] = {"NotJSON", "[]", "{{}", "\"NotJSON\"", "{\"a\":1} x", "{\"a\":\"\xff\"}"};
  for (size_t i = 0; i < sizeof malformed / sizeof malformed[0]; i++)
    expect_entry_error(fx, entry(malformed[i]), "MalformedDetail", "Detail is malformed.");
  assert_int_equal(fx->seen.calls[0] + fx->seen.calls[1] + fx->seen.calls[2], 0);
}

/* The depth policy: a detail nested EVC_DETAIL_MAX_DEPTH deep is delivered, one level more is malformed. */
static void test_detail_depth_limit(void **state) {
  fixture_t *fx = *state;
  char *detail = malloc(8 * EVC_MAX_DEPTH);
  assert_non_null(detail);
  for (unsigned levels = EVC_DETAIL_MAX_DEPTH; levels <= EVC_DETAIL_MAX_DEPTH + 1; levels++) {
    size_t n = 0;
    for (unsigned i = 0; i < levels; i++) n += (size_t)sprintf(detail + n, i % 2 ? "[" : "{\"a\":");
    detail[n++] = '1';
    for (unsigned i = levels; i-- > 0;) detail[n++] = i % 2 ? ']' : '}';
    detail[n] = '\0';
    if (levels > EVC_DETAIL_MAX_DEPTH) {
      expect_entry_error(fx, entry(detail), "MalformedDetail", "Detail is malformed.");
      continue;
    }
    evc_put_result_t res;
    evc_entry_t e = entry(detail);
    put1(fx, &e, &res);
    assert_int_equal(res.failed_entry_count, 0);
  }
  free(detail);
}

static void test_event_bus_name_and_time(void **state) {
  fixture_t *fx = *state;
  evc_entry_t e = entry("{}");
  e.event_bus_name = "other-bus";
  expect_entry_error(fx, e, "ResourceNotFoundException", "Event bus other-bus does not exist.");
  e.event_bus_name = "arn:aws:events:eu-west-1:111111111111:event-bus/support";
  e.time = "18/11/2025";
  expect_entry_error(fx, e, "InvalidArgument", "Parameter Time is not valid. Reason: Time must be an RFC 3339 timestamp.");
  e.time = "2025-11-18T10:30:00.250+01:00";
  evc_put_result_t res;
  put1(fx, &e, &res);
  assert_int_equal(res.failed_entry_count, 0);
  assert_non_null(strstr(fx->seen.last_payload, "\"time\":\"2025-11-18T09:30:00Z\"")); /* in UTC */
  e.time = "2025-02-29T10:30:00Z"; /* not a leap year */
  expect_entry_error(fx, e, "InvalidArgument", "Parameter Time is not valid. Reason: Time must be an RFC 3339 timestamp.");
}

static void test_put_events_request_limits(void **state) {
  fixture_t *fx = *state;
  evc_entry_t es[11];
  for (int i = 0; i < 11; i++) es[i] = entry("{}");
  evc_put_result_t res;
  evc_error_t err;
  assert_int_equal(evc_put_events(fx->bus, es, 11, &res, &err), EVC_E_INVALID_ARGUMENT);
  assert_non_null(strstr(err.message, "Member must have length less than or equal to 10"));
  assert_int_equal(evc_put_events(fx->bus, es, 0, &res, &err), EVC_E_INVALID_ARGUMENT);
  /* LocalStack's test_put_event_with_too_big_detail, recorded on AWS (§1.3). */
  size_t n = 256 * 1024 - 17;
  char *big = malloc(n + 32);
  strcpy(big, "{\"payload\": [\"");
  memset(big + 14, 'p', n);
  strcpy(big + 14 + n, "\"]}");
  es[0] = entry(big);
  assert_int_equal(evc_put_events(fx->bus, es, 1, &res, &err), EVC_E_INVALID_ARGUMENT);
  assert_string_equal(err.message, "Total size of the entries in the request is over the limit.");
  free(big);
  assert_int_equal(fx->seen.calls[0], 0);
}

static void test_mixed_batch_counts_failures(void **state) {
  fixture_t *fx = *state;
  evc_entry_t es[3] = {entry("{\"a\":1}"), entry("[1]"), entry("{\"tier\":\"gold\"}")};
  evc_put_result_t res;
  evc_error_t err;
  assert_int_equal(evc_put_events(fx->bus, es, 3, &res, &err), 0);
  assert_int_equal(res.nentry, 3);
  assert_int_equal(res.failed_entry_count, 1);
  assert_null(res.entries[0].error_code);
  assert_string_equal(res.entries[1].error_code, "MalformedDetail");
  assert_int_equal(strlen(res.entries[2].event_id), 36);
  assert_int_equal(fx->seen.calls[0], 2);
  assert_int_equal(fx->seen.calls[2], 1); /* only the gold event */
  assert_int_equal(evc_bus_metrics(fx->bus)->put_events_entries, 2);
  assert_int_equal(evc_bus_metrics(fx->bus)->put_events_failed_entries, 1);
}

static void test_envelope_fields(void **state) {
  fixture_t *fx = *state;
  const char *res_list[] = {"arn:aws:dynamodb:us-east-1:123456789012:table/tickets"};
  evc_entry_t e = entry("{\"x\": \"q\\\"uote\"}");
  e.resources = res_list;
  e.nresource = 1;
  e.time = "2025-11-18T10:30:00Z";
  e.source = "a\"b\x01";
  evc_put_result_t res;
  put1(fx, &e, &res);
  const char *id = res.entries[0].event_id;
  assert_int_equal(id[14], '4'); /* version 4 */
  assert_true(strchr("89ab", id[19]) != NULL);
  char want[1024];
  snprintf(want, sizeof want,
           "{\"version\":\"0\",\"id\":\"%s\",\"detail-type\":\"ticket.completed\",\"source\":\"a\\\"b\\u0001\","
           "\"account\":\"111111111111\",\"time\":\"2025-11-18T10:30:00Z\",\"region\":\"eu-west-1\","
           "\"resources\":[\"arn:aws:dynamodb:us-east-1:123456789012:table/tickets\"],"
           "\"detail\":{\"x\": \"q\\\"uote\"}}",
           id);
  assert_string_equal(fx->seen.last_payload, want);
  assert_string_equal(fx->seen.last_trace, id); /* no TraceHeader: the event id */
}

static void test_trace_header_reaches_every_delivery(void **state) {
  fixture_t *fx = *state;
  evc_entry_t e = entry("{\"tier\":\"gold\"}");
  e.trace_header = "Root=1-5759e988-bd862e3fe1be46a994272793";
  fx->seen.script[2] = EVC_RETRY;
  evc_put_result_t res;
  put1(fx, &e, &res);
  assert_string_equal(fx->seen.last_trace, e.trace_header);
  fx->seen.script[2] = EVC_DELIVERED;
  fx->seen.last_trace[0] = '\0';
  fx->clock.now_ms += 60000;
  assert_int_equal(evc_bus_run_due(fx->bus), 1);
  assert_string_equal(fx->seen.last_trace, e.trace_header);
}

static void test_retries_exhausted_to_dlq(void **state) {
  fixture_t *fx = *state;
  fx->seen.script[0] = EVC_RETRY; /* Notify: MaximumRetryAttempts 2, DLQ */
  evc_put_result_t res;
  evc_entry_t e = entry("{}");
  put1(fx, &e, &res);
  assert_int_equal(evc_bus_pending(fx->bus), 1);
  int64_t due, prev = fx->clock.now_ms;
  while (evc_bus_next_due(fx->bus, &due)) {
    assert_true(due > prev); /* backoff moves forward in virtual time */
    fx->clock.now_ms = prev = due;
    evc_bus_run_due(fx->bus);
  }
  assert_int_equal(fx->seen.calls[0], 3); /* first attempt + 2 retries */
  assert_int_equal(fx->seen.dlq, 1);
  assert_string_equal(fx->seen.dl_cond, "MaximumRetryAttempts");
  assert_string_equal(fx->seen.dl_code, "THROTTLING");
  assert_int_equal(fx->seen.last_dl.retry_attempts, 2);
  assert_string_equal(fx->seen.last_dl.rule_arn, "arn:aws:events:eu-west-1:111111111111:rule/support/all");
  assert_string_equal(evc_bus_rule_arn(fx->bus, 0), fx->seen.last_dl.rule_arn);
  assert_string_equal(fx->seen.last_dl.target_arn, "NotifyFunction.Arn");
  const evc_target_metrics_t *m = evc_bus_target_metrics(fx->bus, 0, 0);
  assert_int_equal(m->invocations, 1);
  assert_int_equal(m->failed_invocations, 1);
  assert_int_equal(m->invocations_sent_to_dlq, 1);
  assert_int_equal(m->retry_invocation_attempts, 2);
}

static void test_permanent_failure_skips_retries(void **state) {
  fixture_t *fx = *state;
  fx->seen.script[0] = EVC_FAILED;
  evc_put_result_t res;
  evc_entry_t e = entry("{}");
  put1(fx, &e, &res);
  assert_int_equal(evc_bus_pending(fx->bus), 0);
  assert_int_equal(fx->seen.calls[0], 1);
  assert_int_equal(fx->seen.dlq, 1);
  assert_string_equal(fx->seen.dl_cond, "");
  assert_string_equal(fx->seen.dl_code, "NO_PERMISSIONS");
  assert_int_equal(fx->seen.last_dl.retry_attempts, 0);
}

static void test_zero_retries_and_drop_hook(void **state) {
  fixture_t *fx = *state;
  fx->seen.script[1] = EVC_RETRY; /* Audit: MaximumRetryAttempts 0, no DLQ */
  evc_put_result_t res;
  evc_entry_t e = entry("{}");
  put1(fx, &e, &res);
  assert_int_equal(fx->seen.drops, 1);
  assert_null(fx->seen.last_dl.dlq_arn);
  assert_string_equal(fx->seen.dl_cond, "MaximumRetryAttempts");
  assert_int_equal(evc_bus_target_metrics(fx->bus, 0, 1)->invocations_dropped, 1);
}

static void test_event_age_exhausts(void **state) {
  fixture_t *fx = *state;
  /* Delays up to an hour: the 24 h age runs out long before 185 retries. */
  evc_bus_config_t cfg = {.clock = evc_clock_virtual(&fx->clock), .seed = 7, .backoff_base_ms = 1000,
                          .backoff_max_ms = 3600000, .on_drop = drop_cb, .drop_ud = &fx->seen};
  evc_error_t err;
  evc_bus_t *bus = evc_bus_new(&hand_bus, &cfg, &err);
  evc_bus_bind(bus, "NotifyFunction", notify_cb, &fx->seen);
  evc_bus_bind(bus, "Audit", audit_cb, &fx->seen);
  evc_bus_bind(bus, "OpsFunction", ops_cb, &fx->seen);
  evc_bus_bind_dlq(bus, "EventDLQ.Arn", dlq_cb, &fx->seen);
  assert_int_equal(evc_bus_start(bus, &err), 0);
  fx->seen.script[2] = EVC_RETRY; /* Ops: 185 retries, 86400 s, no DLQ */
  evc_put_result_t res;
  evc_entry_t e = entry("{\"tier\":\"gold\"}");
  int64_t start = fx->clock.now_ms, due;
  assert_int_equal(evc_put_events(bus, &e, 1, &res, &err), 0);
  while (evc_bus_next_due(bus, &due)) {
    fx->clock.now_ms = due;
    evc_bus_run_due(bus);
  }
  assert_int_equal(fx->seen.drops, 1);
  assert_string_equal(fx->seen.dl_cond, "MaximumEventAgeInSeconds");
  assert_int_equal(fx->clock.now_ms - start, 86400 * 1000); /* ends exactly at the age limit */
  assert_true(fx->seen.last_dl.retry_attempts < 185);
  assert_int_equal(fx->seen.calls[2], (int)fx->seen.last_dl.retry_attempts + 1);
  evc_bus_free(bus);
}

static void test_pending_reported_on_free(void **state) {
  fixture_t *fx = *state;
  fx->seen.script[2] = EVC_RETRY;
  evc_put_result_t res;
  evc_entry_t e = entry("{\"tier\":\"gold\"}");
  put1(fx, &e, &res);
  assert_int_equal(evc_bus_pending(fx->bus), 1);
  evc_bus_free(fx->bus);
  fx->bus = NULL;
  assert_int_equal(fx->seen.drops, 1);
  assert_string_equal(fx->seen.dl_code, "BusShutdown");
}

static void test_metrics_json(void **state) {
  fixture_t *fx = *state;
  evc_put_result_t res;
  evc_entry_t e = entry("{\"tier\":\"gold\"}");
  put1(fx, &e, &res);
  char json[2048];
  size_t n = evc_bus_metrics_json(fx->bus, json, sizeof json);
  assert_int_equal(n, strlen(json));
  assert_non_null(strstr(json, "{\"RuleName\":\"gold\",\"MatchedEvents\":1,\"TriggeredRules\":1,"
                               "\"Targets\":[{\"Target\":\"Ops\",\"Invocations\":1,\"FailedInvocations\":0,"));
  char small[16];
  assert_int_equal(evc_bus_metrics_json(fx->bus, small, sizeof small), n);
  assert_int_equal(strlen(small), sizeof small - 1);
}

/* Invalid UTF-8 in the entry's strings becomes U+FFFD in the envelope, byte by byte; valid sequences stay. */
static void test_envelope_replaces_invalid_utf8(void **state) {
  fixture_t *fx = *state;
  evc_put_result_t res;
  evc_entry_t e = entry("{\"tier\":\"gold\"}");
  e.detail_type = "a\xff|\xc3\xa9|\xed\xa0\x80|\xf0\x9f\x98\x80|\xc0\xaf|\xe2\x82";
  put1(fx, &e, &res);
  assert_int_equal(fx->seen.calls[2], 1);
  assert_non_null(strstr(fx->seen.last_payload, "\"detail-type\":\"a\\ufffd|\xc3\xa9|\\ufffd\\ufffd\\ufffd|"
                                                 "\xf0\x9f\x98\x80|\\ufffd\\ufffd|\\ufffd\\ufffd\""));
}

static void test_idempotency_window(void **state) {
  (void)state;
  evc_idem_t *w = evc_idem_new(3);
  assert_int_equal(evc_idem_seen(w, "a"), 0);
  assert_int_equal(evc_idem_seen(w, "b"), 0);
  assert_int_equal(evc_idem_seen(w, "a"), 1);
  assert_int_equal(evc_idem_seen(w, "c"), 0);
  assert_int_equal(evc_idem_seen(w, "d"), 0); /* evicts "a" */
  assert_int_equal(evc_idem_seen(w, "b"), 1);
  assert_int_equal(evc_idem_seen(w, "a"), 0);
  char id[16];
  for (int i = 0; i < 1000; i++) {
    snprintf(id, sizeof id, "id-%d", i);
    assert_int_equal(evc_idem_seen(w, id), 0);
    assert_int_equal(evc_idem_seen(w, id), 1);
  }
  evc_idem_free(w);
}

static void expect_val(evc_jval_t v, evc_xtype_t type, const char *text) {
  assert_int_equal(v.type, type);
  if (text) {
    assert_int_equal(v.len, strlen(text));
    assert_memory_equal(v.text, text, v.len);
  }
}

static void test_locate_paths_in_one_pass(void **state) {
  (void)state;
  const char *json = "{\"a\": {\"b\": 1}, \"a\": {\"c\": [2]}, \"arr\": [10, {\"k\": \"v\"}], \"s\": \"x\\\"y\"}";
  static const evc_path_step_t ab[] = {{"a", 1, 0}, {"b", 1, 0}}, ac[] = {{"a", 1, 0}, {"c", 1, 0}},
                               ac0[] = {{"a", 1, 0}, {"c", 1, 0}, {NULL, 0, 0}},
                               arr1k[] = {{"arr", 3, 0}, {NULL, 0, 1}, {"k", 1, 0}},
                               arr5[] = {{"arr", 3, 0}, {NULL, 0, 5}}, s[] = {{"s", 1, 0}},
                               sx[] = {{"s", 1, 0}, {"x", 1, 0}};
  const evc_path_t paths[] = {{ab, 2}, {ac, 2}, {ac0, 3}, {arr1k, 3}, {arr5, 2}, {s, 1}, {sx, 2}, {NULL, 0}};
  evc_jval_t v[8];
  evc_json_locate_all(json, strlen(json), paths, 8, v);
  expect_val(v[0], EVC_X_MISSING, NULL); /* the last "a" wins */
  expect_val(v[1], EVC_X_ARRAY, "[2]");
  expect_val(v[2], EVC_X_NUMBER, "2");
  expect_val(v[3], EVC_X_STRING, "\"v\"");
  expect_val(v[4], EVC_X_MISSING, NULL);
  expect_val(v[5], EVC_X_STRING, "\"x\\\"y\"");
  expect_val(v[6], EVC_X_MISSING, NULL);
  expect_val(v[7], EVC_X_OBJECT, json);
  evc_json_locate_all("{\"s\": tru}", 11, paths + 5, 1, v);
  expect_val(v[0], EVC_X_MISSING, NULL); /* not JSON: nothing found */
}

static void test_time_format(void **state) {
  (void)state;
  char t[21];
  evc_format_time(1763461800000, t);
  assert_string_equal(t, "2025-11-18T10:30:00Z");
  evc_format_time(951782400000, t); /* leap day */
  assert_string_equal(t, "2000-02-29T00:00:00Z");
  evc_format_time(0, t);
  assert_string_equal(t, "1970-01-01T00:00:00Z");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_unbound_reported_at_start),
      cmocka_unit_test(test_abi_mismatch_refused),
      cmocka_unit_test_setup_teardown(test_put_events_entry_messages, setup, teardown),
      cmocka_unit_test_setup_teardown(test_put_events_request_limits, setup, teardown),
      cmocka_unit_test_setup_teardown(test_detail_depth_limit, setup, teardown),
      cmocka_unit_test_setup_teardown(test_event_bus_name_and_time, setup, teardown),
      cmocka_unit_test_setup_teardown(test_mixed_batch_counts_failures, setup, teardown),
      cmocka_unit_test_setup_teardown(test_envelope_fields, setup, teardown),
      cmocka_unit_test_setup_teardown(test_trace_header_reaches_every_delivery, setup, teardown),
      cmocka_unit_test_setup_teardown(test_retries_exhausted_to_dlq, setup, teardown),
      cmocka_unit_test_setup_teardown(test_permanent_failure_skips_retries, setup, teardown),
      cmocka_unit_test_setup_teardown(test_zero_retries_and_drop_hook, setup, teardown),
      cmocka_unit_test_setup_teardown(test_event_age_exhausts, setup, teardown),
      cmocka_unit_test_setup_teardown(test_pending_reported_on_free, setup, teardown),
      cmocka_unit_test_setup_teardown(test_metrics_json, setup, teardown),
      cmocka_unit_test_setup_teardown(test_envelope_replaces_invalid_utf8, setup, teardown),
      cmocka_unit_test(test_idempotency_window),
      cmocka_unit_test(test_time_format),
      cmocka_unit_test(test_locate_paths_in_one_pass),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
