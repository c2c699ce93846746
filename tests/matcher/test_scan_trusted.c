/* Unit tests of trusted-mode skipping: on valid JSON it ends every value where the validating skip does. */
#include "eventc/scan.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* Skips the top-level value of `json` both ways (in an exact-size block, so ASan sees overreads). */
static void check_skip(const char *json) {
  size_t len = strlen(json);
  char *copy = malloc(len);
  assert_non_null(copy);
  memcpy(copy, json, len);
  evc_scan_t s;
  const char *p = evc_scan_begin(&s, copy, len, NULL, NULL);
  assert_non_null(p);
  const char *validated = evc_scan_skip(&s, p);
  assert_non_null(validated);
  s.trusted = 1;
  const char *trusted = evc_scan_skip(&s, p);
  if (trusted != validated) fail_msg("%s: trusted skip ends at %td, the validating one at %td", json, trusted - copy,
                                     validated - copy);
  free(copy);
}

static void scalars_and_containers(void **state) {
  (void)state;
  static const char *const docs[] = {
      "0", "-12.5e+3", "true", "null", "\"\"", "\"a\\\"b\"", "\"\\\\\"", "\"\\\\\\\"\\\\\"", "[]", "{}",
      "[1,[2,[3]],{\"a\":[]}]", "{\"a\":\"]}\",\"b\":{\"c\":\"{[\\\"\"}}", "[\"\\\\\",\"\\\\\\\\\",\"[\"]",
      "{\"k\":\"\\u005d\\\"}\"}   ", "[0] ",
  };
  for (size_t i = 0; i < sizeof docs / sizeof *docs; i++) check_skip(docs[i]);
}

/* Quotes, backslashes and brackets at every position around the 16-byte steps. */
static void block_edges(void **state) {
  (void)state;
  char doc[128];
  for (size_t n = 0; n < 40; n++)
    for (size_t k = 0; k < 4; k++) {
      static const char *const inner[] = {"\\\"", "\\\\", "]}", "\\u0022"};
      size_t m = (size_t)snprintf(doc, sizeof doc, "[{\"s\":\"%.*s%s\"},", (int)n,
                                  "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", inner[k]);
      snprintf(doc + m, sizeof doc - m, "[%zu,\"%.*s\"]]", n, (int)(n % 17), "[[[[{{{{}}}}]]]]]");
      check_skip(doc);
    }
}

/* Leaving an object from just after one of its member values. */
static void close_object(void **state) {
  (void)state;
  const char *json = "{\"a\":1,\"b\":{\"c\":\"}\\\"\"},\"d\":[\"]\"]} ";
  evc_scan_t s;
  evc_str_t key;
  const char *p = evc_scan_begin(&s, json, strlen(json), NULL, NULL);
  assert_int_equal(evc_scan_obj_first(&s, &p, &key), 1);
  p = evc_scan_skip(&s, p);
  s.trusted = 1;
  assert_int_equal(s.depth, 1);
  p = evc_scan_close_trusted(&s, p);
  assert_int_equal(s.depth, 0);
  assert_ptr_equal(p, json + strlen(json) - 1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(scalars_and_containers),
      cmocka_unit_test(block_edges),
      cmocka_unit_test(close_object),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
