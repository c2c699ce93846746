/* Unit tests of inputs as users write them: CloudFormation fragments, SAM events, misspelled fields and types. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "spelling.h"

/* Loads YAML text as a rule file (patterns checked); returns the number of errors. */
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

static void unload(evcc_model_t *m, evcc_diag_t *d) {
  evcc_model_free(m);
  evcc_diag_free(d);
}

/* The formatted message `i` ("r.yaml:L:C: warning: ..."). */
static const char *message(const evcc_diag_t *d, size_t i) {
  static char line[512];
  assert_true(i < d->count);
  evcc_diag_format(&d->msgs[i], line, sizeof line);
  return line;
}

static void fragment_without_resources_is_a_template(void **state) {
  (void)state;
  evcc_model_t m;
  evcc_diag_t d;
  assert_int_equal(load_text(&m, &d,
                             "Bus:\n  Type: AWS::Events::EventBus\n  Properties: {Name: orders}\n"
                             "Big:\n  Type: AWS::Events::Rule\n  Properties:\n    EventBusName: !Ref Bus\n"
                             "    EventPattern: {source: [shop]}\n"
                             "    Targets: [{Id: T, Arn: !GetAtt Fn.Arn}]\n"
                             "Fn:\n  Type: AWS::Lambda::Function\n"),
                   0);
  assert_int_equal(d.count, 0);
  assert_int_equal(m.nbus, 1);
  assert_int_equal(m.nrule, 1);
  assert_string_equal(m.rules[0].name, "Big");
  assert_string_equal(m.rules[0].bus, "orders");
  assert_string_equal(m.rules[0].targets[0].arn_type, "AWS::Lambda::Function");
  unload(&m, &d);
}

static void pattern_with_a_type_field_stays_a_pattern(void **state) {
  (void)state;
  evcc_model_t m;
  evcc_diag_t d;
  assert_int_equal(load_text(&m, &d, "detail:\n  Type: [AWS::Events::Rule]\n"), 0);
  assert_int_equal(m.nrule, 1);
  assert_string_equal(m.rules[0].name, "r");
  unload(&m, &d);
}

static void sam_eventbridge_rule_targets_the_function(void **state) {
  (void)state;
  evcc_model_t m;
  evcc_diag_t d;
  assert_int_equal(load_text(&m, &d,
                             "Resources:\n  Orders:\n    Type: AWS::Serverless::Function\n    Properties:\n"
                             "      Events:\n        Placed:\n          Type: EventBridgeRule\n"
                             "          Properties:\n            Pattern: {source: [shop]}\n"
                             "            InputPath: $.detail\n"
                             "            RetryPolicy: {MaximumRetryAttempts: 2}\n"
                             "            DeadLetterConfig: {Type: SQS}\n"
                             "        Nightly:\n          Type: Schedule\n"
                             "          Properties: {Schedule: rate(1 day), Enabled: false, Name: nightly}\n"
                             "        Upload:\n          Type: S3\n          Properties: {Bucket: b}\n"),
                   0);
  assert_int_equal(d.count, 0);
  assert_int_equal(m.nrule, 2);
  const evcc_rule_t *r = &m.rules[0];
  assert_string_equal(r->name, "OrdersPlaced");
  assert_non_null(r->pattern);
  assert_int_equal(r->ntarget, 1);
  assert_string_equal(r->targets[0].id, "OrdersPlacedLambdaTarget");
  assert_string_equal(r->targets[0].arn.bind_name, "Orders");
  assert_string_equal(r->targets[0].arn_type, "AWS::Serverless::Function");
  assert_int_equal(r->targets[0].input_kind, EVCC_INPUT_PATH);
  assert_int_equal(r->targets[0].max_retry_attempts, 2);
  assert_string_equal(r->targets[0].dead_letter_arn.bind_name, "OrdersPlacedQueue");
  assert_string_equal(m.rules[1].name, "nightly");
  assert_string_equal(m.rules[1].schedule, "rate(1 day)");
  assert_false(m.rules[1].enabled);
  unload(&m, &d);
}

static void sam_target_id_bus_and_queue_name_come_from_the_event(void **state) {
  (void)state;
  evcc_model_t m;
  evcc_diag_t d;
  assert_int_equal(load_text(&m, &d,
                             "Fn:\n  Type: AWS::Serverless::Function\n  Properties:\n    Events:\n      E:\n"
                             "        Type: CloudWatchEvent\n"
                             "        Properties: {Pattern: {source: [a]}, EventBusName: orders}\n"
                             "      F:\n        Type: EventBridgeRule\n"
                             "        Properties: {Pattern: {source: [b]}, RuleName: rf, Target: {Id: Mine},\n"
                             "                     DeadLetterConfig: {Type: SQS, QueueLogicalId: MyDLQ}}\n"),
                   0);
  assert_int_equal(m.nrule, 2);
  assert_string_equal(m.rules[0].bus, "orders");
  assert_string_equal(m.rules[1].name, "rf");
  assert_string_equal(m.rules[1].targets[0].id, "Mine");
  assert_string_equal(m.rules[1].targets[0].dead_letter_arn.bind_name, "MyDLQ");
  unload(&m, &d);
}

static void sam_event_problems_are_reported_at_the_event(void **state) {
  (void)state;
  evcc_model_t m;
  evcc_diag_t d;
  assert_int_equal(load_text(&m, &d,
                             "Fn:\n  Type: AWS::Serverless::Function\n  Properties:\n    Events:\n"
                             "      A:\n        Type: EventbridgeRule\n        Properties: {Pattern: {source: [a]}}\n"
                             "      B:\n        Type: EventBridgeRule\n        Properties: {RuleName: b}\n"
                             "      C:\n        Type: EventBridgeRule\n"
                             "        Properties: {Pattern: {source: [c]}, DeadLetterConfig: {Type: SQS, Arn: x}}\n"),
                   2);
  assert_string_equal(message(&d, 0), "r.yaml:6:15: warning: 'EventbridgeRule' is not a SAM event type (did you mean "
                                      "'EventBridgeRule'?): eventc ignores event A [-Wunknown-type]");
  assert_string_equal(message(&d, 1), "r.yaml:10:21: error: event B (EventBridgeRule) needs a Pattern");
  assert_string_equal(message(&d, 2), "r.yaml:13:71: error: DeadLetterConfig of Fn takes Type or Arn, not both");
  unload(&m, &d);
}

static void malformed_resources_are_reported_once(void **state) {
  (void)state;
  evcc_model_t m;
  evcc_diag_t d;
  assert_int_equal(load_text(&m, &d,
                             "F:\n  Type: AWS::Serverless::Function\n  Properties: [1]\n"
                             "R:\n  Type: AWS::Events::Rule\n"),
                   2);
  assert_string_equal(message(&d, 0), "r.yaml:3:15: error: Properties: expected a mapping, got a sequence");
  assert_string_equal(message(&d, 1), "r.yaml:5:3: error: resource R (AWS::Events::Rule) has no Properties");
  unload(&m, &d);
}

static void misspelled_properties_name_the_right_spelling(void **state) {
  (void)state;
  evcc_model_t m;
  evcc_diag_t d;
  assert_int_equal(load_text(&m, &d,
                             "R:\n  Type: AWS::Events::Rule\n  Properties:\n    ScheduleExpression: rate(1 hour)\n"
                             "    eventPattern: {source: [a]}\n    Targets:\n      - Id: T\n        Arn: x\n"
                             "        RetryPolicy: {MaximumEventAge: 600, MaxRetryAttempts: 3}\n"),
                   0);
  assert_string_equal(message(&d, 0),
                      "r.yaml:5:5: warning: unknown field 'eventPattern' in a rule; did you mean 'EventPattern'? "
                      "[-Wunknown-field]");
  assert_string_equal(message(&d, 1), /* in key order */
                      "r.yaml:9:23: warning: unknown field 'MaximumEventAge' in a RetryPolicy; did you mean "
                      "'MaximumEventAgeInSeconds'? [-Wunknown-field]");
  assert_string_equal(message(&d, 2), /* the note follows its own warning, not the last one */
                      "r.yaml:9:40: note: eventc reads MaximumEventAge as MaximumEventAgeInSeconds; CloudFormation "
                      "rejects it");
  assert_string_equal(message(&d, 3),
                      "r.yaml:9:45: warning: unknown field 'MaxRetryAttempts' in a RetryPolicy; did you mean "
                      "'MaximumRetryAttempts'? [-Wunknown-field]");
  assert_int_equal(m.rules[0].targets[0].max_retry_attempts, 185); /* an unknown field is not read */
  assert_int_equal(m.rules[0].targets[0].max_event_age, 600);      /* except this spelling, with a note */
  unload(&m, &d);
}

static void unknown_types_warn_and_api_destinations_are_checked(void **state) {
  (void)state;
  evcc_model_t m;
  evcc_diag_t d;
  assert_int_equal(load_text(&m, &d,
                             "B:\n  Type: AWS::Events::EventBuss\n  Properties: {Name: x}\n"
                             "Q:\n  Type: AWS::SQS::Queue\n"
                             "C:\n  Type: AWS::Events::Connection\n  Properties: {AuthorizationType: API_KEY}\n"
                             "D:\n  Type: AWS::Events::ApiDestination\n"
                             "  Properties: {ConnectionArn: !GetAtt C.Arn, HttpMethod: Post, InvocationEndpoint: u}\n"
                             "R:\n  Type: AWS::Events::Rule\n"
                             "  Properties: {EventPattern: {source: [a]}, Targets: [{Id: T, Arn: !GetAtt D.Arn}]}\n"),
                   1);
  assert_string_equal(message(&d, 0), "r.yaml:2:9: warning: unknown resource type 'AWS::Events::EventBuss'; did you "
                                      "mean 'AWS::Events::EventBus'? [-Wunknown-type]");
  assert_string_equal(message(&d, 1), "r.yaml:11:58: error: HttpMethod 'Post' is not one of POST, GET, HEAD, OPTIONS, "
                                      "PUT, PATCH, DELETE; did you mean 'POST'?");
  assert_int_equal(d.count, 2);
  assert_string_equal(m.rules[0].targets[0].arn_type, "AWS::Events::ApiDestination");
  assert_string_equal(m.rules[0].targets[0].arn.bind_name, "D");
  unload(&m, &d);
}

static void suggestions(void **state) {
  (void)state;
  static const char *const known[] = {"EventPattern", "MaximumEventAgeInSeconds", "Arn", "Id"};
  assert_string_equal(evcc_spelling_suggest("eventpattern", known, 4), "EventPattern");
  assert_string_equal(evcc_spelling_suggest("EventPatern", known, 4), "EventPattern");
  assert_string_equal(evcc_spelling_suggest("MaximumEventAge", known, 4), "MaximumEventAgeInSeconds");
  assert_string_equal(evcc_spelling_suggest("ARN", known, 4), "Arn");
  assert_null(evcc_spelling_suggest("Colour", known, 4));
  assert_null(evcc_spelling_suggest("", known, 4));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(fragment_without_resources_is_a_template),
      cmocka_unit_test(pattern_with_a_type_field_stays_a_pattern),
      cmocka_unit_test(sam_eventbridge_rule_targets_the_function),
      cmocka_unit_test(sam_target_id_bus_and_queue_name_come_from_the_event),
      cmocka_unit_test(sam_event_problems_are_reported_at_the_event),
      cmocka_unit_test(malformed_resources_are_reported_once),
      cmocka_unit_test(misspelled_properties_name_the_right_spelling),
      cmocka_unit_test(unknown_types_warn_and_api_destinations_are_checked),
      cmocka_unit_test(suggestions),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
