/* Unit tests: every operator's validation message, exactly as AWS / event-ruler word it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "doc.h"
#include "pattern.h"
#include "test_pattern.h"

typedef struct {
  const char *pattern;
  const char *reason; /* NULL: valid */
} vcase_t;

static const vcase_t cases[] = {
    /* structure */
    {"[1]", "Filter is not an object"},
    {"{}", "Empty objects are not allowed"},
    {"{\"a\": {}}", "Empty objects are not allowed"},
    {"{\"a\": []}", "Empty arrays are not allowed"},
    {"{\"int\": 42}", "\"int\" must be an object or an array"},
    {"{\"s\": \"x\"}", "\"s\" must be an object or an array"},
    {"{\"a\": [[1]]}", "Match value must be String, number, true, false, or null"},
    {"{\"a\": [{}]}", "Match expression name not found"},
    {"{\"a\": [{\"EXISTS\": true}]}", "Unrecognized match type EXISTS"},
    {"{\"a\": [\"x\", 1, true, false, null, \"\"]}", NULL},
    {"{\"a\": [1e400]}", "Cannot compare number : 1e400"},
    {"{\"a.b\": [\"x\"], \"a\": {\"b\": [\"y\"]}}", NULL},
    /* exactly */
    {"{\"a\": [{\"exactly\": \"x\"}]}", NULL},
    {"{\"a\": [{\"exactly\": 33}]}", "exact match pattern must be a string"},
    /* prefix / suffix */
    {"{\"a\": [{\"prefix\": \"\"}]}", NULL},
    {"{\"a\": [{\"prefix\": 3}]}", "prefix match pattern must be a string"},
    {"{\"a\": [{\"prefix\": \"x\", \"b\": 1}]}", "Only one key allowed in match expression"},
    {"{\"a\": [{\"prefix\": {\"equals-ignore-case\": \"EventB\"}}]}", NULL},
    {"{\"a\": [{\"prefix\": {\"other\": \"x\"}}]}", "Unsupported prefix pattern: other"},
    {"{\"a\": [{\"prefix\": {\"equals-ignore-case\": 5}}]}", "equals-ignore-case match pattern must be a string"},
    {"{\"a\": [{\"suffix\": [\".png\"]}]}", "suffix match pattern must be a string"},
    {"{\"a\": [{\"suffix\": {\"other\": \"x\"}}]}", "Unsupported suffix pattern: other"},
    /* equals-ignore-case */
    {"{\"a\": [{\"equals-ignore-case\": \"\"}]}", NULL},
    {"{\"a\": [{\"equals-ignore-case\": [\"x\"]}]}", "equals-ignore-case match pattern must be a string"},
    /* wildcard */
    {"{\"a\": [{\"wildcard\": \"dir/*.png\"}]}", NULL},
    {"{\"a\": [{\"wildcard\": \"a\\\\*b\\\\\\\\c\"}]}", NULL},
    {"{\"a\": [{\"wildcard\": \"arn:aws:events:us-east-1:**:x\"}]}", "Consecutive wildcard characters at pos 26"},
    {"{\"a\": [{\"wildcard\": \"a\\\\nb\"}]}", "Invalid escape character at pos 2"},
    {"{\"a\": [{\"wildcard\": 1}]}", "wildcard match pattern must be a string"},
    {"{\"a\": [{\"wildcard\": \"*:*:*:*:*:event-bus/*\"}]}", NULL}, /* §11.7 */
    /* anything-but */
    {"{\"a\": [{\"anything-but\": \"x\"}]}", NULL},
    {"{\"a\": [{\"anything-but\": 5}]}", NULL},
    {"{\"a\": [{\"anything-but\": [\"x\", \"y\"]}]}", NULL},
    {"{\"a\": [{\"anything-but\": null}]}", "Value of anything-but must be an array or single string/number value."},
    {"{\"a\": [{\"anything-but\": true}]}", "Value of anything-but must be an array or single string/number value."},
    {"{\"a\": [{\"anything-but\": [\"x\", null]}]}", "Inside anything but list, start|null|boolean is not supported."},
    {"{\"a\": [{\"anything-but\": [\"x\", 1]}]}",
     "Inside anything but list, either all values are number or string, mixed type is not supported"},
    {"{\"a\": [{\"anything-but\": {\"prefix\": \"\"}}]}", "Null prefix/suffix not allowed"},
    {"{\"a\": [{\"anything-but\": {\"suffix\": 1}}]}", "prefix/suffix match pattern must be a string"},
    {"{\"a\": [{\"anything-but\": {\"prefix\": [\"a\", \"b\"]}}]}", NULL},
    {"{\"a\": [{\"anything-but\": {\"prefix\": {\"equals-ignore-case\": \"x\"}}}]}",
     "Value of anything-but must be an array or single string/number value."},
    {"{\"a\": [{\"anything-but\": {\"equals-ignore-case\": [\"a\", 1]}}]}",
     "Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported."},
    {"{\"a\": [{\"anything-but\": {\"wildcard\": \"\"}}]}", NULL},
    {"{\"a\": [{\"anything-but\": {\"wildcard\": [1]}}]}", "wildcard match pattern must be a string"},
    {"{\"a\": [{\"anything-but\": {\"foo\": 3}}]}", "Unsupported anything-but pattern: foo"},
    {"{\"a\": [{\"anything-but\": \"x\", \"b\": 1}]}", "Too many elements in numeric expression"},
    /* numeric */
    {"{\"a\": [{\"numeric\": [\">\", 0, \"<=\", 5]}]}", NULL},
    {"{\"a\": [{\"numeric\": [\"=\", 3.018e2]}]}", NULL},
    {"{\"a\": [{\"numeric\": 10}]}", "Value of numeric must be an array."},
    {"{\"a\": [{\"numeric\": [5]}]}", "Invalid member in numeric match: 5"},
    {"{\"a\": [{\"numeric\": [\"!\", 5]}]}", "Unrecognized numeric range operator: !"},
    {"{\"a\": [{\"numeric\": [\">\", 0, \">\", 0]}]}", "Bad numeric range operator: >"},
    {"{\"a\": [{\"numeric\": [\">\", 0, \"<\"]}]}", "Value of < must be numeric"},
    {"{\"a\": [{\"numeric\": [\">\", 0, 5]}]}", "Bad value in numeric range: 5"},
    {"{\"a\": [{\"numeric\": [\"=\", \"5\"]}]}", "Value of equals must be numeric"},
    {"{\"a\": [{\"numeric\": [\"<\", 5, 6]}]}", "Too many elements in numeric expression"},
    {"{\"a\": [{\"numeric\": [\">\", 0, \"<\", 5, 6]}]}", "Too many terms in numeric range expression"},
    {"{\"a\": [{\"numeric\": [\">\", 5, \"<\", 5]}]}", "Bottom must be less than top"},
    {"{\"a\": [{\"numeric\": [\"=\", 1e999]}]}", "Cannot compare number : 1e999"},
    /* cidr (§11.6: /32 and /128 accepted) */
    {"{\"a\": [{\"cidr\": \"10.0.0.0/24\"}]}", NULL},
    {"{\"a\": [{\"cidr\": \"10.0.0.1/32\"}]}", NULL},
    {"{\"a\": [{\"cidr\": \"2001:db8::/128\"}]}", NULL},
    {"{\"a\": [{\"cidr\": \"bad-filter\"}]}", "Malformed CIDR, one '/' required"},
    {"{\"a\": [{\"cidr\": \"10.0.0.0/x\"}]}", "Malformed CIDR, mask bits must be an integer"},
    {"{\"a\": [{\"cidr\": \"10.0.0.0/-1\"}]}", "Malformed CIDR, mask bits must not be negative"},
    {"{\"a\": [{\"cidr\": \"10.0.0.0/33\"}]}", "Malformed CIDR, IPv4 mask bits must be <= 32"},
    {"{\"a\": [{\"cidr\": \"xx.11.xx/24\"}]}", "Nonstandard IP address: xx.11.xx"},
    {"{\"a\": [{\"cidr\": [\"10.0.0.0/24\"]}]}", "prefix match pattern must be a string"},
    /* exists */
    {"{\"a\": [{\"exists\": false}]}", NULL},
    {"{\"a\": [{\"exists\": \"yes\"}]}", "exists match pattern must be either true or false."},
    {"{\"a\": [{\"exists\": true, \"x\": 1}]}", "Only one key allowed in match expression"},
    /* $or (§11.8) */
    {"{\"$or\": [{\"a\": [1]}, {\"b\": [2]}]}", NULL},
    {"{\"a\": {\"$or\": [{\"b\": [1]}, {\"c\": {\"$or\": [{\"d\": [1]}, {\"e\": [2]}]}}]}}", NULL},
    {"{\"$or\": {\"a\": [1]}}", "It must be an Array followed with $or."},
    {"{\"$or\": [{\"a\": [1]}, 5]}", "Only JSON object is allowed in array of $or relationship."},
    {"{\"$or\": [{\"a\": [1]}]}", "There must have at least 2 Objects in $or relationship."},
    {"{\"$or\": [{\"prefix\": [1]}, {\"b\": [2]}]}", "prefix is Ruler reserved fieldName which cannot be used inside $or."},
};

static void every_operator_message(void **state) {
  (void)state;
  static const char event[] = "{\"id\":\"1\",\"account\":\"1\",\"source\":\"s\",\"time\":\"t\",\"region\":\"r\",\"detail-type\":\"d\"}";
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char reason[1024] = "";
    evcc_loc_t where;
    evcc_tp_result_t r = evcc_test_pattern(cases[i].pattern, strlen(cases[i].pattern), "p", event, sizeof event - 1,
                                           reason, sizeof reason, &where);
    if (!cases[i].reason && r == EVCC_TP_BAD_PATTERN) fail_msg("%s rejected: %s", cases[i].pattern, reason);
    if (cases[i].reason && (r != EVCC_TP_BAD_PATTERN || strcmp(reason, cases[i].reason) != 0))
      fail_msg("%s: expected \"%s\", got \"%s\"", cases[i].pattern, cases[i].reason, reason);
  }
}

/* 11 $or arrays of 2 branches: 2^11 = 2048 combinations, over AWS's 1,000. */
static void or_combinations_limit(void **state) {
  (void)state;
  char p[8192] = "{";
  for (int i = 0; i < 11; i++)
    snprintf(p + strlen(p), sizeof p - strlen(p), "%s\"k%d\": {\"$or\": [{\"a\": [1]}, {\"b\": [2]}]}", i ? "," : "", i);
  strcat(p, "}");
  char reason[1024] = "";
  evcc_loc_t where;
  assert_int_equal(evcc_test_pattern(p, strlen(p), "p", "{}", 2, reason, sizeof reason, &where), EVCC_TP_BAD_PATTERN);
  assert_non_null(strstr(reason, "1000"));
}

/* The first problem in reading order wins, also before a JSON syntax error (streaming, as AWS). */
static void first_problem_in_reading_order(void **state) {
  (void)state;
  char reason[1024];
  evcc_loc_t where;
  const char *p = "{\"a\": [{\"prefix\": [1, 2 3]}]}";
  assert_int_equal(evcc_test_pattern(p, strlen(p), "p", "{}", 2, reason, sizeof reason, &where), EVCC_TP_BAD_PATTERN);
  assert_string_equal(reason, "prefix match pattern must be a string");
  p = "{\"a\": [], \"b\": [1 2]}";
  evcc_test_pattern(p, strlen(p), "p", "{}", 2, reason, sizeof reason, &where);
  assert_string_equal(reason, "Empty arrays are not allowed");
  p = "{\"a\": [1 2], \"b\": []}";
  evcc_test_pattern(p, strlen(p), "p", "{}", 2, reason, sizeof reason, &where);
  assert_non_null(strstr(reason, "expected ','"));
  assert_int_equal(where.col, 10);
}

/* Every problem of a rule file is reported, each at its value. */
static void several_problems_reported(void **state) {
  (void)state;
  const char *text = "{\"a\": [], \"b\": [{\"prefix\": 1}], \"c\": {\"d\": 5}}";
  evcc_diag_t d;
  evcc_diag_init(&d);
  evcc_doc_t *doc = evcc_doc_parse("p.json", text, strlen(text), EVCC_SYNTAX_JSON, &d);
  assert_false(evcc_pattern_check(doc->root, &d));
  assert_int_equal(d.errors, 3);
  assert_int_equal(d.msgs[1].loc.col, 28);
  evcc_doc_free(doc);
  evcc_diag_free(&d);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(every_operator_message),
      cmocka_unit_test(or_combinations_limit),
      cmocka_unit_test(first_problem_in_reading_order),
      cmocka_unit_test(several_problems_reported),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
