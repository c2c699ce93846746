/* Unit tests of rule-file loading: CloudFormation, eventc rules files, bare patterns, target limits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

static char *data_path(const char *rel) {
  static char path[4096];
  const char *dir = getenv("EVENTC_TEST_DATA");
  snprintf(path, sizeof path, "%s/%s", dir ? dir : "tests/data", rel);
  return path;
}

/* Loads YAML text as a rule file; returns the number of errors. */
static size_t load_text(evcc_model_t *m, evcc_diag_t *d, const char *text) {
  evcc_model_init(m);
  evcc_diag_init(d);
  evcc_doc_t *doc = evcc_doc_parse("r.yaml", text, strlen(text), EVCC_SYNTAX_YAML, d);
  if (doc) evcc_model_add_doc(m, doc, d);
  evcc_ir_t ir;
  evcc_ir_init(&ir);
  evcc_model_build_ir(m, NULL, &ir, d);
  evcc_ir_free(&ir);
  return d->errors;
}

static const evcc_rule_t *rule(const evcc_model_t *m, const char *name) {
  for (size_t i = 0; i < m->nrule; i++)
    if (strcmp(m->rules[i].name, name) == 0) return &m->rules[i];
  fail_msg("no rule %s", name);
  return NULL;
}

static void cloudformation_scenario(void **state) {
  (void)state;
  evcc_model_t m;
  evcc_model_init(&m);
  evcc_diag_t d;
  evcc_diag_init(&d);
  assert_true(evcc_model_load_file(&m, data_path("rules/ticket-processing.cfn.yaml"), &d));
  assert_int_equal(d.errors, 0);
  assert_int_equal(m.nbus, 1);
  assert_string_equal(m.buses[0].name, "ai-support-events");
  assert_int_equal(m.nrule, 6);
  const evcc_rule_t *fan = rule(&m, "ticket-completed-fanout");
  assert_string_equal(fan->bus, "ai-support-events");
  assert_int_equal(fan->ntarget, 5);
  const evcc_target_t *t = &fan->targets[0];
  assert_string_equal(t->id, "CustomerNotification");
  assert_int_equal(t->arn.ref, EVCC_REF_GETATT);
  assert_string_equal(t->arn.bind_name, "CustomerNotificationFunction");
  assert_int_equal(t->max_retry_attempts, 3);
  assert_int_equal(t->max_event_age, 3600); /* the MaximumEventAge spelling */
  assert_string_equal(t->dead_letter_arn.bind_name, "EventDLQ");
  assert_int_equal(fan->targets[1].max_retry_attempts, 185); /* defaults */
  assert_int_equal(fan->targets[1].max_event_age, 86400);
  const evcc_target_t *mt = &fan->targets[3];
  assert_int_equal(mt->input_kind, EVCC_INPUT_TRANSFORMER);
  assert_int_equal(mt->nvar, 3);
  assert_string_equal(mt->vars[1].name, "confidence");
  assert_string_equal(mt->vars[1].path, "$.detail.solution_confidence");
  assert_non_null(strstr(mt->input_template, "\"value\": <confidence>"));
  assert_string_equal(rule(&m, "suspicious-api-access")->bus, "default");
  assert_non_null(rule(&m, "saga-compensation")->pattern); /* JSON-string pattern parsed */
  evcc_model_free(&m);
  evcc_diag_free(&d);
}

static void check_finds_every_problem(void **state) {
  (void)state;
  evcc_model_t m;
  evcc_model_init(&m);
  evcc_diag_t d;
  evcc_diag_init(&d);
  evcc_model_load_file(&m, data_path("rules/bad-template.yaml"), &d);
  evcc_ir_t ir;
  evcc_ir_init(&ir);
  assert_false(evcc_model_build_ir(&m, NULL, &ir, &d));
  evcc_ir_free(&ir);
  assert_int_equal(d.errors, 3);
  bool seen_empty = false, seen_range = false, seen_retry = false;
  for (size_t i = 0; i < d.count; i++) {
    const evcc_diag_msg_t *msg = &d.msgs[i];
    if (strcmp(msg->text, "Empty arrays are not allowed") == 0)
      seen_empty = msg->loc.line == 16 && msg->loc.col == 19;
    if (strcmp(msg->text, "Bottom must be less than top") == 0) seen_range = msg->loc.line == 28;
    if (strstr(msg->text, "maximumRetryAttempts")) seen_retry = msg->loc.line == 44;
  }
  assert_true(seen_empty);
  assert_true(seen_range);
  assert_true(seen_retry);
  evcc_model_free(&m);
  evcc_diag_free(&d);
}

static void target_limits(void **state) {
  (void)state;
  static const struct {
    const char *yaml, *message;
  } cases[] = {
      {"rules:\n- Name: r\n  EventPattern: {a: [1]}\n  Targets:\n  - {Id: a, Arn: x}\n  - {Id: b, Arn: x}\n"
       "  - {Id: c, Arn: x}\n  - {Id: d, Arn: x}\n  - {Id: e, Arn: x}\n  - {Id: f, Arn: x}\n",
       "The requested resource exceeds the maximum number allowed."},
      {"rules:\n- Name: r\n  EventPattern: {a: [1]}\n  Targets:\n  - {Id: 'bad id', Arn: x}\n",
       "Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+"},
      {"rules:\n- Name: r\n  EventPattern: {a: [1]}\n  Targets:\n  - {Id: a, Arn: x, RetryPolicy: {MaximumEventAgeInSeconds: 30}}\n",
       "Member must have value greater than or equal to 60"},
      {"rules:\n- Name: r\n  EventPattern: {a: [1]}\n  Targets:\n  - {Id: a, Arn: x, Input: '{}', InputPath: $.detail}\n",
       "Only one of Input, InputPath, or InputTransformer must be provided for target a."},
      {"rules:\n- Name: r\n  EventPattern: {a: [1]}\n  Targets:\n  - Id: t1\n    Arn: x\n    InputTransformer:\n"
       "      InputPathsMap: {dt: $.detail-type}\n      InputTemplate: '\"Event of <dt> type, with not defined key "
       "<notdefinedkey>\"'\n",
       "InputTemplate for target t1 contains invalid placeholder notdefinedkey."},
      {"rules:\n- Name: r\n  EventPattern: {a: [1]}\n  Targets:\n  - {Id: a, Arn: x, Input: '{not json'}\n",
       "Input of target a is not valid JSON"},
      {"rules:\n- Name: r\n  EventBusName: custom\n  ScheduleExpression: rate(1 minute)\n",
       "ScheduleExpression is supported only on the default event bus."},
      {"rules:\n- Name: r\n  ScheduleExpression: rate(1 minutes)\n", "Parameter ScheduleExpression is not valid."},
      {"rules:\n- Name: r\n", "needs an EventPattern or a ScheduleExpression"},
      {"rules:\n- Name: r\n  EventPattern: {a: [1]}\n- Name: r\n  EventPattern: {a: [2]}\n", "defined twice"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    evcc_model_t m;
    evcc_diag_t d;
    if (load_text(&m, &d, cases[i].yaml) == 0) fail_msg("case %zu accepted", i);
    bool found = false;
    for (size_t k = 0; k < d.count && !found; k++) found = strstr(d.msgs[k].text, cases[i].message) != NULL;
    if (!found) fail_msg("case %zu: no \"%s\" (first: %s)", i, cases[i].message, d.msgs[0].text);
    assert_true(d.msgs[0].loc.line > 0);
    evcc_model_free(&m);
    evcc_diag_free(&d);
  }
}

static void eventc_rules_file(void **state) {
  (void)state;
  evcc_model_t m;
  evcc_diag_t d;
  size_t errors = load_text(&m, &d,
                            "eventc: 1\nbuses:\n  - Name: orders\nrules:\n  - Name: big-orders\n    EventBusName: orders\n"
                            "    EventPattern: '{\"detail\": {\"total\": [{\"numeric\": [\">\", 100]}]}}'\n"
                            "    Targets:\n      - Id: Audit\n        Arn: audit-sink\n        InputPath: $.detail\n"
                            "  - Name: nightly\n    ScheduleExpression: cron(0 2 * * ? *)\n"
                            "archives:\n  - ArchiveName: all-orders\n    EventBusName: orders\n    RetentionDays: 30\n");
  assert_int_equal(errors, 0);
  assert_int_equal(m.nbus, 1);
  assert_int_equal(m.nrule, 2);
  assert_string_equal(m.rules[0].bus, "orders");
  assert_int_equal(m.rules[0].targets[0].input_kind, EVCC_INPUT_PATH);
  assert_string_equal(m.rules[0].targets[0].arn.bind_name, "audit-sink");
  assert_string_equal(m.rules[1].schedule, "cron(0 2 * * ? *)");
  assert_int_equal(m.narchive, 1);
  assert_int_equal(m.archives[0].retention_days, 30);
  char *arn = evcc_rule_arn(&m.rules[0], "us-east-1", "123456789012");
  assert_string_equal(arn, "arn:aws:events:us-east-1:123456789012:rule/orders/big-orders");
  free(arn);
  evcc_model_free(&m);
  evcc_diag_free(&d);
}

static void unknown_fields_warn(void **state) {
  (void)state;
  evcc_model_t m;
  evcc_diag_t d;
  load_text(&m, &d, "rules:\n- Name: r\n  EventPatern: {a: [1]}\n  ScheduleExpression: rate(5 minutes)\n");
  assert_int_equal(d.errors, 0);
  assert_int_equal(d.warnings, 1);
  assert_int_equal(d.msgs[0].warning, EVCC_W_UNKNOWN_FIELD);
  assert_int_equal(d.msgs[0].loc.line, 3);
  char line[512];
  evcc_diag_format(&d.msgs[0], line, sizeof line);
  assert_string_equal(line, "r.yaml:3:3: warning: unknown field 'EventPatern' in a rule; did you mean 'EventPattern'? "
                           "[-Wunknown-field]");
  evcc_model_free(&m);
  evcc_diag_free(&d);
}

static void werror_and_wno(void **state) {
  (void)state;
  evcc_diag_t d;
  evcc_diag_init(&d);
  assert_true(evcc_diag_flag(&d, "-Wno-unknown-field"));
  assert_true(evcc_diag_flag(&d, "-Werror"));
  assert_false(evcc_diag_flag(&d, "-Wno-such-thing"));
  evcc_loc_t loc = {"f", 1, 1};
  evcc_warn(&d, EVCC_W_UNKNOWN_FIELD, loc, "x");
  assert_int_equal(d.count, 0);
  evcc_warn(&d, EVCC_W_PATTERN_SIZE, loc, "big");
  assert_true(evcc_diag_failed(&d));
  char line[256];
  evcc_diag_format(&d.msgs[0], line, sizeof line);
  assert_string_equal(line, "f:1:1: error: big [-Werror=pattern-size]");
  evcc_diag_free(&d);
}

static void pattern_size_warning(void **state) {
  (void)state;
  char yaml[8192] = "rules:\n- Name: big\n  EventPattern:\n    source:\n";
  for (int i = 0; i < 120; i++) snprintf(yaml + strlen(yaml), sizeof yaml - strlen(yaml), "      - source-number-%03d\n", i);
  evcc_model_t m;
  evcc_diag_t d;
  assert_int_equal(load_text(&m, &d, yaml), 0);
  assert_int_equal(d.warnings, 1);
  assert_int_equal(d.msgs[0].warning, EVCC_W_PATTERN_SIZE);
  assert_int_equal(d.msgs[0].loc.line, 4);
  evcc_model_free(&m);
  evcc_diag_free(&d);
}

/* The undefined placeholder is reported where it is written, also inside a block template. */
static void placeholder_position(void **state) {
  (void)state;
  evcc_model_t m;
  evcc_diag_t d;
  load_text(&m, &d,
            "rules:\n- Name: r\n  EventPattern: {a: [1]}\n  Targets:\n  - Id: t1\n    Arn: x\n"
            "    InputTransformer:\n      InputPathsMap: {id: $.id}\n      InputTemplate: |\n"
            "        {\n          \"id\": <id>,\n          \"who\": <nobody>\n        }\n");
  assert_int_equal(d.errors, 1);
  assert_int_equal(d.msgs[0].loc.line, 12);
  assert_int_equal(d.msgs[0].loc.col, 18);
  evcc_model_free(&m);
  evcc_diag_free(&d);
}

static void bare_pattern_file(void **state) {
  (void)state;
  evcc_model_t m;
  evcc_model_init(&m);
  evcc_diag_t d;
  evcc_diag_init(&d);
  const char *text = "{\"source\": [\"aws.ec2\"]}";
  evcc_doc_t *doc = evcc_doc_parse("dir/ec2-events.json", text, strlen(text), EVCC_SYNTAX_AUTO, &d);
  assert_true(evcc_model_add_doc(&m, doc, &d));
  assert_int_equal(m.nrule, 1);
  assert_string_equal(m.rules[0].name, "ec2-events");
  evcc_model_free(&m);
  evcc_diag_free(&d);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(cloudformation_scenario), cmocka_unit_test(check_finds_every_problem),
      cmocka_unit_test(target_limits),           cmocka_unit_test(eventc_rules_file),
      cmocka_unit_test(unknown_fields_warn),     cmocka_unit_test(werror_and_wno),
      cmocka_unit_test(bare_pattern_file),       cmocka_unit_test(pattern_size_warning),
      cmocka_unit_test(placeholder_position),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
