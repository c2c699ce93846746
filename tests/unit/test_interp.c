/* Unit tests of the reference interpreter: arrays (§2.5), null/missing/empty (§2.6), numbers (§2.7). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "doc.h"
#include "interp.h"
#include "pattern.h"

#include "eventc/scan.h"

#include <stdio.h>
#include <stdlib.h>

typedef struct {
  const char *pattern, *event;
  bool match;
  const char *why;
} mcase_t;

static const mcase_t cases[] = {
    /* §2.5 arrays */
    {"{\"r\": [\"b\"]}", "{\"r\": [\"a\", \"b\"]}", true, "any element matches"},
    {"{\"r\": [\"c\"]}", "{\"r\": [\"a\", \"b\"]}", false, "no element matches"},
    {"{\"r\": [{\"exists\": true}]}", "{\"r\": []}", false, "empty array has no leaf"},
    {"{\"r\": [{\"exists\": false}]}", "{\"r\": []}", true, "exists:false on an empty array"},
    {"{\"r\": [null]}", "{\"r\": []}", false, "null is not an empty array"},
    {"{\"e\": {\"f\": [\"Anna\"]}}", "{\"e\": [{\"f\": \"John\"}, {\"f\": \"Anna\"}]}", true, "arrays of objects crushed"},
    {"{\"e\": {\"f\": [\"Anna\"], \"l\": [\"Jones\"]}}",
     "{\"e\": [{\"f\": \"Anna\", \"l\": \"Smith\"}, {\"f\": \"Bob\", \"l\": \"Jones\"}]}", false, "array consistency"},
    {"{\"e\": {\"f\": [\"Anna\"], \"l\": [\"Jones\"]}}",
     "{\"e\": [{\"f\": \"Bob\", \"l\": \"Smith\"}, {\"f\": \"Anna\", \"l\": \"Jones\"}]}", true, "same element"},
    {"{\"e\": {\"f\": [\"Anna\"], \"x\": [{\"exists\": false}]}}",
     "{\"e\": [{\"f\": \"Bob\", \"x\": 1}, {\"f\": \"Anna\"}]}", true, "absence within the chosen element"},
    {"{\"e\": {\"f\": [\"Anna\"], \"x\": [{\"exists\": false}]}}", "{\"e\": [{\"f\": \"Anna\", \"x\": 1}]}", false,
     "present in the chosen element"},
    {"{\"a\": {\"b\": [1]}}", "{\"a\": [[{\"b\": 1}]]}", true, "nested arrays flattened"},
    {"{\"detail-type\": [{\"equals-ignore-case\": \"ec2 instance\"}]}", "{\"detail-type\": [\"EC2 Instance\"]}", true,
     "operators on array elements"},
    {"{\"a\": [{\"anything-but\": \"x\"}]}", "{\"a\": [\"x\", \"y\"]}", true, "anything-but element-wise"},
    {"{\"a\": [{\"anything-but\": \"x\"}]}", "{\"a\": [\"x\"]}", false, "only the excluded value"},
    /* §2.6 null, missing, empty */
    {"{\"f\": [null]}", "{\"f\": null}", true, "null matches null"},
    {"{\"f\": [null]}", "{}", false, "null is not missing"},
    {"{\"f\": [null]}", "{\"f\": \"\"}", false, "null is not empty"},
    {"{\"f\": [\"\"]}", "{\"f\": \"\"}", true, "empty matches empty"},
    {"{\"f\": [\"\"]}", "{\"f\": null}", false, "empty is not null"},
    {"{\"f\": [{\"exists\": true}]}", "{\"f\": null}", true, "null is a present leaf"},
    {"{\"f\": [{\"exists\": true}]}", "{\"f\": \"\"}", true, "empty is a present leaf"},
    {"{\"f\": [{\"exists\": true}]}", "{\"f\": {\"g\": 1}}", false, "exists acts on leaves only"},
    {"{\"f\": [{\"exists\": false}]}", "{\"f\": {\"g\": 1}}", true, "an object is no leaf"},
    {"{\"f\": [{\"exists\": false}]}", "{\"f\": null}", false, "null is present"},
    {"{\"f\": [{\"anything-but\": \"x\"}]}", "{\"f\": null}", true, "anything-but matches null"},
    {"{\"f\": [{\"anything-but\": \"x\"}]}", "{}", false, "anything-but needs the field"},
    {"{\"f\": [{\"anything-but\": {\"prefix\": \"x\"}}]}", "{\"f\": null}", true, "anything-but prefix and null"},
    {"{\"f\": [{\"anything-but\": {\"prefix\": \"x\"}}]}", "{\"f\": 5}", true, "a number is not a string prefix"},
    {"{\"f\": [{\"anything-but\": {\"wildcard\": \"\"}}]}", "{\"f\": \"a\"}", true, "empty wildcard excluded"},
    {"{\"f\": [{\"anything-but\": {\"wildcard\": \"\"}}]}", "{\"f\": \"\"}", false, "empty string is excluded"},
    {"{\"f\": [{\"anything-but\": [111, 222]}]}", "{\"f\": \"111\"}", true, "a string is anything but a number"},
    {"{\"f\": [{\"numeric\": [\">\", 100]}]}", "{\"f\": null}", false, "numeric never matches null"},
    {"{\"f\": [{\"numeric\": [\">\", 100]}]}", "{\"f\": \"300\"}", false, "numeric never matches a string"},
    {"{\"f\": [{\"prefix\": \"\"}]}", "{\"f\": \"\"}", true, "empty prefix matches every string"},
    {"{\"f\": [{\"prefix\": \"\"}]}", "{\"f\": 5}", false, "prefix on strings only"},
    /* §2.7 numbers, §11.1 */
    {"{\"n\": [300]}", "{\"n\": 300.0}", true, "numerically equal"},
    {"{\"n\": [300]}", "{\"n\": 3e2}", true, "exponent form"},
    {"{\"n\": [300]}", "{\"n\": \"300\"}", false, "never the string"},
    {"{\"n\": [\"300\"]}", "{\"n\": 300}", false, "a string pattern is not a number"},
    {"{\"n\": [{\"numeric\": [\">=\", 0.9]}]}", "{\"n\": 0.9}", true, ">= boundary"},
    {"{\"n\": [{\"numeric\": [\">\", 0, \"<=\", 5]}]}", "{\"n\": 5}", true, "<= top"},
    {"{\"n\": [{\"numeric\": [\">\", 0, \"<\", 5]}]}", "{\"n\": 5}", false, "< top"},
    {"{\"n\": [{\"numeric\": [\"=\", 3.018e2]}]}", "{\"n\": 301.8}", true, "= with exponent"},
    {"{\"n\": [{\"numeric\": [\"<\", -1e300]}]}", "{\"n\": -1.5e300}", true, "full double range (§11.2)"},
    /* strings */
    {"{\"s\": [{\"equals-ignore-case\": \"été\"}]}", "{\"s\": \"ÉTÉ\"}", true, "Unicode case folding"},
    {"{\"s\": [{\"suffix\": \".png\"}]}", "{\"s\": \"image.PNG\"}", false, "suffix is case-sensitive"},
    /* equals-ignore-case: each pattern character as itself, its full lower or its full upper case */
    {"{\"s\": [{\"equals-ignore-case\": \"ß\"}]}", "{\"s\": \"SS\"}", true, "ß upper-cases to SS"},
    {"{\"s\": [{\"equals-ignore-case\": \"ß\"}]}", "{\"s\": \"ss\"}", false, "ß is not ss"},
    {"{\"s\": [{\"equals-ignore-case\": \"SS\"}]}", "{\"s\": \"ß\"}", false, "SS never becomes ß"},
    {"{\"s\": [{\"equals-ignore-case\": \"µ\"}]}", "{\"s\": \"Μ\"}", true, "micro sign upper-cases to Mu"},
    {"{\"s\": [{\"equals-ignore-case\": \"ı\"}]}", "{\"s\": \"I\"}", true, "dotless i upper-cases to I"},
    {"{\"s\": [{\"equals-ignore-case\": \"I\"}]}", "{\"s\": \"ı\"}", false, "I lower-cases to i, not ı"},
    {"{\"s\": [{\"prefix\": {\"equals-ignore-case\": \"ς\"}}]}", "{\"s\": \"Σx\"}", true, "final sigma's upper"},
    {"{\"s\": [{\"equals-ignore-case\": \"Σ\"}]}", "{\"s\": \"ς\"}", false, "Σ lower-cases to σ only"},
    {"{\"s\": [{\"prefix\": {\"equals-ignore-case\": \"İ\"}}]}", "{\"s\": \"i\u0307x\"}", true,
     "İ lower-cases to two code points"},
    {"{\"s\": [{\"suffix\": {\"equals-ignore-case\": \"ﬁ\"}}]}", "{\"s\": \"xFI\"}", true, "ligature's upper FI"},
    {"{\"s\": [{\"anything-but\": {\"equals-ignore-case\": [\"ǅ\"]}}]}", "{\"s\": \"ǅ\"}", false,
     "a titlecase letter equals itself"},
    {"{\"s\": [{\"equals-ignore-case\": \"𐐀\"}]}", "{\"s\": \"𐐨\"}", true, "non-BMP letters have case too"},
    {"{\"s\": [{\"suffix\": {\"equals-ignore-case\": \".png\"}}]}", "{\"s\": \"image.PNG\"}", true, "suffix nocase"},
    {"{\"s\": [{\"prefix\": {\"equals-ignore-case\": \"EventB\"}}]}", "{\"s\": \"EvEnTbridge\"}", true, "prefix nocase"},
    {"{\"s\": [{\"wildcard\": \"dir/*.png\"}]}", "{\"s\": \"dir/a/b.png\"}", true, "wildcard spans"},
    {"{\"s\": [{\"wildcard\": \"xy*\"}]}", "{\"s\": \"xy\"}", true, "star matches nothing"},
    {"{\"s\": [{\"wildcard\": \"a\\\\*b\"}]}", "{\"s\": \"a*b\"}", true, "escaped star"},
    {"{\"s\": [{\"wildcard\": \"a\\\\*b\"}]}", "{\"s\": \"axb\"}", false, "escaped star is literal"},
    {"{\"s\": [{\"wildcard\": \"*a*a*a*a*b\"}]}", "{\"s\": \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}", false, "no blowup"},
    {"{\"s\": [\"*\"]}", "{\"s\": \"anything\"}", false, "plain strings are literal"},
    {"{\"ip\": [{\"cidr\": \"10.0.0.0/24\"}]}", "{\"ip\": \"10.0.0.255\"}", true, "cidr v4"},
    {"{\"ip\": [{\"cidr\": \"10.0.0.0/24\"}]}", "{\"ip\": \"10.0.0.256\"}", false, "not an address"},
    {"{\"ip\": [{\"cidr\": \"2001:db8:1234:1a00::/64\"}]}", "{\"ip\": \"2001:0db8:1234:1a00:0000:0000:0000:0000\"}",
     true, "cidr v6"},
    {"{\"ip\": [\"2001:db8::1\"]}", "{\"ip\": \"2001:0db8:0:0:0:0:0:1\"}", true, "IP literal as a host range"},
    /* structure */
    {"{\"d\": {\"s.t\": [\"x\"]}}", "{\"d\": {\"s\": {\"t\": \"x\"}}}", true, "dot joining (pattern)"},
    {"{\"d\": {\"s\": {\"t\": [\"x\"]}}}", "{\"d\": {\"s.t\": \"x\"}}", true, "dot joining (event)"},
    {"{\"MY_KEY\": [\"v\"]}", "{\"my_key\": \"v\"}", false, "keys are case-sensitive"},
    {"{\"d\": {\"k\": [\"v\"]}}", "{\"d\": \"{\\\"k\\\": \\\"v\\\"}\"}", false, "JSON in a string is not parsed"},
    {"{\"l\": [{\"prefix\": \"us-\"}], \"l\": [{\"anything-but\": \"us-east\"}]}", "{\"l\": \"eu-central-1\"}", true,
     "duplicate keys: last wins"},
    {"{\"a\": [1], \"$or\": [{\"b\": [2]}, {\"c\": [3]}]}", "{\"a\": 1, \"c\": 3}", true, "$or"},
    {"{\"a\": [1], \"$or\": [{\"b\": [2]}, {\"c\": [3]}]}", "{\"c\": 3}", false, "$or sibling ANDed"},
};

static void edge_cases(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    evcc_diag_t d;
    evcc_diag_init(&d);
    evcc_ir_t ir;
    evcc_ir_init(&ir);
    evcc_doc_t *doc = evcc_doc_parse("p", cases[i].pattern, strlen(cases[i].pattern), EVCC_SYNTAX_JSON, &d);
    if (!doc || evcc_pattern_add(&ir, doc->root, "r", doc->root->loc, NULL, &d) < 0)
      fail_msg("pattern %s rejected: %s", cases[i].pattern, d.count ? d.msgs[0].text : "");
    json_error_t err;
    json_t *ev = evcc_interp_load_event(cases[i].event, strlen(cases[i].event), &err);
    assert_non_null(ev);
    if (evcc_interp_match_rule(&ir, 0, ev) != cases[i].match)
      fail_msg("%s: %s vs %s should %s", cases[i].why, cases[i].pattern, cases[i].event,
               cases[i].match ? "match" : "not match");
    json_decref(ev);
    evcc_doc_free(doc);
    evcc_ir_free(&ir);
    evcc_diag_free(&d);
  }
}

/* The generated matchers' depth policy: a detail nested as deep as PutEvents accepts loads, one more does not. */
/* jansson lets a raw NUL byte after a number through; the matchers' scanner does not, nor may the interpreter. */
static void nul_after_value_refused(void **state) {
  (void)state;
  static const char ev[] = "{\"detail\":{\"n\":-0.0e0\0}}";
  json_error_t err;
  assert_null(evcc_interp_load_event(ev, sizeof ev - 1, &err));
  static const char ok[] = "{\"detail\":{\"n\":-0.0e0}}";
  json_t *e = evcc_interp_load_event(ok, sizeof ok - 1, &err);
  assert_non_null(e);
  json_decref(e);
}

static void depth_policy(void **state) {
  (void)state;
  char *ev = malloc(16 * EVC_MAX_DEPTH);
  assert_non_null(ev);
  for (unsigned levels = EVC_DETAIL_MAX_DEPTH; levels <= EVC_DETAIL_MAX_DEPTH + 1; levels++) {
    size_t n = (size_t)sprintf(ev, "{\"detail\":");
    for (unsigned i = 0; i < levels; i++) n += (size_t)sprintf(ev + n, "{\"a\":");
    ev[n++] = '1';
    for (unsigned i = 0; i < levels; i++) ev[n++] = '}';
    ev[n++] = '}';
    json_error_t err;
    json_t *e = evcc_interp_load_event(ev, n, &err);
    if (levels == EVC_DETAIL_MAX_DEPTH) {
      assert_non_null(e);
      json_decref(e);
    } else {
      assert_null(e);
      assert_memory_equal(err.text, "nesting deeper than 1101 at /detail/a/a/a/", 42);
      assert_int_equal(ev[err.position], '{');
    }
  }
  free(ev);
}

static void shared_conditions_are_interned(void **state) {
  (void)state;
  evcc_diag_t d;
  evcc_diag_init(&d);
  evcc_ir_t ir;
  evcc_ir_init(&ir);
  const char *a = "{\"source\": [\"x\"], \"detail\": {\"n\": [1]}}", *b = "{\"source\": [\"x\"], \"detail\": {\"n\": [2]}}";
  evcc_doc_t *da = evcc_doc_parse("a", a, strlen(a), EVCC_SYNTAX_JSON, &d);
  evcc_doc_t *db = evcc_doc_parse("b", b, strlen(b), EVCC_SYNTAX_JSON, &d);
  assert_int_equal(evcc_pattern_add(&ir, da->root, "a", da->root->loc, NULL, &d), 0);
  assert_int_equal(evcc_pattern_add(&ir, db->root, "b", db->root->loc, NULL, &d), 1);
  assert_int_equal(ir.npath, 2);
  assert_int_equal(ir.ncond, 3); /* source=x shared */
  evcc_doc_free(da);
  evcc_doc_free(db);
  evcc_ir_free(&ir);
  evcc_diag_free(&d);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(edge_cases),
      cmocka_unit_test(shared_conditions_are_interned),
      cmocka_unit_test(depth_policy),
      cmocka_unit_test(nul_after_value_refused),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
