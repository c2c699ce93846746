/* InputTemplate placeholder syntax and predefined variables, shared by the model check and the emitter. */
#include "placeholder.h"

#include <string.h>

static const char *const predefined[] = {
    [EVCC_PRE_RULE_ARN] = "aws.events.rule-arn",
    [EVCC_PRE_RULE_NAME] = "aws.events.rule-name",
    [EVCC_PRE_INGESTION_TIME] = "aws.events.event.ingestion-time",
    [EVCC_PRE_EVENT] = "aws.events.event",
    [EVCC_PRE_EVENT_JSON] = "aws.events.event.json",
};

bool evcc_placeholder_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
         c == '.';
}

size_t evcc_placeholder_at(const char *s, size_t i, size_t n) {
  if (s[i] != '<') return 0;
  size_t j = i + 1;
  while (j < n && evcc_placeholder_char(s[j])) j++;
  return j > i + 1 && j < n && s[j] == '>' ? j + 1 - i : 0;
}

int evcc_predefined_var(const char *name, size_t len) {
  for (size_t k = 0; k < sizeof predefined / sizeof predefined[0]; k++)
    if (strlen(predefined[k]) == len && memcmp(predefined[k], name, len) == 0) return (int)k;
  return -1;
}
