/* Unit tests of the compat and sample libraries: findings, their kinds and pointers, recursion, determinism. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "compat.h"
#include "sample.h"
#include "schema_interp.h"

#include <string.h>

static evcc_schema_set_t *load(const char *name, const char *json) {
  evcc_diag_t d;
  evcc_diag_init(&d);
  evcc_schema_set_t *set = evcc_schema_set_new();
  evcc_doc_t *doc = evcc_doc_parse(name, json, strlen(json), EVCC_SYNTAX_JSON, &d);
  assert_non_null(doc);
  assert_true(evcc_schema_set_add(set, doc, &d));
  evcc_diag_free(&d);
  return set;
}

static evcc_compat_result_t compare(const char *old, const char *new, evcc_compat_mode_t mode) {
  evcc_schema_set_t *a = load("old.json", old), *b = load("new.json", new);
  evcc_compat_result_t res = {NULL, 0};
  char err[200];
  assert_true(evcc_compat_check(a, b, mode, &res, err, sizeof err));
  for (size_t i = 0; i < res.count; i++) /* positions point into the sets: keep the lines only */
    res.items[i].new_loc.file = res.items[i].old_loc.file = NULL;
  evcc_schema_set_free(a);
  evcc_schema_set_free(b);
  return res;
}

static void required_added_breaks_backward_only(void **state) {
  (void)state;
  const char *old = "{\"properties\":{\"a\":{},\"b\":{}},\"required\":[\"a\"]}";
  const char *new = "{\"properties\":{\"a\":{},\"b\":{}},\n\"required\":[\"a\", \"b\"]}";
  evcc_compat_result_t r = compare(old, new, EVCC_COMPAT_FULL);
  assert_int_equal(r.count, 1);
  assert_int_equal(r.items[0].kind, EVCC_COMPAT_BREAK);
  assert_int_equal(r.items[0].direction, EVCC_COMPAT_BACKWARD);
  assert_string_equal(r.items[0].pointer, "/required");
  assert_int_equal(r.items[0].new_loc.line, 2);
  assert_int_equal(r.items[0].new_loc.col, 18); /* at "b" of the list */
  evcc_compat_result_free(&r);
}

static void different_patterns_cannot_be_decided(void **state) {
  (void)state;
  evcc_compat_result_t r = compare("{\"type\":\"string\",\"pattern\":\"^a\"}",
                                   "{\"type\":\"string\",\"pattern\":\"^b\"}", EVCC_COMPAT_BACKWARD);
  assert_int_equal(r.count, 1);
  assert_int_equal(r.items[0].kind, EVCC_COMPAT_UNDECIDED);
  assert_string_equal(r.items[0].pointer, "/pattern");
  evcc_compat_result_free(&r);
}

static void recursive_schemas_through_anyof_end(void **state) {
  (void)state;
  const char *tree = "{\"definitions\":{\"t\":{\"type\":\"object\",\"properties\":{\"kids\":{\"type\":\"array\","
                     "\"items\":{\"anyOf\":[{\"$ref\":\"#/definitions/t\"},{\"type\":\"string\"}]}}}}},"
                     "\"$ref\":\"#/definitions/t\"}";
  evcc_compat_result_t r = compare(tree, tree, EVCC_COMPAT_FULL);
  assert_int_equal(r.count, 0);
  evcc_compat_result_free(&r);
}

static void identical_applicators_are_compatible(void **state) {
  (void)state; /* sub's oneOf branches fit no single branch of sup's anyOf, yet the schemas are the same */
  const char *s = "{\"allOf\":[{\"multipleOf\":2}],\"anyOf\":[{\"multipleOf\":3}],\"oneOf\":[{\"multipleOf\":5}]}";
  evcc_compat_result_t r = compare(s, s, EVCC_COMPAT_FULL);
  assert_int_equal(r.count, 0);
  evcc_compat_result_free(&r);
}

static void oneof_overlap_with_another_branch_breaks(void **state) {
  (void)state; /* {foo, bar} matched one old branch; under the new oneOf it matches both branches */
  const char *old =
      "{\"type\":\"object\",\"oneOf\":[{\"required\":[\"foo\",\"bar\"]},{\"required\":[\"foo\",\"baz\"]}]}";
  const char *new = "{\"oneOf\":[{\"required\":[\"bar\"]},{\"required\":[\"foo\"]}]}";
  evcc_compat_result_t r = compare(old, new, EVCC_COMPAT_BACKWARD);
  assert_true(r.count > 0);
  assert_int_equal(r.items[0].kind, EVCC_COMPAT_BREAK);
  evcc_compat_result_free(&r);
}

static void nested_break_is_reported_at_its_keyword(void **state) {
  (void)state;
  evcc_compat_result_t r =
      compare("{\"properties\":{\"d\":{\"properties\":{\"n\":{\"type\":\"number\"}}}}}",
              "{\"properties\":{\"d\":{\"properties\":{\"n\":{\"type\":\"integer\"}}}}}", EVCC_COMPAT_FULL);
  assert_int_equal(r.count, 1);
  assert_string_equal(r.items[0].pointer, "/properties/d/properties/n/type");
  assert_int_equal(r.items[0].direction, EVCC_COMPAT_BACKWARD);
  evcc_compat_result_free(&r);
}

static char *sample_lines(evcc_schema_set_t *set, unsigned long long seed, bool invalid, size_t n) {
  evcc_sroot_t *roots;
  evcc_schema_set_roots(set, &roots);
  evcc_sample_opts_t o = {seed, NULL, 0};
  evcc_sampler_t *sp = evcc_sampler_new(set, &roots[0], &o);
  evcc_buf_t out;
  char err[300];
  evcc_buf_init(&out);
  for (size_t i = 0; i < n; i++) {
    assert_true(invalid ? evcc_sample_invalid(sp, &out, err, sizeof err)
                        : evcc_sample_valid(sp, &out, err, sizeof err));
    evcc_buf_putc(&out, '\n');
  }
  evcc_sampler_free(sp);
  return evcc_buf_take(&out);
}

static void samples_are_valid_and_deterministic(void **state) {
  (void)state;
  evcc_schema_set_t *set =
      load("s.json", "{\"type\":\"object\",\"required\":[\"id\",\"kind\"],\"properties\":{"
                     "\"id\":{\"type\":\"string\",\"pattern\":\"^[A-Z]{2}-[0-9]{4}$\"},"
                     "\"kind\":{\"oneOf\":[{\"type\":\"integer\"},{\"type\":\"number\",\"minimum\":0.5}]},"
                     "\"at\":{\"type\":\"string\",\"format\":\"date-time\"}},"
                     "\"additionalProperties\":false}");
  char *a = sample_lines(set, 42, false, 500), *b = sample_lines(set, 42, false, 500),
       *c = sample_lines(set, 43, false, 500);
  assert_string_equal(a, b);
  assert_string_not_equal(a, c);
  evcc_interp_t *in = evcc_interp_new(set);
  evcc_sroot_t *roots;
  evcc_schema_set_roots(set, &roots);
  char why[300];
  for (char *line = strtok(a, "\n"); line; line = strtok(NULL, "\n"))
    if (!evcc_interp_check(in, roots[0].schema, line, strlen(line), false, why, sizeof why))
      fail_msg("%s: %s", line, why);
  evcc_interp_free(in);
  free(a), free(b), free(c);
  evcc_schema_set_free(set);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(required_added_breaks_backward_only),
      cmocka_unit_test(different_patterns_cannot_be_decided),
      cmocka_unit_test(recursive_schemas_through_anyof_end),
      cmocka_unit_test(nested_break_is_reported_at_its_keyword),
      cmocka_unit_test(identical_applicators_are_compatible),
      cmocka_unit_test(oneof_overlap_with_another_branch_breaks),
      cmocka_unit_test(samples_are_valid_and_deterministic),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
