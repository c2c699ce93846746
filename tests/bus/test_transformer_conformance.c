/* The AWS-recorded InputPath/InputTransformer cases, run through eventc-generated target code. */
#include "conf_cases.h"
#include "conf_rules.h"

#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

typedef struct capture {
  int delivered, dead;
  char payload[8192];
  char dead_code[64];
} capture_t;

static evc_outcome_t on_target(void *ud, const evc_delivery_t *d, evc_failure_t *f) {
  (void)f;
  capture_t *c = ud;
  c->delivered++;
  snprintf(c->payload, sizeof c->payload, "%.*s", (int)d->payload_len, d->payload);
  return EVC_DELIVERED;
}

static void on_dead(void *ud, const evc_dead_letter_t *dl) {
  capture_t *c = ud;
  c->dead++;
  snprintf(c->dead_code, sizeof c->dead_code, "%s", dl->error_code);
}

/* The recorded body with "@ID@" (a snapshot's <uuid>) replaced by this event's id. */
static void expected_body(const char *body, const char *id, char *out, size_t cap) {
  size_t o = 0;
  for (const char *p = body; *p && o + 40 < cap;) {
    if (strncmp(p, "@ID@", 4) == 0) {
      o += (size_t)snprintf(out + o, cap - o, "%s", id);
      p += 4;
    } else {
      out[o++] = *p++;
    }
  }
  out[o] = '\0';
}

static int same_body(const struct transformer_case *k, const char *want, const char *got) {
  if (!k->body_is_json) return strcmp(want, got) == 0; /* string bodies: byte for byte */
  json_t *a = json_loads(want, JSON_DECODE_ANY, NULL), *b = json_loads(got, JSON_DECODE_ANY, NULL);
  int same = a && b && json_equal(a, b);
  json_decref(a);
  json_decref(b);
  return same;
}

/* One case; returns 1 when the generated code reproduces what AWS delivered. */
static int run_case(evc_bus_t *bus, capture_t *c, const struct transformer_case *k) {
  memset(c, 0, sizeof *c);
  evc_entry_t e = {k->source, k->detail_type, k->detail, 0, NULL, 0, CASE_TIME, NULL, NULL};
  evc_put_result_t res;
  evc_error_t err;
  if (evc_put_events(bus, &e, 1, &res, &err) != 0 || res.failed_entry_count) return 0;
  if (!k->body) {
    /* AWS delivered nothing; eventc sends the event to the dead-letter sink instead (§11.4). */
    int ok = c->delivered == 0 && c->dead == 1 && strcmp(c->dead_code, "TransformFailed") == 0;
    printf("%s %s: not delivered, dead letter %s\n", ok ? "ok  " : "FAIL", k->name, c->dead_code);
    return ok;
  }
  char want[8192];
  expected_body(k->body, res.entries[0].event_id, want, sizeof want);
  int ok = c->delivered == 1 && same_body(k, want, c->payload);
  printf("%s %s\n", ok ? "ok  " : "FAIL", k->name);
  if (!ok) printf("  want %s\n  got  %s\n", want, c->payload);
  return ok;
}

static void test_recorded_cases(void **state) {
  (void)state;
  evc_vclock_t clock = {1763461800000}; /* CASE_TIME: ingestion time equals the event time */
  capture_t c;
  evc_bus_config_t cfg = {.account = CASE_ACCOUNT, .region = CASE_REGION, .clock = evc_clock_virtual(&clock),
                          .seed = 1, .on_drop = on_dead, .drop_ud = &c};
  evc_error_t err;
  evc_bus_t *bus = evc_bus_new(&conf_bus, &cfg, &err);
  assert_non_null(bus);
  assert_int_equal(evc_bus_bind(bus, "t", on_target, &c), sizeof cases / sizeof cases[0]);
  assert_int_equal(evc_bus_start(bus, &err), 0);
  size_t passed = 0, n = sizeof cases / sizeof cases[0];
  for (size_t i = 0; i < n; i++) passed += (size_t)run_case(bus, &c, &cases[i]);
  printf("# %zu/%zu recorded cases reproduced\n", passed, n);
  evc_bus_free(bus);
  assert_int_equal(passed, n);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_recorded_cases)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
