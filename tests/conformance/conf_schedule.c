/* Conformance: the schedule expressions PutRule accepted or refused on AWS. */
#include "conf_util.h"
#include "schedule.h"

int main(void) {
  json_t *root = conf_load("eventbridge/schedule-expressions.json");
  int passed = 0, failed = 0, skipped = 0;
  size_t i;
  json_t *c;
  json_array_foreach(json_object_get(root, "cases"), i, c) {
    const char *expr = json_string_value(json_object_get(c, "expr"));
    bool valid = json_is_true(json_object_get(c, "valid"));
    const char *msg = json_string_value(json_object_get(json_object_get(c, "error"), "Message"));
    if (msg && strstr(msg, "default event bus")) { /* a bus-level rule, covered by the model tests */
      skipped++;
      continue;
    }
    evc_schedule_t s;
    bool got = evcc_schedule_parse(expr, &s);
    if (got == valid) passed++;
    else {
      failed++;
      printf("FAIL %s: expected %s\n", expr, valid ? "valid" : "invalid");
    }
  }
  json_decref(root);
  return conf_finish("schedule-expressions", passed, failed, skipped, NULL);
}
