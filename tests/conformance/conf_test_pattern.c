/* Conformance: the 164 TestEventPattern cases recorded on AWS, through evcc_test_pattern. */
#include "conf_util.h"
#include "test_pattern.h"

static const char *const prefix = "Event pattern is not valid. Reason: ";

static bool check_case(const json_t *c, char *why, size_t whylen) {
  const char *pattern = json_string_value(json_object_get(c, "event_pattern"));
  const char *event = json_string_value(json_object_get(c, "event"));
  const char *expected = json_string_value(json_object_get(c, "expected"));
  const char *code = json_string_value(json_object_get(c, "error_code"));
  const char *message = json_string_value(json_object_get(c, "error_message"));
  char reason[1024] = "";
  evcc_loc_t where;
  evcc_tp_result_t r = evcc_test_pattern(pattern, strlen(pattern), "pattern", event, strlen(event), reason,
                                         sizeof reason, &where);
  static const char *const names[] = {"MATCH", "NO_MATCH", "InvalidEventPatternException", "ValidationException"};
  if (strcmp(expected, "EXCEPTION") != 0) {
    snprintf(why, whylen, "expected %s, got %s %s", expected, names[r], reason);
    return strcmp(expected, names[r]) == 0;
  }
  snprintf(why, whylen, "expected %s %s, got %s %s", code, message ? message : "", names[r], reason);
  if (strcmp(code, names[r]) != 0) return false;
  if (r != EVCC_TP_BAD_PATTERN || !message) return true;
  size_t pl = strlen(prefix);
  return strncmp(message, prefix, pl) == 0 && strcmp(message + pl, reason) == 0;
}

int main(void) {
  json_t *root = conf_load("eventbridge/test-event-pattern.json");
  conf_deviations_t dv;
  conf_deviations_load(&dv, "test-event-pattern");
  int passed = 0, failed = 0, skipped = 0;
  size_t i;
  json_t *c;
  json_array_foreach(json_object_get(root, "cases"), i, c) {
    const char *name = json_string_value(json_object_get(c, "name"));
    char why[2048];
    bool ok = check_case(c, why, sizeof why);
    if (ok) passed++;
    else if (conf_deviation(&dv, name)) skipped++;
    else {
      failed++;
      printf("FAIL %s: %s\n", name, why);
    }
  }
  json_decref(root);
  return conf_finish("test-event-pattern", passed, failed, skipped, &dv);
}
