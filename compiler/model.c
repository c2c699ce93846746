/* Loads rule files (CloudFormation/SAM templates, eventc rules files, bare patterns) into the model. */
#include "model.h"

#include "buf.h"
#include "pattern.h"
#include "placeholder.h"
#include "schedule.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TARGETS 5
#define MAX_PATHS_MAP 100
#define MAX_INPUT_LEN 8192
#define MAX_PATTERN_CHARS 2048

static void *xcalloc(size_t n, size_t size) {
  void *p = calloc(n ? n : 1, size);
  if (!p) abort();
  return p;
}

static char *xstrdup(const char *s) {
  char *r = strdup(s ? s : "");
  if (!r) abort();
  return r;
}

static void *grow(void *v, size_t n, size_t size) {
  void *r = realloc(v, (n + 1) * size);
  if (!r) abort();
  return r;
}

void evcc_model_init(evcc_model_t *m) { memset(m, 0, sizeof *m); }

static void strval_free(evcc_strval_t *s) {
  free(s->text);
  free(s->bind_name);
}

static void target_free(evcc_target_t *t) {
  free(t->id);
  strval_free(&t->arn);
  free(t->input);
  free(t->input_path);
  for (size_t i = 0; i < t->nvar; i++) {
    free(t->vars[i].name);
    free(t->vars[i].path);
  }
  free(t->vars);
  free(t->input_template);
  strval_free(&t->dead_letter_arn);
}

void evcc_model_free(evcc_model_t *m) {
  for (size_t i = 0; i < m->nrule; i++) {
    evcc_rule_t *r = &m->rules[i];
    for (size_t t = 0; t < r->ntarget; t++) target_free(&r->targets[t]);
    free(r->targets);
    free(r->logical_id);
    free(r->name);
    free(r->bus);
    free(r->description);
    free(r->schedule);
  }
  free(m->rules);
  for (size_t i = 0; i < m->nbus; i++) {
    free(m->buses[i].logical_id);
    free(m->buses[i].name);
  }
  free(m->buses);
  for (size_t i = 0; i < m->narchive; i++) {
    free(m->archives[i].logical_id);
    free(m->archives[i].name);
    free(m->archives[i].bus);
  }
  free(m->archives);
  for (size_t i = 0; i < m->ndoc; i++) evcc_doc_free(m->docs[i]);
  free(m->docs);
  for (size_t i = 0; i < m->nfile; i++) free(m->files[i]);
  free(m->files);
  memset(m, 0, sizeof *m);
}

/* ---- field readers: each reports a problem at the value it concerns ---- */

typedef struct {
  evcc_model_t *m;
  evcc_doc_t *doc;
  evcc_diag_t *d;
  bool ok;
} ld_t;

static void bad(ld_t *l, const evcc_node_t *at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void bad(ld_t *l, const evcc_node_t *at, const char *fmt, ...) {
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  evcc_error(l->d, at->loc, "%s", msg);
  l->ok = false;
}

static bool is_scalar(const evcc_node_t *n) {
  return n->kind == EVCC_NODE_STRING || n->kind == EVCC_NODE_NUMBER || n->kind == EVCC_NODE_BOOL;
}

/* A plain string field; NULL (with an error) when it has another shape. */
static const char *read_string(ld_t *l, const evcc_node_t *map, const char *key, bool required) {
  const evcc_node_t *v = evcc_map_get(map, key);
  if (!v) {
    if (required) bad(l, map, "missing required field '%s'", key);
    return NULL;
  }
  if (!is_scalar(v) || v->tag) {
    bad(l, v, "'%s' must be a string, not %s", key, v->tag ? v->tag : evcc_node_kind_name(v->kind));
    return NULL;
  }
  return v->str;
}

static bool read_int(ld_t *l, const evcc_node_t *v, const char *what, long lo, long hi, int *out) {
  char *end;
  long x = v->kind == EVCC_NODE_NUMBER || v->kind == EVCC_NODE_STRING ? strtol(v->str, &end, 10) : 0;
  if ((v->kind != EVCC_NODE_NUMBER && v->kind != EVCC_NODE_STRING) || *end || end == v->str) {
    bad(l, v, "%s must be an integer", what);
    return false;
  }
  if (x < lo) {
    bad(l, v, "Value '%ld' at '%s' failed to satisfy constraint: Member must have value greater than or equal to %ld",
        x, what, lo);
    return false;
  }
  if (x > hi) {
    bad(l, v, "Value '%ld' at '%s' failed to satisfy constraint: Member must have value less than or equal to %ld",
        x, what, hi);
    return false;
  }
  *out = (int)x;
  return true;
}

/* Id / Name / ArchiveName: 1..max characters of [.-_A-Za-z0-9]. */
static bool check_name(ld_t *l, const evcc_node_t *at, const char *what, const char *s, size_t max) {
  size_t n = strlen(s);
  if (n < 1 || n > max) {
    bad(l, at, "Value '%s' at '%s' failed to satisfy constraint: Member must have length between 1 and %zu", s, what,
        max);
    return false;
  }
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
          c == '_')) {
      bad(l, at,
          "Value '%s' at '%s' failed to satisfy constraint: Member must satisfy regular expression pattern: "
          "[\\.\\-_A-Za-z0-9]+",
          s, what);
      return false;
    }
  }
  return true;
}

/* ---- CloudFormation references ---- */

/* Reads a string or an intrinsic (!GetAtt X.Arn, !Ref X, {"Fn::GetAtt": [X, Arn]}, !Sub ...). */
static bool read_strval(ld_t *l, const evcc_node_t *v, const char *what, evcc_strval_t *out) {
  memset(out, 0, sizeof *out);
  out->loc = v->loc;
  const char *tag = v->tag;
  const evcc_node_t *arg = v;
  if (!tag && v->kind == EVCC_NODE_MAP && v->count == 1) { /* long form */
    const char *k = v->keys[0]->str;
    if (strcmp(k, "Ref") == 0) tag = "!Ref";
    else if (strncmp(k, "Fn::", 4) == 0) tag = k + 2; /* "::GetAtt" -> compare below */
    arg = v->items[0];
  }
  if (!tag) {
    if (!is_scalar(v)) {
      bad(l, v, "%s must be a string or a CloudFormation reference, not %s", what, evcc_node_kind_name(v->kind));
      return false;
    }
    out->text = xstrdup(v->str);
    out->bind_name = xstrdup(v->str);
    return true;
  }
  const char *name = tag[0] == '!' ? tag + 1 : tag + 2;
  if (strcmp(name, "GetAtt") == 0) {
    out->ref = EVCC_REF_GETATT;
    char buf[512] = "";
    if (arg->kind == EVCC_NODE_SEQ && arg->count == 2 && is_scalar(arg->items[0]) && is_scalar(arg->items[1]))
      snprintf(buf, sizeof buf, "%s.%s", arg->items[0]->str, arg->items[1]->str);
    else if (is_scalar(arg))
      snprintf(buf, sizeof buf, "%s", arg->str);
    if (!buf[0] || !strchr(buf, '.')) {
      bad(l, v, "!GetAtt needs LogicalId.Attribute");
      return false;
    }
    out->text = xstrdup(buf);
    *strchr(buf, '.') = '\0';
    out->bind_name = xstrdup(buf);
    return true;
  }
  out->ref = strcmp(name, "Ref") == 0 ? EVCC_REF_REF : strcmp(name, "Sub") == 0 ? EVCC_REF_SUB : EVCC_REF_OTHER;
  const evcc_node_t *first = arg->kind == EVCC_NODE_SEQ && arg->count ? arg->items[0] : arg;
  out->text = xstrdup(is_scalar(first) ? first->str : name);
  out->bind_name = xstrdup(out->text);
  return true;
}

/* ---- targets ---- */

static bool var_defined(const evcc_target_t *t, const char *name, size_t n) {
  if (evcc_predefined_var(name, n) >= 0) return true;
  for (size_t i = 0; i < t->nvar; i++)
    if (strlen(t->vars[i].name) == n && memcmp(t->vars[i].name, name, n) == 0) return true;
  return false;
}

/* Every <name> of the template must be an InputPathsMap key or a predefined variable. */
static void check_placeholders(ld_t *l, const evcc_target_t *t, const evcc_node_t *tmpl) {
  const char *s = t->input_template;
  size_t n = strlen(s);
  for (size_t i = 0; i < n; i++) {
    size_t len = evcc_placeholder_at(s, i, n);
    if (!len || var_defined(t, s + i + 1, len - 2)) continue;
    evcc_error(l->d, evcc_node_offset_loc(tmpl, i), "InputTemplate for target %s contains invalid placeholder %.*s.",
               t->id, (int)(len - 2), s + i + 1);
    l->ok = false;
  }
}

static void read_transformer(ld_t *l, const evcc_node_t *v, evcc_target_t *t) {
  t->input_kind = EVCC_INPUT_TRANSFORMER;
  if (v->kind != EVCC_NODE_MAP) {
    bad(l, v, "InputTransformer must be a mapping with InputPathsMap and InputTemplate");
    return;
  }
  const evcc_node_t *map = evcc_map_get(v, "InputPathsMap");
  if (map && map->kind != EVCC_NODE_MAP) bad(l, map, "InputPathsMap must be a mapping of names to JSON paths");
  if (map && map->kind == EVCC_NODE_MAP) {
    if (map->count > MAX_PATHS_MAP)
      bad(l, map, "InputPathsMap of target %s has %zu entries; at most %d are allowed", t->id, map->count,
          MAX_PATHS_MAP);
    t->vars = xcalloc(map->count, sizeof *t->vars);
    for (size_t i = 0; i < map->count; i++) {
      const evcc_node_t *k = map->keys[i], *p = map->items[i];
      for (size_t c = 0; c < k->len; c++)
        if (!evcc_placeholder_char(k->str[c]) || k->str[c] == '.') {
          bad(l, k, "InputPathsMap key '%s' must match [A-Za-z0-9_-]+", k->str);
          break;
        }
      if (evcc_predefined_var(k->str, k->len) >= 0) bad(l, k, "'%s' is a predefined variable and cannot be redefined", k->str);
      if (!is_scalar(p) || p->str[0] != '$') {
        bad(l, p, "InputPathsMap value for '%s' must be a JSON path starting with '$'", k->str);
        continue;
      }
      t->vars[t->nvar++] = (evcc_path_var_t){xstrdup(k->str), xstrdup(p->str), p->loc};
    }
  }
  const evcc_node_t *tmpl = evcc_map_get(v, "InputTemplate");
  if (!tmpl || !is_scalar(tmpl)) {
    bad(l, tmpl ? tmpl : v, "InputTransformer of target %s needs an InputTemplate string", t->id);
    return;
  }
  if (tmpl->len > MAX_INPUT_LEN) bad(l, tmpl, "InputTemplate is longer than %d characters", MAX_INPUT_LEN);
  t->input_template = xstrdup(tmpl->str);
  t->input_loc = tmpl->loc;
  t->template_node = tmpl;
  check_placeholders(l, t, tmpl);
}

static void read_retry(ld_t *l, const evcc_node_t *v, evcc_target_t *t, size_t index) {
  char what[96];
  if (v->kind != EVCC_NODE_MAP) {
    bad(l, v, "RetryPolicy must be a mapping");
    return;
  }
  t->has_retry_policy = true;
  const evcc_node_t *n = evcc_map_get(v, "MaximumRetryAttempts");
  snprintf(what, sizeof what, "targets.%zu.member.retryPolicy.maximumRetryAttempts", index + 1);
  if (n) read_int(l, n, what, 0, 185, &t->max_retry_attempts);
  n = evcc_map_get(v, "MaximumEventAgeInSeconds");
  if (!n) n = evcc_map_get(v, "MaximumEventAge"); /* the spelling people write */
  snprintf(what, sizeof what, "targets.%zu.member.retryPolicy.maximumEventAgeInSeconds", index + 1);
  if (n) read_int(l, n, what, 60, 86400, &t->max_event_age);
}

static const char *const known_target_fields[] = {
    "Id", "Arn", "Input", "InputPath", "InputTransformer", "RetryPolicy", "DeadLetterConfig", "RoleArn",
    "KinesisParameters", "EcsParameters", "HttpParameters", "RunCommandParameters", "SqsParameters",
    "BatchParameters", "RedshiftDataParameters", "SageMakerPipelineParameters", "AppSyncParameters"};

static void warn_unknown_keys(ld_t *l, const evcc_node_t *map, const char *const *known, size_t nknown,
                              const char *what) {
  for (size_t i = 0; i < map->count; i++) {
    bool found = false;
    for (size_t k = 0; k < nknown && !found; k++) found = strcmp(map->keys[i]->str, known[k]) == 0;
    if (!found) evcc_warn(l->d, EVCC_W_UNKNOWN_FIELD, map->keys[i]->loc, "unknown field '%s' in %s", map->keys[i]->str, what);
  }
}

static void read_input(ld_t *l, const evcc_node_t *tn, evcc_target_t *t) {
  const evcc_node_t *input = evcc_map_get(tn, "Input"), *path = evcc_map_get(tn, "InputPath"),
                    *tr = evcc_map_get(tn, "InputTransformer");
  if ((input != NULL) + (path != NULL) + (tr != NULL) > 1) {
    bad(l, tr ? tr : path, "Only one of Input, InputPath, or InputTransformer must be provided for target %s.", t->id);
    return;
  }
  if (input) {
    t->input_kind = EVCC_INPUT_CONSTANT;
    t->input_loc = input->loc;
    if (!is_scalar(input)) {
      bad(l, input, "Input must be a string of JSON text");
      return;
    }
    evcc_diag_t quiet;
    evcc_diag_init(&quiet);
    evcc_doc_t *probe = evcc_doc_parse("Input", input->str, input->len, EVCC_SYNTAX_JSON, &quiet);
    if (!probe) bad(l, input, "Input of target %s is not valid JSON: %s", t->id, quiet.count ? quiet.msgs[0].text : "");
    evcc_doc_free(probe);
    evcc_diag_free(&quiet);
    if (input->len > MAX_INPUT_LEN) bad(l, input, "Input is longer than %d characters", MAX_INPUT_LEN);
    t->input = xstrdup(input->str);
  } else if (path) {
    t->input_kind = EVCC_INPUT_PATH;
    t->input_loc = path->loc;
    if (!is_scalar(path) || path->str[0] != '$') {
      bad(l, path, "InputPath must be a JSON path starting with '$'");
      return;
    }
    t->input_path = xstrdup(path->str);
  } else if (tr) {
    read_transformer(l, tr, t);
  }
}

static void read_target(ld_t *l, const evcc_node_t *tn, evcc_target_t *t, size_t index) {
  char what[64];
  t->loc = tn->loc;
  t->max_retry_attempts = 185;
  t->max_event_age = 86400;
  if (tn->kind != EVCC_NODE_MAP) {
    bad(l, tn, "a target must be a mapping with Id and Arn");
    return;
  }
  warn_unknown_keys(l, tn, known_target_fields, sizeof known_target_fields / sizeof known_target_fields[0], "a target");
  const char *id = read_string(l, tn, "Id", true);
  t->id = xstrdup(id ? id : "");
  snprintf(what, sizeof what, "targets.%zu.member.id", index + 1);
  if (id) check_name(l, evcc_map_get(tn, "Id"), what, id, 64);
  const evcc_node_t *arn = evcc_map_get(tn, "Arn");
  if (arn) read_strval(l, arn, "Arn", &t->arn);
  else bad(l, tn, "target %s: missing required field 'Arn'", t->id);
  read_input(l, tn, t);
  const evcc_node_t *rp = evcc_map_get(tn, "RetryPolicy");
  if (rp) read_retry(l, rp, t, index);
  const evcc_node_t *dlq = evcc_map_get(tn, "DeadLetterConfig");
  if (dlq) {
    const evcc_node_t *a = evcc_map_get(dlq, "Arn");
    if (!a) bad(l, dlq, "DeadLetterConfig needs an Arn");
    else read_strval(l, a, "DeadLetterConfig.Arn", &t->dead_letter_arn);
  }
}

static void read_targets(ld_t *l, const evcc_node_t *list, evcc_rule_t *r) {
  if (list->kind != EVCC_NODE_SEQ) {
    bad(l, list, "Targets must be a list");
    return;
  }
  if (list->count > MAX_TARGETS)
    bad(l, list->items[MAX_TARGETS],
        "rule %s has %zu targets: The requested resource exceeds the maximum number allowed. (at most %d per rule)",
        r->name, list->count, MAX_TARGETS);
  r->targets = xcalloc(list->count, sizeof *r->targets);
  for (size_t i = 0; i < list->count; i++) {
    read_target(l, list->items[i], &r->targets[r->ntarget], i);
    for (size_t k = 0; k < r->ntarget; k++)
      if (strcmp(r->targets[k].id, r->targets[r->ntarget].id) == 0) {
        bad(l, list->items[i], "rule %s has two targets with Id %s", r->name, r->targets[k].id);
        evcc_note(l->d, r->targets[k].loc, "the first one is here");
      }
    r->ntarget++;
  }
}

/* ---- rules, buses, archives ---- */

/* Characters of the pattern as EventBridge counts them: its JSON text (UTF-8 continuation bytes excluded). */
static size_t pattern_chars(const evcc_node_t *v) {
  evcc_buf_t b;
  evcc_buf_init(&b);
  if (v->kind == EVCC_NODE_STRING) evcc_buf_put(&b, v->str, v->len);
  else evcc_node_to_json(v, &b);
  size_t n = 0;
  for (size_t i = 0; i < b.len; i++) n += ((unsigned char)b.data[i] & 0xC0) != 0x80;
  evcc_buf_free(&b);
  return n;
}

/* An EventPattern written as a mapping or as a JSON string; NULL when absent or unreadable. */
static const evcc_node_t *read_pattern(ld_t *l, const evcc_node_t *v) {
  if (!v) return NULL;
  size_t chars = pattern_chars(v);
  if (chars > MAX_PATTERN_CHARS)
    evcc_warn(l->d, EVCC_W_PATTERN_SIZE, v->loc, "event pattern is %zu characters; EventBridge allows %d", chars,
              MAX_PATTERN_CHARS);
  if (v->kind == EVCC_NODE_STRING && !v->tag) {
    const evcc_node_t *p = evcc_doc_parse_embedded_json(l->doc, v, l->d);
    if (!p) l->ok = false;
    return p;
  }
  return v;
}

/* Resolves EventBusName: literal name, bus ARN, or a reference to an EventBus resource. */
static char *bus_name_of(ld_t *l, const evcc_node_t *v, const evcc_node_t *resources) {
  if (!v) return xstrdup("default");
  evcc_strval_t sv;
  if (!read_strval(l, v, "EventBusName", &sv)) return xstrdup("default");
  char *name;
  if (sv.ref != EVCC_REF_NONE) {
    const evcc_node_t *res = evcc_map_get(resources, sv.bind_name);
    const evcc_node_t *props = evcc_map_get(res, "Properties");
    const evcc_node_t *n = evcc_map_get(props, "Name");
    if (!res) bad(l, v, "EventBusName refers to '%s', which is not a resource of this template", sv.bind_name);
    name = xstrdup(n && is_scalar(n) ? n->str : sv.bind_name);
  } else {
    const char *slash = strstr(sv.text, "event-bus/");
    name = xstrdup(slash ? slash + 10 : sv.text);
  }
  strval_free(&sv);
  return name;
}

static const char *const known_rule_fields[] = {"Name", "EventBusName", "EventPattern", "ScheduleExpression",
                                                "State", "Description", "Targets", "RoleArn"};

static void read_rule(ld_t *l, const evcc_node_t *props, const char *logical_id, const evcc_node_t *resources,
                      evcc_loc_t loc) {
  evcc_model_t *m = l->m;
  m->rules = grow(m->rules, m->nrule, sizeof *m->rules);
  evcc_rule_t *r = &m->rules[m->nrule++];
  memset(r, 0, sizeof *r);
  r->loc = loc;
  r->enabled = true;
  r->logical_id = logical_id ? xstrdup(logical_id) : NULL;
  if (props->kind != EVCC_NODE_MAP) {
    bad(l, props, "a rule's properties must be a mapping");
    r->name = xstrdup(logical_id);
    r->bus = xstrdup("default");
    return;
  }
  warn_unknown_keys(l, props, known_rule_fields, sizeof known_rule_fields / sizeof known_rule_fields[0], "a rule");
  const char *name = read_string(l, props, "Name", logical_id == NULL);
  r->name = xstrdup(name ? name : logical_id);
  if (name) check_name(l, evcc_map_get(props, "Name"), "name", name, 64);
  r->bus = bus_name_of(l, evcc_map_get(props, "EventBusName"), resources);
  const char *desc = read_string(l, props, "Description", false);
  r->description = desc ? xstrdup(desc) : NULL;
  const char *state = read_string(l, props, "State", false);
  if (state && strcmp(state, "ENABLED") != 0 && strcmp(state, "DISABLED") != 0 &&
      strcmp(state, "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS") != 0)
    bad(l, evcc_map_get(props, "State"), "State must be ENABLED or DISABLED, not '%s'", state);
  r->enabled = !state || strcmp(state, "DISABLED") != 0;
  r->pattern = read_pattern(l, evcc_map_get(props, "EventPattern"));
  const evcc_node_t *sched = evcc_map_get(props, "ScheduleExpression");
  if (sched) {
    const char *s = read_string(l, props, "ScheduleExpression", false);
    r->schedule = s ? xstrdup(s) : NULL;
    r->schedule_loc = sched->loc;
    evcc_schedule_t parsed;
    if (s && !evcc_schedule_parse(s, &parsed)) bad(l, sched, "Parameter ScheduleExpression is not valid.");
    else if (s && strcmp(r->bus, "default") != 0)
      bad(l, sched, "ScheduleExpression is supported only on the default event bus.");
  }
  if (!evcc_map_get(props, "EventPattern") && !sched)
    bad(l, props, "rule %s needs an EventPattern or a ScheduleExpression", r->name);
  const evcc_node_t *targets = evcc_map_get(props, "Targets");
  if (targets) read_targets(l, targets, r);
}

static void read_bus(ld_t *l, const evcc_node_t *props, const char *logical_id, evcc_loc_t loc) {
  const char *name = read_string(l, props, "Name", true);
  if (!name) return;
  evcc_model_t *m = l->m;
  for (size_t i = 0; i < m->nbus; i++)
    if (strcmp(m->buses[i].name, name) == 0) {
      bad(l, evcc_map_get(props, "Name"), "event bus %s is defined twice", name);
      evcc_note(l->d, m->buses[i].loc, "the first definition is here");
      return;
    }
  m->buses = grow(m->buses, m->nbus, sizeof *m->buses);
  m->buses[m->nbus++] = (evcc_bus_t){logical_id ? xstrdup(logical_id) : NULL, xstrdup(name), loc};
}

static void read_archive(ld_t *l, const evcc_node_t *props, const char *logical_id, const evcc_node_t *resources,
                         evcc_loc_t loc) {
  evcc_model_t *m = l->m;
  m->archives = grow(m->archives, m->narchive, sizeof *m->archives);
  evcc_archive_t *a = &m->archives[m->narchive++];
  memset(a, 0, sizeof *a);
  a->loc = loc;
  a->logical_id = logical_id ? xstrdup(logical_id) : NULL;
  const char *name = read_string(l, props, "ArchiveName", false);
  a->name = xstrdup(name ? name : logical_id);
  if (name) check_name(l, evcc_map_get(props, "ArchiveName"), "archiveName", name, 48);
  const evcc_node_t *src = evcc_map_get(props, "SourceArn");
  if (!src) src = evcc_map_get(props, "EventBusName");
  if (!src) bad(l, props, "archive %s needs a SourceArn (the event bus it archives)", a->name);
  a->bus = bus_name_of(l, src, resources);
  a->pattern = read_pattern(l, evcc_map_get(props, "EventPattern"));
  if (a->pattern) evcc_pattern_check(a->pattern, l->d) || (l->ok = false);
  const evcc_node_t *ret = evcc_map_get(props, "RetentionDays");
  if (ret) read_int(l, ret, "retentionDays", 0, 2147483647L, &a->retention_days);
}

static void read_template(ld_t *l, const evcc_node_t *resources) {
  if (resources->kind != EVCC_NODE_MAP) {
    bad(l, resources, "Resources must be a mapping of logical ids to resources");
    return;
  }
  for (int pass = 0; pass < 2; pass++) { /* buses first, so rules can refer to them */
    for (size_t i = 0; i < resources->count; i++) {
      const evcc_node_t *res = resources->items[i];
      const char *id = resources->keys[i]->str;
      const evcc_node_t *type = evcc_map_get(res, "Type");
      if (!type || !is_scalar(type)) continue;
      const evcc_node_t *props = evcc_map_get(res, "Properties");
      bool events = strncmp(type->str, "AWS::Events::", 13) == 0;
      if (events && !props && strcmp(type->str, "AWS::Events::Rule") == 0) {
        bad(l, res, "resource %s (AWS::Events::Rule) has no Properties", id);
        continue;
      }
      if (!props) continue;
      if (pass == 0 && strcmp(type->str, "AWS::Events::EventBus") == 0) read_bus(l, props, id, res->loc);
      if (pass == 1 && strcmp(type->str, "AWS::Events::Rule") == 0) read_rule(l, props, id, resources, res->loc);
      if (pass == 1 && strcmp(type->str, "AWS::Events::Archive") == 0) read_archive(l, props, id, resources, res->loc);
    }
  }
}

/* eventc's own rules file: buses / rules / archives lists with CloudFormation's field names. */
static void read_eventc_file(ld_t *l, const evcc_node_t *root) {
  static const char *const known[] = {"eventc", "buses", "rules", "archives"};
  warn_unknown_keys(l, root, known, sizeof known / sizeof known[0], "an eventc rules file");
  const evcc_node_t *buses = evcc_map_get(root, "buses"), *rules = evcc_map_get(root, "rules"),
                    *archives = evcc_map_get(root, "archives");
  const evcc_node_t *lists[] = {buses, rules, archives};
  for (int k = 0; k < 3; k++) {
    const evcc_node_t *list = lists[k];
    if (!list) continue;
    if (list->kind != EVCC_NODE_SEQ) {
      bad(l, list, "'%s' must be a list", k == 0 ? "buses" : k == 1 ? "rules" : "archives");
      continue;
    }
    for (size_t i = 0; i < list->count; i++) {
      const evcc_node_t *item = list->items[i];
      if (item->kind != EVCC_NODE_MAP) {
        bad(l, item, "each entry must be a mapping");
        continue;
      }
      if (k == 0) read_bus(l, item, NULL, item->loc);
      else if (k == 1) read_rule(l, item, NULL, NULL, item->loc);
      else read_archive(l, item, NULL, NULL, item->loc);
    }
  }
}

static void remember_file(evcc_model_t *m, const char *path) {
  m->files = grow(m->files, m->nfile, sizeof *m->files);
  m->files[m->nfile++] = xstrdup(path);
}

/* A rule name derived from a bare pattern file: its base name without extension. */
static char *name_from_path(const char *path) {
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  char *name = xstrdup(base);
  char *dot = strrchr(name, '.');
  if (dot && dot != name) *dot = '\0';
  return name;
}

bool evcc_model_load_file(evcc_model_t *m, const char *path, evcc_diag_t *d) {
  evcc_doc_t *doc = evcc_doc_load(path, EVCC_SYNTAX_AUTO, d);
  if (!doc) {
    remember_file(m, path);
    return false;
  }
  return evcc_model_add_doc(m, doc, d);
}

bool evcc_model_add_doc(evcc_model_t *m, evcc_doc_t *doc, evcc_diag_t *d) {
  remember_file(m, doc->path);
  m->docs = grow(m->docs, m->ndoc, sizeof *m->docs);
  m->docs[m->ndoc++] = doc;
  ld_t l = {m, doc, d, true};
  const evcc_node_t *root = doc->root;
  if (root->kind != EVCC_NODE_MAP) {
    evcc_error(d, root->loc, "expected a CloudFormation template, an eventc rules file or an event pattern");
    return false;
  }
  const evcc_node_t *resources = evcc_map_get(root, "Resources");
  if (resources) {
    read_template(&l, resources);
  } else if (evcc_map_get(root, "rules") || evcc_map_get(root, "buses") || evcc_map_get(root, "eventc") ||
             evcc_map_get(root, "archives")) {
    read_eventc_file(&l, root);
  } else { /* a bare event pattern: one rule named after the file */
    m->rules = grow(m->rules, m->nrule, sizeof *m->rules);
    evcc_rule_t *r = &m->rules[m->nrule++];
    memset(r, 0, sizeof *r);
    r->name = name_from_path(doc->path);
    r->bus = xstrdup("default");
    r->enabled = true;
    r->pattern = root;
    r->loc = root->loc;
  }
  return l.ok;
}

size_t evcc_model_bus_names(const evcc_model_t *m, const char **names, size_t max) {
  size_t n = 0;
  for (size_t i = 0; i < m->nrule; i++) {
    bool seen = false;
    for (size_t k = 0; k < n && !seen; k++) seen = strcmp(names[k], m->rules[i].bus) == 0;
    if (!seen && n < max) names[n++] = m->rules[i].bus;
  }
  return n;
}

bool evcc_model_build_ir(const evcc_model_t *m, const char *bus, evcc_ir_t *ir, evcc_diag_t *d) {
  bool ok = true;
  for (size_t i = 0; i < m->nrule; i++) {
    const evcc_rule_t *r = &m->rules[i];
    if (bus && strcmp(r->bus, bus) != 0) continue;
    for (size_t k = 0; k < ir->nrule; k++) {
      const evcc_rule_t *other = ir->rules[k].user;
      if (strcmp(ir->rules[k].name, r->name) == 0 && other && strcmp(other->bus, r->bus) == 0) {
        evcc_error(d, r->loc, "rule %s is defined twice on bus %s", r->name, r->bus);
        evcc_note(d, ir->rules[k].loc, "the first definition is here");
        ok = false;
      }
    }
    if (!r->pattern) { /* a scheduled rule: present in the IR, never matched by events */
      evcc_ir_add_rule(ir, r->name, r->loc, r->loc, NULL, 0, (void *)r);
      continue;
    }
    if (evcc_pattern_add(ir, r->pattern, r->name, r->loc, (void *)r, d) < 0) ok = false;
  }
  return ok;
}

char *evcc_rule_arn(const evcc_rule_t *r, const char *region, const char *account) {
  size_t n = strlen(region) + strlen(account) + strlen(r->bus) + strlen(r->name) + 64;
  char *s = xcalloc(n, 1);
  if (strcmp(r->bus, "default") == 0) snprintf(s, n, "arn:aws:events:%s:%s:rule/%s", region, account, r->name);
  else snprintf(s, n, "arn:aws:events:%s:%s:rule/%s/%s", region, account, r->bus, r->name);
  return s;
}
