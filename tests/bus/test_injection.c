/* Injection test: hostile event strings through generated transformers never break the JSON or add keys. */
#include "inject_rules.h"

#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

typedef struct capture {
  char json[65536], text[65536], path[65536], constant[256];
  int delivered, dead;
} capture_t;

static void keep(char *dst, const evc_delivery_t *d) {
  memcpy(dst, d->payload, d->payload_len);
  dst[d->payload_len] = '\0';
}

static evc_outcome_t on_json(void *ud, const evc_delivery_t *d, evc_failure_t *f) {
  (void)f;
  keep(((capture_t *)ud)->json, d);
  ((capture_t *)ud)->delivered++;
  return EVC_DELIVERED;
}

static evc_outcome_t on_text(void *ud, const evc_delivery_t *d, evc_failure_t *f) {
  (void)f;
  keep(((capture_t *)ud)->text, d);
  ((capture_t *)ud)->delivered++;
  return EVC_DELIVERED;
}

static evc_outcome_t on_path(void *ud, const evc_delivery_t *d, evc_failure_t *f) {
  (void)f;
  keep(((capture_t *)ud)->path, d);
  ((capture_t *)ud)->delivered++;
  return EVC_DELIVERED;
}

static evc_outcome_t on_constant(void *ud, const evc_delivery_t *d, evc_failure_t *f) {
  (void)f;
  keep(((capture_t *)ud)->constant, d);
  ((capture_t *)ud)->delivered++;
  return EVC_DELIVERED;
}

static void on_drop(void *ud, const evc_dead_letter_t *dl) {
  (void)dl;
  ((capture_t *)ud)->dead++;
}

typedef struct fixture {
  evc_bus_t *bus;
  capture_t cap;
} fixture_t;

static int setup(void **state) {
  fixture_t *fx = calloc(1, sizeof *fx);
  evc_bus_config_t cfg = {.seed = 3, .on_drop = on_drop, .drop_ud = &fx->cap};
  evc_error_t err;
  fx->bus = evc_bus_new(&inject_bus, &cfg, &err);
  assert_non_null(fx->bus);
  assert_int_equal(evc_bus_bind(fx->bus, "JsonFunction", on_json, &fx->cap), 1);
  assert_int_equal(evc_bus_bind(fx->bus, "TextFunction", on_text, &fx->cap), 1);
  assert_int_equal(evc_bus_bind(fx->bus, "PathFunction", on_path, &fx->cap), 1);
  assert_int_equal(evc_bus_bind(fx->bus, "Constant", on_constant, &fx->cap), 1);
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

static int put(fixture_t *fx, const char *detail) {
  memset(&fx->cap, 0, sizeof fx->cap);
  evc_entry_t e = {"inject", "hostile", detail, 0, NULL, 0, NULL, NULL, NULL};
  evc_put_result_t res;
  evc_error_t err;
  assert_int_equal(evc_put_events(fx->bus, &e, 1, &res, &err), 0);
  return (int)res.failed_entry_count;
}

static void check_json_payload(const char *payload, const char *s, json_t *obj, json_t *list) {
  json_error_t je;
  json_t *v = json_loads(payload, 0, &je);
  if (!v) fail_msg("invalid JSON (%s): %s", je.text, payload);
  assert_int_equal(json_object_size(v), 7); /* no key injected */
  char want[8192];
  snprintf(want, sizeof want, "user %s here", s);
  assert_string_equal(json_string_value(json_object_get(v, "quoted")), want);
  assert_string_equal(json_string_value(json_object_get(v, "bare")), s);
  assert_true(json_equal(json_object_get(v, "obj"), obj));
  assert_true(json_equal(json_object_get(v, "list"), list));
  assert_string_equal(json_string_value(json_object_get(v, "missing")), "");
  assert_string_equal(json_string_value(json_object_get(v, "quoted_missing")), "");
  assert_string_equal(json_string_value(json_object_get(v, "rule")), "inject-rule");
  json_decref(v);
}

static void check_text_payload(const char *payload, const char *s) {
  json_t *v = json_loads(payload, JSON_DECODE_ANY, NULL);
  if (!v || !json_is_string(v)) fail_msg("not one JSON string: %s", payload);
  char want[8192];
  snprintf(want, sizeof want, "name=%s obj={", s);
  assert_int_equal(strncmp(json_string_value(v), want, strlen(want)), 0);
  json_decref(v);
}

/* Publishes an event whose strings are all `s` and checks the three payloads. */
static void check_string(fixture_t *fx, const char *s, size_t flags) {
  json_t *obj = json_pack("{s:s, s:s, s:[s]}", "name", s, s, "v\"al", "deep", s);
  json_t *list = json_pack("[s, s]", "first", s);
  json_t *detail = json_pack("{s:s, s:O, s:O}", "name", s, "obj", obj, "list", list);
  char *text = json_dumps(detail, flags);
  assert_int_equal(put(fx, text), 0);
  assert_int_equal(fx->cap.delivered, 4);
  assert_string_equal(fx->cap.constant, "{\"fixed\": \"</script>\", \"n\": 1}"); /* Input: as written */
  check_json_payload(fx->cap.json, s, obj, list);
  check_text_payload(fx->cap.text, s);
  json_t *p = json_loads(fx->cap.path, JSON_DECODE_ANY, NULL);
  assert_non_null(p);
  assert_string_equal(json_string_value(p), s);
  json_decref(p);
  free(text);
  json_decref(detail);
  json_decref(obj);
  json_decref(list);
}

static void test_hostile_strings(void **state) {
  static const char *const hostile[] = {
      "\", \"admin\": true, \"x\": \"", "\\", "\\\"", "\"", "}", "]}", "\x01\x02\n\t\r\x1f",
      "</script><script>alert(1)</script>", "<name> <obj>", "h\xc3\xa9llo \xe2\x9c\x93 \xf0\x9d\x84\x9e",
      "\xe2\x80\xa8\xe2\x80\xa9", "", "{\"a\":1}", "null", "-1e5"};
  for (size_t i = 0; i < sizeof hostile / sizeof hostile[0]; i++) {
    check_string(*state, hostile[i], 0);
    check_string(*state, hostile[i], JSON_ENSURE_ASCII | JSON_COMPACT);
  }
}

/* Random strings over the characters that matter to JSON and to templates. */
static void test_random_strings(void **state) {
  static const char *const atoms[] = {"\"", "\\", "/", "<", ">", "{", "}", "[", "]", ",", ":", " ",
                                      "\x01", "\n", "\x7f", "a", "Z", "0", "\xc3\xa9", "\xe2\x82\xac",
                                      "\xf0\x9f\x98\x80", "'", "$", "\\u0022"};
  unsigned seed = 12345;
  char s[256];
  for (int i = 0; i < 2000; i++) {
    size_t n = 0;
    int len = (int)((seed = seed * 1103515245u + 12345u) >> 16) % 24;
    for (int k = 0; k < len; k++) {
      const char *a = atoms[((seed = seed * 1103515245u + 12345u) >> 16) % (sizeof atoms / sizeof atoms[0])];
      memcpy(s + n, a, strlen(a));
      n += strlen(a);
    }
    s[n] = '\0';
    check_string(*state, s, i % 2 ? JSON_ENSURE_ASCII : 0);
  }
}

static void test_invalid_utf8_refused(void **state) {
  fixture_t *fx = *state;
  static const char *const bad[] = {"{\"name\": \"\xff\"}", "{\"name\": \"\xc0\x80\"}",
                                    "{\"name\": \"\xed\xa0\x80\"}", "{\"name\": \"\\ud800\"}",
                                    "{\"name\": \"a\x01\"}"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    assert_int_equal(put(fx, bad[i]), 1); /* MalformedDetail: never reaches a template */
    assert_int_equal(fx->cap.delivered + fx->cap.dead, 0);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_hostile_strings, setup, teardown),
      cmocka_unit_test_setup_teardown(test_random_strings, setup, teardown),
      cmocka_unit_test_setup_teardown(test_invalid_utf8_refused, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
