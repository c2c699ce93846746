/* Unit tests of the document loader: positions, tags, duplicate keys, strict JSON, embedded JSON. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "doc.h"

static evcc_doc_t *parse(const char *text, evcc_syntax_t syntax, evcc_diag_t *d) {
  evcc_diag_init(d);
  return evcc_doc_parse("t.yaml", text, strlen(text), syntax, d);
}

static void yaml_positions_and_tags(void **state) {
  (void)state;
  evcc_diag_t d;
  evcc_doc_t *doc = parse("Targets:\n  - Arn: !GetAtt Fn.Arn\n    Id: A\n  - Arn: !Ref Q\n", EVCC_SYNTAX_YAML, &d);
  assert_non_null(doc);
  const evcc_node_t *targets = evcc_map_get(doc->root, "Targets");
  assert_int_equal(targets->kind, EVCC_NODE_SEQ);
  assert_int_equal(targets->count, 2);
  const evcc_node_t *arn = evcc_map_get(targets->items[0], "Arn");
  assert_string_equal(arn->tag, "!GetAtt");
  assert_string_equal(arn->str, "Fn.Arn");
  assert_int_equal(arn->loc.line, 2);
  assert_int_equal(arn->loc.col, 10); /* the value starts at its tag */
  assert_string_equal(evcc_map_get(targets->items[1], "Arn")->tag, "!Ref");
  evcc_doc_free(doc);
  evcc_diag_free(&d);
}

static void yaml_scalar_types(void **state) {
  (void)state;
  evcc_diag_t d;
  evcc_doc_t *doc = parse("a: 0.9\nb: '0.9'\nc: true\nd: ~\ne: null\nf: -3e2\ng: hardware.\nh: \"\"\n", EVCC_SYNTAX_YAML, &d);
  assert_non_null(doc);
  assert_int_equal(evcc_map_get(doc->root, "a")->kind, EVCC_NODE_NUMBER);
  assert_int_equal(evcc_map_get(doc->root, "b")->kind, EVCC_NODE_STRING);
  assert_int_equal(evcc_map_get(doc->root, "c")->kind, EVCC_NODE_BOOL);
  assert_int_equal(evcc_map_get(doc->root, "d")->kind, EVCC_NODE_NULL);
  assert_int_equal(evcc_map_get(doc->root, "e")->kind, EVCC_NODE_NULL);
  assert_int_equal(evcc_map_get(doc->root, "f")->kind, EVCC_NODE_NUMBER);
  assert_int_equal(evcc_map_get(doc->root, "g")->kind, EVCC_NODE_STRING);
  assert_int_equal(evcc_map_get(doc->root, "h")->kind, EVCC_NODE_STRING);
  double v;
  assert_true(evcc_node_number(evcc_map_get(doc->root, "f"), &v));
  assert_true(v == -300.0);
  evcc_doc_free(doc);
  evcc_diag_free(&d);
}

static void duplicate_keys_last_wins(void **state) {
  (void)state;
  evcc_diag_t d;
  evcc_doc_t *doc = parse("{\"loc\": [\"a\"], \"loc\": [\"b\"]}", EVCC_SYNTAX_JSON, &d);
  assert_non_null(doc);
  assert_int_equal(doc->root->count, 2); /* both kept */
  assert_string_equal(evcc_map_get(doc->root, "loc")->items[0]->str, "b");
  evcc_doc_free(doc);
  doc = parse("loc: [a]\nloc: [b]\n", EVCC_SYNTAX_YAML, &d);
  assert_non_null(doc);
  assert_string_equal(evcc_map_get(doc->root, "loc")->items[0]->str, "b");
  evcc_doc_free(doc);
  evcc_diag_free(&d);
}

static void json_is_strict(void **state) {
  (void)state;
  static const char *const bad[] = {"{'bad': 'quotation'}", "{\"a\": [1,]}", "{\"a\": 01}", "{\"a\": \"\\x\"}",
                                    "{\"a\": tru}", "{\"a\": 1} x", "{\"a\": \"\xff\"}", "{\"a\": 1.}", "",
                                    "{\"a\": \"tab\there\"}", "[1 2]", "{\"a\" 1}"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    evcc_diag_t d;
    evcc_doc_t *doc = parse(bad[i], EVCC_SYNTAX_JSON, &d);
    if (doc) fail_msg("accepted %s", bad[i]);
    assert_int_equal(d.errors, 1);
    assert_true(d.msgs[0].loc.line >= 1);
    evcc_diag_free(&d);
  }
}

static void json_strings_decode(void **state) {
  (void)state;
  evcc_diag_t d;
  evcc_doc_t *doc = parse("[\"\\u00e9\\ud83d\\ude00\\u0000x\", \"\\\\*\"]", EVCC_SYNTAX_JSON, &d);
  assert_non_null(doc);
  const evcc_node_t *s = doc->root->items[0];
  assert_int_equal(s->len, 2 + 4 + 1 + 1);
  assert_memory_equal(s->str, "\xc3\xa9\xf0\x9f\x98\x80\0x", 8);
  assert_string_equal(doc->root->items[1]->str, "\\*");
  evcc_doc_free(doc);
  evcc_diag_free(&d);
}

static void json_error_position(void **state) {
  (void)state;
  evcc_diag_t d;
  evcc_doc_t *doc = parse("{\n  \"a\": [1,\n    ]\n}", EVCC_SYNTAX_JSON, &d);
  assert_null(doc);
  assert_int_equal(d.msgs[0].loc.line, 3);
  assert_int_equal(d.msgs[0].loc.col, 5);
  evcc_diag_free(&d);
}

static void nesting_limit_is_an_error(void **state) {
  (void)state;
  char text[5000];
  memset(text, '[', 2000);
  text[2000] = '\0';
  evcc_diag_t d;
  assert_null(parse(text, EVCC_SYNTAX_JSON, &d));
  assert_non_null(strstr(d.msgs[0].text, "nesting deeper"));
  evcc_diag_free(&d);
}

static void embedded_json_maps_into_block_scalar(void **state) {
  (void)state;
  evcc_diag_t d;
  evcc_doc_t *doc = parse("Rule:\n  EventPattern: |\n    {\n      \"source\": [1,,]\n    }\n", EVCC_SYNTAX_YAML, &d);
  assert_non_null(doc);
  const evcc_node_t *p = evcc_map_get(evcc_map_get(doc->root, "Rule"), "EventPattern");
  assert_true(p->block_scalar);
  assert_null(evcc_doc_parse_embedded_json(doc, p, &d));
  assert_int_equal(d.msgs[0].loc.line, 4);
  assert_int_equal(d.msgs[0].loc.col, 20);
  evcc_doc_free(doc);
  evcc_diag_free(&d);
}

static void embedded_json_maps_into_quoted_scalar(void **state) {
  (void)state;
  evcc_diag_t d;
  evcc_doc_t *doc = parse("P: '{\"a\": []}'\n", EVCC_SYNTAX_YAML, &d);
  assert_non_null(doc);
  const evcc_node_t *p = evcc_doc_parse_embedded_json(doc, evcc_map_get(doc->root, "P"), &d);
  assert_non_null(p);
  assert_int_equal(evcc_map_get(p, "a")->loc.line, 1);
  assert_int_equal(evcc_map_get(p, "a")->loc.col, 11);
  evcc_doc_free(doc);
  evcc_diag_free(&d);
}

static void yaml_syntax_error_has_position(void **state) {
  (void)state;
  evcc_diag_t d;
  assert_null(parse("a: [1, 2\nb: c\n", EVCC_SYNTAX_YAML, &d));
  assert_int_equal(d.errors, 1);
  assert_true(d.msgs[0].loc.line >= 1);
  assert_non_null(strstr(d.msgs[0].text, "YAML"));
  evcc_diag_free(&d);
}

static void big_numbers_are_refused_as_doubles(void **state) {
  (void)state;
  evcc_diag_t d;
  evcc_doc_t *doc = parse("[1e400, 1E-325, 1E-320, 123456789012345678901234567890]", EVCC_SYNTAX_JSON, &d);
  double v;
  assert_false(evcc_node_number(doc->root->items[0], &v));
  assert_false(evcc_node_number(doc->root->items[1], &v));
  assert_true(evcc_node_number(doc->root->items[2], &v)); /* subnormal, but a double */
  assert_true(evcc_node_number(doc->root->items[3], &v));
  assert_string_equal(doc->root->items[3]->str, "123456789012345678901234567890");
  evcc_doc_free(doc);
  evcc_diag_free(&d);
}

static void core_tags_follow_yaml_1_2(void **state) {
  (void)state;
  evcc_diag_t d;
  evcc_doc_t *doc = parse("a: !!int 300\nb: !!int 0x1F\nc: !!float .5\nd: !!str 12\ne: !!bool True\nf: !!null ~\n"
                          "g: +007\n",
                          EVCC_SYNTAX_YAML, &d);
  assert_non_null(doc);
  const evcc_node_t *a = evcc_map_get(doc->root, "a"), *b = evcc_map_get(doc->root, "b"),
                    *c = evcc_map_get(doc->root, "c"), *g = evcc_map_get(doc->root, "g");
  assert_int_equal(a->kind, EVCC_NODE_NUMBER);
  assert_string_equal(a->str, "300");
  assert_null(a->tag);
  assert_string_equal(b->str, "31");
  assert_string_equal(c->str, "0.5"); /* the JSON spelling of the same number */
  assert_string_equal(g->str, "7");
  assert_int_equal(evcc_map_get(doc->root, "d")->kind, EVCC_NODE_STRING);
  assert_true(evcc_map_get(doc->root, "e")->boolean);
  assert_int_equal(evcc_map_get(doc->root, "f")->kind, EVCC_NODE_NULL);
  evcc_doc_free(doc);
  evcc_diag_free(&d);
}

static void unsupported_tags_are_errors(void **state) {
  (void)state;
  static const char *const cases[][2] = {
      {"a: !!int abc\n", "!!int value 'abc' is not an integer"},
      {"a: !!float .inf\n", "!!float value '.inf' is not a number JSON can hold"},
      {"a: !!timestamp 2001-12-14\n", "YAML tag !!timestamp is not supported"},
      {"a: !!set {x: null}\n", "YAML tag !!set is not supported"},
      {"a: !!str [x]\n", "YAML tag !!str applies to a scalar, not to a sequence"},
      {"a: !Fancy x\n", "unknown YAML tag !Fancy"},
      {"a: {<<: {b: 1}}\n", "YAML merge keys ('<<') are not supported"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    evcc_diag_t d;
    assert_null(parse(cases[i][0], EVCC_SYNTAX_YAML, &d));
    assert_true(d.count >= 1);
    assert_non_null(strstr(d.msgs[0].text, cases[i][1]));
    assert_int_equal(d.msgs[0].loc.line, 1);
    evcc_diag_free(&d);
  }
}

static void aliases_are_charged_and_cycles_refused(void **state) {
  (void)state;
  evcc_diag_t d;
  evcc_load_limits_t limits = {.max_nodes = 40};
  const char *fanout = "a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9]\nb: [*a, *a, *a, *a]\n"; /* 2 + 10 + 1 + 1 + 4 * 10 */
  evcc_diag_init(&d);
  assert_null(evcc_doc_parse_limited("t.yaml", fanout, strlen(fanout), EVCC_SYNTAX_YAML, &limits, &d));
  assert_non_null(strstr(d.msgs[0].text, "more than 40 values"));
  assert_int_equal(d.msgs[0].loc.line, 2);
  evcc_diag_free(&d);
  limits.max_nodes = 60;
  evcc_diag_init(&d);
  evcc_doc_t *doc = evcc_doc_parse_limited("t.yaml", fanout, strlen(fanout), EVCC_SYNTAX_YAML, &limits, &d);
  assert_non_null(doc);
  assert_ptr_equal(evcc_map_get(doc->root, "b")->items[3], evcc_map_get(doc->root, "a"));
  evcc_doc_free(doc);
  evcc_diag_free(&d);
  assert_null(parse("a: &s [x, *s]\n", EVCC_SYNTAX_YAML, &d));
  assert_string_equal(d.msgs[0].text, "alias *s refers to its own anchor &s: recursive structures are not supported");
  evcc_diag_free(&d);
}

static void diagnostics_keep_the_file_name(void **state) {
  (void)state;
  evcc_diag_t d;
  evcc_diag_init(&d);
  char name[] = "freed-soon.yaml";
  assert_null(evcc_doc_parse(name, "a: [\n", 5, EVCC_SYNTAX_YAML, &d));
  memset(name, 'x', sizeof name - 1); /* the caller's buffer changes; the message must not */
  assert_string_equal(d.msgs[0].loc.file, "freed-soon.yaml");
  evcc_diag_free(&d);
}

static void file_size_limit(void **state) {
  (void)state;
  evcc_diag_t d;
  evcc_diag_init(&d);
  evcc_load_limits_t limits = {.max_file_bytes = 4};
  assert_null(evcc_doc_parse_limited("big.json", "[1, 2]", 6, EVCC_SYNTAX_JSON, &limits, &d));
  assert_non_null(strstr(d.msgs[0].text, "more than the limit of 4"));
  evcc_diag_free(&d);
  evcc_diag_init(&d);
  assert_null(evcc_doc_load_limited("/dev/zero", EVCC_SYNTAX_YAML, &limits, &d));
  assert_non_null(strstr(d.msgs[0].text, "larger than the limit of 4 bytes"));
  evcc_diag_free(&d);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(yaml_positions_and_tags),
      cmocka_unit_test(yaml_scalar_types),
      cmocka_unit_test(duplicate_keys_last_wins),
      cmocka_unit_test(json_is_strict),
      cmocka_unit_test(json_strings_decode),
      cmocka_unit_test(json_error_position),
      cmocka_unit_test(nesting_limit_is_an_error),
      cmocka_unit_test(embedded_json_maps_into_block_scalar),
      cmocka_unit_test(embedded_json_maps_into_quoted_scalar),
      cmocka_unit_test(yaml_syntax_error_has_position),
      cmocka_unit_test(big_numbers_are_refused_as_doubles),
      cmocka_unit_test(core_tags_follow_yaml_1_2),
      cmocka_unit_test(unsupported_tags_are_errors),
      cmocka_unit_test(aliases_are_charged_and_cycles_refused),
      cmocka_unit_test(diagnostics_keep_the_file_name),
      cmocka_unit_test(file_size_limit),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
