/* Builds the routing graph of a model: who publishes to which bus, which rule sends where, with DLQs and archives. */
#include "graph.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_prefix[] = {"src", "sched", "bus", "rule", "tgt", "dlq", "arch"};

static char *xstrdup(const char *s) {
  char *r = strdup(s);
  if (!r) abort();
  return r;
}

/* printf into a new string: labels are as long as the names in them. */
static char *fmt(const char *format, ...) __attribute__((format(printf, 1, 2)));
static char *fmt(const char *format, ...) {
  evcc_buf_t b;
  evcc_buf_init(&b);
  va_list ap;
  va_start(ap, format);
  evcc_buf_vprintf(&b, format, ap);
  va_end(ap);
  return evcc_buf_take(&b);
}

static void *grow(void *v, size_t n, size_t size) {
  void *r = realloc(v, (n + 1) * size);
  if (!r) abort();
  return r;
}

/* The node of `kind` with `key`, added (labelled `label`) when new. */
static size_t node(evcc_graph_t *g, evcc_gnode_kind_t kind, const char *key, const char *label) {
  size_t same_kind = 0;
  for (size_t i = 0; i < g->nnode; i++) {
    if (g->nodes[i].kind != kind) continue;
    if (strcmp(g->nodes[i].key, key) == 0) return i;
    same_kind++;
  }
  char id[32];
  snprintf(id, sizeof id, "%s%zu", kind_prefix[kind], same_kind + 1);
  g->nodes = grow(g->nodes, g->nnode, sizeof *g->nodes);
  g->nodes[g->nnode] = (evcc_gnode_t){kind, xstrdup(key), xstrdup(id), xstrdup(label), false};
  return g->nnode++;
}

static void edge(evcc_graph_t *g, size_t from, size_t to, const char *label, bool dashed) {
  for (size_t i = 0; i < g->nedge; i++) {
    const evcc_gedge_t *e = &g->edges[i];
    if (e->from == from && e->to == to && (e->label ? label && strcmp(e->label, label) == 0 : !label)) return;
  }
  g->edges = grow(g->edges, g->nedge, sizeof *g->edges);
  g->edges[g->nedge++] = (evcc_gedge_t){from, to, label ? xstrdup(label) : NULL, dashed};
}

static size_t bus_node(evcc_graph_t *g, const char *name) {
  char *label = fmt("%s\nevent bus", name);
  size_t n = node(g, EVCC_GNODE_BUS, name, label);
  free(label);
  return n;
}

/* Every `source` value of a pattern ($or branches included) becomes a source publishing to `bus`. */
static void add_sources(evcc_graph_t *g, const evcc_node_t *pattern, size_t bus) {
  if (!pattern || pattern->kind != EVCC_NODE_MAP) return;
  const evcc_node_t *src = evcc_map_get(pattern, "source");
  for (size_t i = 0; src && src->kind == EVCC_NODE_SEQ && i < src->count; i++) {
    const evcc_node_t *v = src->items[i];
    evcc_buf_t label;
    evcc_buf_init(&label);
    if (v->kind == EVCC_NODE_MAP && v->count == 1) { /* an operator: {"prefix": "aws."} */
      evcc_buf_printf(&label, "%s: ", v->keys[0]->str);
      evcc_node_to_json(v->items[0], &label);
    } else if (v->kind == EVCC_NODE_STRING) {
      evcc_buf_put(&label, v->str, strlen(v->str));
    } else {
      evcc_node_to_json(v, &label);
    }
    edge(g, node(g, EVCC_GNODE_SOURCE, label.data, label.data), bus, NULL, false);
    evcc_buf_free(&label);
  }
  const evcc_node_t * or = evcc_map_get(pattern, "$or");
  for (size_t i = 0; or && or->kind == EVCC_NODE_SEQ && i < or->count; i++) add_sources(g, or->items[i], bus);
}

/* "Lambda function", "SQS queue", ... from the template resource type or from the ARN's service. */
static const char *target_kind(const evcc_target_t *t) {
  static const char *const by_type[][2] = {{"AWS::Lambda::Function", "Lambda function"},
                                           {"AWS::Serverless::Function", "Lambda function"},
                                           {"AWS::SQS::Queue", "SQS queue"},
                                           {"AWS::SNS::Topic", "SNS topic"},
                                           {"AWS::Kinesis::Stream", "Kinesis stream"},
                                           {"AWS::KinesisFirehose::DeliveryStream", "Firehose stream"},
                                           {"AWS::StepFunctions::StateMachine", "state machine"},
                                           {"AWS::Serverless::StateMachine", "state machine"},
                                           {"AWS::Events::ApiDestination", "API destination"},
                                           {"AWS::Logs::LogGroup", "log group"}};
  static const char *const by_service[][2] = {
      {"lambda", "Lambda function"},   {"sqs", "SQS queue"},        {"sns", "SNS topic"}, {"kinesis", "Kinesis stream"},
      {"firehose", "Firehose stream"}, {"states", "state machine"}, {"logs", "log group"}};
  for (size_t i = 0; t->arn_type && i < sizeof by_type / sizeof by_type[0]; i++)
    if (strcmp(t->arn_type, by_type[i][0]) == 0) return by_type[i][1];
  const char *text = t->arn.text;
  if (t->arn.ref != EVCC_REF_NONE || strncmp(text, "arn:", 4) != 0) return NULL;
  const char *service = strchr(text + 4, ':'); /* arn:PARTITION:SERVICE:... */
  for (size_t i = 0; service && i < sizeof by_service / sizeof by_service[0]; i++) {
    size_t n = strlen(by_service[i][0]);
    if (strncmp(service + 1, by_service[i][0], n) == 0 && service[1 + n] == ':') return by_service[i][1];
  }
  return NULL;
}

/* A literal ARN's last part ("notification-service"); a bind name as it is. */
static const char *short_name(const char *bind_name) {
  if (strncmp(bind_name, "arn:", 4) != 0) return bind_name;
  const char *colon = strrchr(bind_name, ':'), *slash = strrchr(bind_name, '/');
  const char *last = slash > colon ? slash : colon;
  return last[1] ? last + 1 : bind_name;
}

/* The edge label of a rule's target: its Id, what it receives, its retry policy. */
static void target_edge_label(const evcc_target_t *t, evcc_buf_t *b) {
  evcc_buf_puts(b, t->id);
  if (t->input_kind == EVCC_INPUT_PATH)
    evcc_buf_printf(b, "\nInputPath %s", t->input_path);
  else if (t->input_kind == EVCC_INPUT_CONSTANT)
    evcc_buf_puts(b, "\nInput: constant JSON");
  else if (t->input_kind == EVCC_INPUT_TRANSFORMER)
    evcc_buf_printf(b, "\nInputTransformer (%zu path%s)", t->nvar, t->nvar == 1 ? "" : "s");
  if (t->has_retry_policy) evcc_buf_printf(b, "\nretries %d, max age %d s", t->max_retry_attempts, t->max_event_age);
}

static void add_target(evcc_graph_t *g, size_t rule, const evcc_target_t *t) {
  evcc_buf_t label;
  evcc_buf_init(&label);
  target_edge_label(t, &label);
  size_t to;
  if (t->bus_name) {
    to = bus_node(g, t->bus_name);
  } else {
    const char *kind = target_kind(t);
    char *text = fmt("%s%s%s", short_name(t->arn.bind_name), kind ? "\n" : "", kind ? kind : "");
    to = node(g, EVCC_GNODE_TARGET, t->arn.bind_name, text);
    free(text);
  }
  edge(g, rule, to, label.data, false);
  evcc_buf_free(&label);
  if (t->dead_letter_arn.text) {
    char *text = fmt("%s\ndead-letter queue", short_name(t->dead_letter_arn.bind_name));
    size_t dlq = node(g, EVCC_GNODE_DLQ, t->dead_letter_arn.bind_name, text);
    free(text);
    char *why = fmt("dead letters of %s", t->id);
    edge(g, rule, dlq, why, true);
    free(why);
  }
}

static void add_rule(evcc_graph_t *g, const evcc_rule_t *r) {
  char *key = fmt("%s/%s", r->bus, r->name), *text = fmt("%s%s", r->name, r->enabled ? "" : "\nDISABLED");
  size_t rule = node(g, EVCC_GNODE_RULE, key, text);
  free(key);
  free(text);
  g->nodes[rule].dashed = !r->enabled;
  if (r->pattern) {
    size_t bus = bus_node(g, r->bus);
    add_sources(g, r->pattern, bus);
    edge(g, bus, rule, NULL, false);
  }
  if (r->schedule) edge(g, node(g, EVCC_GNODE_SCHEDULE, r->schedule, r->schedule), rule, NULL, false);
  for (size_t t = 0; t < r->ntarget; t++) add_target(g, rule, &r->targets[t]);
}

static void add_archive(evcc_graph_t *g, const evcc_archive_t *a) {
  char *text = a->retention_days ? fmt("%s\narchive, %d days", a->name, a->retention_days)
                                 : fmt("%s\narchive, kept indefinitely", a->name);
  size_t arch = node(g, EVCC_GNODE_ARCHIVE, a->name, text);
  free(text);
  edge(g, bus_node(g, a->bus), arch, a->pattern ? "events matching its pattern" : "every event", true);
}

void evcc_graph_build(const evcc_model_t *m, evcc_graph_t *g) {
  memset(g, 0, sizeof *g);
  for (size_t i = 0; i < m->nbus; i++) bus_node(g, m->buses[i].name);
  for (size_t i = 0; i < m->nrule; i++) add_rule(g, &m->rules[i]);
  for (size_t i = 0; i < m->narchive; i++) add_archive(g, &m->archives[i]);
}

void evcc_graph_free(evcc_graph_t *g) {
  for (size_t i = 0; i < g->nnode; i++) {
    free(g->nodes[i].key);
    free(g->nodes[i].id);
    free(g->nodes[i].label);
  }
  free(g->nodes);
  for (size_t i = 0; i < g->nedge; i++) free(g->edges[i].label);
  free(g->edges);
  memset(g, 0, sizeof *g);
}
