/* SAM EventBridgeRule, CloudWatchEvent and Schedule events as the AWS::Events::Rule properties SAM generates. */
#include "sam.h"

#include "node_check.h"
#include "spelling.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define RULE_FIELDS 7 /* Name, EventBusName, EventPattern, ScheduleExpression, State, Description, Targets */
#define TARGET_FIELDS 7

/* Every event source type of the SAM specification: other types are reported as misspellings. */
static const char *const sam_event_types[] = {"AlexaSkill",
                                              "Api",
                                              "CloudWatchEvent",
                                              "CloudWatchLogs",
                                              "Cognito",
                                              "DocumentDB",
                                              "DynamoDB",
                                              "EventBridgeRule",
                                              "HttpApi",
                                              "IoTRule",
                                              "Kinesis",
                                              "MQ",
                                              "MSK",
                                              "S3",
                                              "Schedule",
                                              "ScheduleV2",
                                              "SelfManagedKafka",
                                              "SNS",
                                              "SQS"};

static const char *const eventbridge_rule_fields[] = {
    "DeadLetterConfig", "EventBusName", "Input",    "InputPath", "InputTransformer",
    "Pattern",          "RetryPolicy",  "RuleName", "State",     "Target"};
static const char *const cloudwatch_event_fields[] = {"Enabled",   "EventBusName", "Input",
                                                      "InputPath", "Pattern",      "State"};
static const char *const schedule_fields[] = {"DeadLetterConfig", "Description", "Enabled", "Input", "Name",
                                              "RetryPolicy",      "Schedule",    "State"};
static const char *const sam_dlq_fields[] = {"Arn", "QueueLogicalId", "Type"};

typedef struct {
  evcc_doc_t *doc;
  evcc_diag_t *d;
  bool *ok;
  const char *owner_type;
  const char *owner_id;
  const char *const *fields; /* of the event being read: the others were reported and are not read */
  size_t nfields;
} sam_t;

/* The event property `key` when the event's type has it (an unknown one was warned about), else NULL. */
static const evcc_node_t *field(const sam_t *s, const evcc_node_t *p, const char *key) {
  for (size_t i = 0; i < s->nfields; i++)
    if (strcmp(s->fields[i], key) == 0) return evcc_map_get(p, key);
  return NULL;
}

bool evcc_sam_is_rule_owner(const char *type) {
  return strcmp(type, "AWS::Serverless::Function") == 0 || strcmp(type, "AWS::Serverless::StateMachine") == 0;
}

static void fail(sam_t *s, const evcc_node_t *at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void fail(sam_t *s, const evcc_node_t *at, const char *fmt, ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  evcc_error(s->d, at->loc, "%s", msg);
  *s->ok = false;
}

/* ---- nodes built in the document's pool ---- */

static evcc_node_t *new_node(const sam_t *s, evcc_node_kind_t kind, evcc_loc_t loc) {
  evcc_node_t *n = evcc_doc_alloc(s->doc, sizeof *n);
  memset(n, 0, sizeof *n);
  n->kind = kind;
  n->loc = loc;
  n->doc = s->doc;
  return n;
}

static evcc_node_t *new_string(const sam_t *s, evcc_loc_t loc, const char *text, const char *tag) {
  evcc_node_t *n = new_node(s, EVCC_NODE_STRING, loc);
  n->len = strlen(text);
  n->str = evcc_doc_strndup(s->doc, text, n->len);
  n->tag = tag;
  return n;
}

static evcc_node_t *new_container(const sam_t *s, evcc_node_kind_t kind, evcc_loc_t loc, size_t cap) {
  evcc_node_t *n = new_node(s, kind, loc);
  n->items = evcc_doc_alloc(s->doc, cap * sizeof *n->items);
  if (kind == EVCC_NODE_MAP) n->keys = evcc_doc_alloc(s->doc, cap * sizeof *n->keys);
  return n;
}

/* Adds key: value (a node of the document, shared, never modified) when value is not NULL. */
static void map_put(const sam_t *s, evcc_node_t *map, const char *key, const evcc_node_t *value) {
  if (!value) return;
  map->keys[map->count] = new_string(s, value->loc, key, NULL);
  map->items[map->count++] = (evcc_node_t *)value;
}

static char *concat(const sam_t *s, const char *a, const char *b) {
  size_t n = strlen(a) + strlen(b) + 1;
  char *r = evcc_doc_alloc(s->doc, n);
  snprintf(r, n, "%s%s", a, b);
  return r;
}

/* ---- one event ---- */

/* SAM's DeadLetterConfig: Arn (passed on), or Type: SQS for a queue SAM creates (QueueLogicalId or RULE "Queue"). */
static const evcc_node_t *dead_letter_config(sam_t *s, const evcc_node_t *v, const char *rule_id) {
  if (!evcc_node_expect(s->d, v, EVCC_NODE_MAP, "DeadLetterConfig")) {
    *s->ok = false;
    return NULL;
  }
  evcc_check_known_keys(s->d, v, sam_dlq_fields, COUNT(sam_dlq_fields), "a SAM DeadLetterConfig");
  const evcc_node_t *arn = evcc_map_get(v, "Arn"), *type = evcc_map_get(v, "Type");
  const evcc_node_t *queue = evcc_map_get(v, "QueueLogicalId");
  if (arn && type) {
    fail(s, type, "DeadLetterConfig of %s takes Type or Arn, not both", s->owner_id);
    return NULL;
  }
  if (!arn && !type) {
    fail(s, v, "DeadLetterConfig of %s needs Arn (an SQS queue) or Type: SQS (a queue SAM creates)", s->owner_id);
    return NULL;
  }
  evcc_node_t *dlq = new_container(s, EVCC_NODE_MAP, v->loc, 1);
  if (arn) {
    map_put(s, dlq, "Arn", arn);
    return dlq;
  }
  if (type->kind != EVCC_NODE_STRING || type->tag || strcmp(type->str, "SQS") != 0) {
    fail(s, type, "DeadLetterConfig Type must be SQS, not %s",
         type->kind == EVCC_NODE_STRING && !type->tag ? type->str : evcc_node_shape(type));
    return NULL;
  }
  if (queue && (!evcc_node_expect(s->d, queue, EVCC_NODE_STRING, "QueueLogicalId"))) {
    *s->ok = false;
    return NULL;
  }
  const char *queue_id = queue ? queue->str : concat(s, rule_id, "Queue");
  map_put(s, dlq, "Arn", new_string(s, (queue ? queue : type)->loc, concat(s, queue_id, ".Arn"), "!GetAtt"));
  return dlq;
}

/* The rule's single target: the owning function or state machine. */
static evcc_node_t *target_of(sam_t *s, const evcc_node_t *p, const evcc_node_t *event, const char *rule_id) {
  evcc_node_t *t = new_container(s, EVCC_NODE_MAP, event->loc, TARGET_FIELDS);
  const evcc_node_t *target = field(s, p, "Target"), *id = NULL;
  if (target && evcc_node_expect(s->d, target, EVCC_NODE_MAP, "Target")) {
    static const char *const target_fields[] = {"Id"};
    evcc_check_known_keys(s->d, target, target_fields, 1, "a SAM Target");
    id = evcc_map_get(target, "Id");
  } else if (target) {
    *s->ok = false;
  }
  bool function = strcmp(s->owner_type, "AWS::Serverless::Function") == 0;
  map_put(s, t, "Id",
          id ? id
             : new_string(s, event->loc, concat(s, rule_id, function ? "LambdaTarget" : "StepFunctionsTarget"), NULL));
  map_put(s, t, "Arn", new_string(s, event->loc, concat(s, s->owner_id, ".Arn"), "!GetAtt"));
  map_put(s, t, "Input", field(s, p, "Input"));
  map_put(s, t, "InputPath", field(s, p, "InputPath"));
  map_put(s, t, "InputTransformer", field(s, p, "InputTransformer"));
  map_put(s, t, "RetryPolicy", field(s, p, "RetryPolicy"));
  const evcc_node_t *dlq = field(s, p, "DeadLetterConfig");
  if (dlq) map_put(s, t, "DeadLetterConfig", dead_letter_config(s, dlq, rule_id));
  return t;
}

/* State from State, else from Enabled (CloudWatchEvent, Schedule): Enabled: false is DISABLED. */
static const evcc_node_t *state_of(sam_t *s, const evcc_node_t *p) {
  const evcc_node_t *state = field(s, p, "State"), *enabled = field(s, p, "Enabled");
  if (state || !enabled) return state;
  if (!evcc_node_expect(s->d, enabled, EVCC_NODE_BOOL, "Enabled")) {
    *s->ok = false;
    return NULL;
  }
  return new_string(s, enabled->loc, enabled->boolean ? "ENABLED" : "DISABLED", NULL);
}

/* Field names of one rule-generating event type, or NULL when the type makes no EventBridge rule. */
static const char *const *rule_fields(const char *type, size_t *n) {
  if (strcmp(type, "EventBridgeRule") == 0) {
    *n = COUNT(eventbridge_rule_fields);
    return eventbridge_rule_fields;
  }
  if (strcmp(type, "CloudWatchEvent") == 0) {
    *n = COUNT(cloudwatch_event_fields);
    return cloudwatch_event_fields;
  }
  if (strcmp(type, "Schedule") == 0) {
    *n = COUNT(schedule_fields);
    return schedule_fields;
  }
  return NULL;
}

/* The type of an event, reporting a misspelled one; NULL when the event has no usable Type. */
static const char *event_type(sam_t *s, const evcc_node_t *key, const evcc_node_t *event) {
  char what[160];
  snprintf(what, sizeof what, "event %.64s of %.64s", key->str, s->owner_id);
  if (!evcc_node_expect(s->d, event, EVCC_NODE_MAP, what)) {
    *s->ok = false;
    return NULL;
  }
  const evcc_node_t *type = evcc_map_get(event, "Type");
  if (!type) {
    fail(s, event, "%s has no Type", what);
    return NULL;
  }
  snprintf(what, sizeof what, "Type of event %.64s", key->str);
  if (!evcc_node_expect(s->d, type, EVCC_NODE_STRING, what)) {
    *s->ok = false;
    return NULL;
  }
  for (size_t i = 0; i < COUNT(sam_event_types); i++)
    if (strcmp(type->str, sam_event_types[i]) == 0) return type->str;
  const char *guess = evcc_spelling_suggest(type->str, sam_event_types, COUNT(sam_event_types));
  if (guess)
    evcc_warn(s->d, EVCC_W_UNKNOWN_TYPE, type->loc,
              "'%s' is not a SAM event type (did you mean '%s'?): eventc ignores event %s", type->str, guess, key->str);
  else
    evcc_warn(s->d, EVCC_W_UNKNOWN_TYPE, type->loc, "'%s' is not a SAM event type: eventc ignores event %s", type->str,
              key->str);
  return NULL;
}

static bool read_event(sam_t *s, const evcc_node_t *key, const evcc_node_t *event, evcc_sam_rule_t *out) {
  const char *type = event_type(s, key, event);
  s->fields = type ? rule_fields(type, &s->nfields) : NULL;
  if (!s->fields) return false;
  const evcc_node_t *p = evcc_map_get(event, "Properties");
  if (!p) {
    fail(s, event, "event %s (%s) has no Properties", key->str, type);
    return false;
  }
  if (!evcc_node_expect(s->d, p, EVCC_NODE_MAP, "Properties")) {
    *s->ok = false;
    return false;
  }
  char what[96];
  snprintf(what, sizeof what, "a SAM %s event", type);
  evcc_check_known_keys(s->d, p, s->fields, s->nfields, what);
  bool schedule = strcmp(type, "Schedule") == 0;
  if (!evcc_map_get(p, schedule ? "Schedule" : "Pattern")) {
    fail(s, p, "event %s (%s) needs a %s", key->str, type, schedule ? "Schedule" : "Pattern");
    return false;
  }
  const char *rule_id = concat(s, s->owner_id, key->str);
  evcc_node_t *props = new_container(s, EVCC_NODE_MAP, p->loc, RULE_FIELDS);
  map_put(s, props, "Name", evcc_map_get(p, schedule ? "Name" : "RuleName"));
  map_put(s, props, "EventBusName", field(s, p, "EventBusName"));
  map_put(s, props, "EventPattern", field(s, p, "Pattern"));
  map_put(s, props, "ScheduleExpression", field(s, p, "Schedule"));
  map_put(s, props, "State", state_of(s, p));
  map_put(s, props, "Description", field(s, p, "Description"));
  evcc_node_t *targets = new_container(s, EVCC_NODE_SEQ, event->loc, 1);
  targets->items[targets->count++] = target_of(s, p, event, rule_id);
  map_put(s, props, "Targets", targets);
  *out = (evcc_sam_rule_t){rule_id, props, event->loc};
  return true;
}

size_t evcc_sam_rules(evcc_doc_t *doc, const char *owner_type, const char *owner_id, const evcc_node_t *props,
                      evcc_diag_t *d, bool *ok, evcc_sam_rule_t **out) {
  sam_t s = {doc, d, ok, owner_type, owner_id, NULL, 0};
  *out = NULL;
  if (!evcc_node_expect(d, props, EVCC_NODE_MAP, "Properties")) {
    *ok = false;
    return 0;
  }
  const evcc_node_t *events = evcc_map_get(props, "Events");
  if (!events) return 0;
  if (!evcc_node_expect(d, events, EVCC_NODE_MAP, "Events")) {
    *ok = false;
    return 0;
  }
  *out = evcc_doc_alloc(doc, (events->count ? events->count : 1) * sizeof **out);
  size_t n = 0;
  for (size_t i = 0; i < events->count; i++) n += read_event(&s, events->keys[i], events->items[i], &(*out)[n]);
  return n;
}
