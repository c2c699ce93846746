/* InputTemplate placeholders: the <name> syntax and the predefined variables AWS reserves (§3.2-3.3). */
#ifndef EVCC_PLACEHOLDER_H
#define EVCC_PLACEHOLDER_H

#include <stdbool.h>
#include <stddef.h>

typedef enum evcc_predef {
  EVCC_PRE_RULE_ARN,       /* <aws.events.rule-arn> */
  EVCC_PRE_RULE_NAME,      /* <aws.events.rule-name> */
  EVCC_PRE_INGESTION_TIME, /* <aws.events.event.ingestion-time> */
  EVCC_PRE_EVENT,          /* <aws.events.event> */
  EVCC_PRE_EVENT_JSON      /* <aws.events.event.json> */
} evcc_predef_t;

/* A character of a placeholder name: [A-Za-z0-9_.-]. */
bool evcc_placeholder_char(char c);

/* Length of the placeholder "<name>" starting at s[i] (s has n bytes), or 0 when there is none. */
size_t evcc_placeholder_at(const char *s, size_t i, size_t n);

/* The predefined variable name[0..len) is (an evcc_predef_t), or -1. */
int evcc_predefined_var(const char *name, size_t len);

#endif
