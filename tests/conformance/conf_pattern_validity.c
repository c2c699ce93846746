/* Conformance: event-ruler's 152 valid/invalid patterns; reasons must agree where they are pattern-level. */
#include "conf_util.h"
#include "test_pattern.h"

/* Messages of the JSON parser (Jackson) are not part of the contract (the corpus's own note). */
static bool parser_level(const char *msg) {
  return strncmp(msg, "Unexpected", 10) == 0 || strstr(msg, "[Source:") != NULL;
}

int main(void) {
  json_t *root = conf_load("event-ruler/pattern-validity.json");
  conf_deviations_t dv;
  conf_deviations_load(&dv, "pattern-validity");
  int passed = 0, failed = 0, skipped = 0;
  size_t i;
  json_t *c;
  static const char event[] = "{\"id\":\"1\",\"account\":\"1\",\"source\":\"s\",\"time\":\"t\",\"region\":\"r\","
                              "\"detail-type\":\"d\"}";
  json_array_foreach(json_object_get(root, "cases"), i, c) {
    const char *pattern = json_string_value(json_object_get(c, "pattern"));
    bool valid = json_is_true(json_object_get(c, "valid"));
    const char *error = json_string_value(json_object_get(c, "error"));
    char reason[1024] = "", label[32];
    evcc_loc_t where;
    evcc_tp_result_t r = evcc_test_pattern(pattern, strlen(pattern), "pattern", event, sizeof event - 1, reason,
                                           sizeof reason, &where);
    bool got_valid = r != EVCC_TP_BAD_PATTERN;
    bool ok = got_valid == valid && (valid || !error || parser_level(error) || strcmp(error, reason) == 0);
    snprintf(label, sizeof label, "case%zu", i);
    if (ok) passed++;
    else if (conf_deviation(&dv, label)) skipped++;
    else {
      failed++;
      printf("FAIL %s %s: expected %s%s%s, got %s%s%s\n", label, pattern, valid ? "valid" : "invalid",
             error ? ": " : "", error ? error : "", got_valid ? "valid" : "invalid", reason[0] ? ": " : "", reason);
    }
  }
  json_decref(root);
  return conf_finish("pattern-validity", passed, failed, skipped, &dv);
}
