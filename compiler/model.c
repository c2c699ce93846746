/* Loads rule files (CloudFormation/SAM templates, eventc rules files, bare patterns) into the model. */
#include "model.h"

#include "buf.h"
#include "node_check.h"
#include "pattern.h"
#include "model_resources.h"
#include "placeholder.h"
#include "sam.h"
#include "schedule.h"
#include "spelling.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TARGETS 5
#define MAX_PATHS_MAP 100
#define MAX_INPUT_LEN 8192
#define MAX_PATTERN_CHARS 2048     /* the adjustable quota: a warning */
#define MAX_PATTERN_API_CHARS 4096 /* PutRule's EventPattern field: longer is a ValidationException */
#define MAX_PATTERN_DEPTH 100      /* eventc's limit: the generated matcher grows with the depth squared */

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
  free(t->bus_name);
  free(t->arn_type);
}

static void free_list(char **list, size_t n) {
  for (size_t i = 0; i < n; i++) free(list[i]);
  free(list);
}

static void policy_free(evcc_policy_t *p) {
  free(p->sid);
  free(p->bus);
  free_list(p->principals, p->nprincipal);
  free(p->org_id);
  free_list(p->sources, p->nsource);
  free_list(p->detail_types, p->ndetail_type);
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
  for (size_t i = 0; i < m->npolicy; i++) policy_free(&m->policies[i]);
  free(m->policies);
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
  const evcc_node_t *resources; /* a template's Resources, else NULL */
  const evcc_node_t *params;    /* a template's Parameters, else NULL */
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
  char what[64];
  snprintf(what, sizeof what, "'%s'", key);
  if (!evcc_node_expect_scalar(l->d, v, what) || !evcc_node_text_ok(l->d, v, what)) {
    l->ok = false;
    return NULL;
  }
  return v->str;
}

static bool read_int(ld_t *l, const evcc_node_t *v, const char *what, long lo, long hi, int *out) {
  bool text_or_number = v->kind == EVCC_NODE_NUMBER || v->kind == EVCC_NODE_STRING;
  if ((v->tag || !text_or_number) && !evcc_node_expect(l->d, v, EVCC_NODE_NUMBER, what)) {
    l->ok = false;
    return false;
  }
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
  size_t n = at->len; /* not strlen: a NUL inside the name must not shorten it */
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

/* What a reference may name where it is read. */
typedef enum ref_use {
  REF_USE_ARN, /* a target's or a dead-letter queue's Arn: !GetAtt X.<...Arn> */
  REF_USE_BUS  /* EventBusName / SourceArn: !GetAtt Bus.Name or Bus.Arn, !Ref Bus */
} ref_use_t;

static bool is_alnum_text(const char *s, size_t n, const char *extra) {
  if (n == 0) return false;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || (c && strchr(extra, c))))
      return false;
  }
  return true;
}

/* An untagged string without NUL; `self` is the reference's own node, whose tag is the function. */
static bool plain_text(const evcc_node_t *n, const evcc_node_t *self) {
  return n->kind == EVCC_NODE_STRING && (n == self || !n->tag) && !memchr(n->str, '\0', n->len);
}

/* The "Logical.Attribute" text of a !GetAtt argument (scalar or [Logical, Attribute]), or false. */
static bool getatt_text(const evcc_node_t *arg, const evcc_node_t *self, char *buf, size_t n) {
  if (arg->kind == EVCC_NODE_SEQ && arg->count == 2 && plain_text(arg->items[0], self) &&
      plain_text(arg->items[1], self))
    snprintf(buf, n, "%s.%s", arg->items[0]->str, arg->items[1]->str);
  else if (plain_text(arg, self))
    snprintf(buf, n, "%s", arg->str);
  else
    return false;
  return true;
}

/* !GetAtt Logical.Attribute: a logical id, an attribute that fits the use; *dot splits them. */
static bool read_getatt(ld_t *l, const evcc_node_t *v, const evcc_node_t *arg, const char *what, ref_use_t use,
                        evcc_strval_t *out) {
  char buf[512] = "";
  const char *dot = NULL;
  if (getatt_text(arg, v, buf, sizeof buf)) dot = strchr(buf, '.');
  if (!dot || !is_alnum_text(buf, (size_t)(dot - buf), "") || !is_alnum_text(dot + 1, strlen(dot + 1), ".")) {
    bad(l, v, "%s: !GetAtt needs LogicalId.Attribute (letters and digits), got %s", what,
        buf[0] ? buf : arg == v ? evcc_node_kind_shape(arg->kind) : evcc_node_shape(arg));
    return false;
  }
  const char *attr = dot + 1;
  size_t alen = strlen(attr);
  bool fits = use == REF_USE_ARN ? alen >= 3 && strcmp(attr + alen - 3, "Arn") == 0
                                 : strcmp(attr, "Arn") == 0 || strcmp(attr, "Name") == 0;
  if (!fits) {
    bad(l, v, "%s: !GetAtt %s does not give %s", what, buf,
        use == REF_USE_ARN ? "an ARN (use an attribute such as .Arn)" : "an event bus (use Bus.Name or Bus.Arn)");
    return false;
  }
  out->ref = EVCC_REF_GETATT;
  out->text = xstrdup(buf);
  buf[dot - buf] = '\0';
  out->bind_name = xstrdup(buf);
  return true;
}

/*
 * Reads a string or an intrinsic (!GetAtt X.Arn, !Ref X, {"Fn::GetAtt": [X, Arn]}, !Sub ...)
 * where `use` says what the reference must name.
 */
static bool read_strval(ld_t *l, const evcc_node_t *v, const char *what, ref_use_t use, evcc_strval_t *out) {
  memset(out, 0, sizeof *out);
  out->loc = v->loc;
  const char *tag = v->tag;
  const evcc_node_t *arg = v;
  if (!tag && v->kind == EVCC_NODE_MAP && v->count == 1) { /* long form */
    const char *k = v->keys[0]->str;
    if (strcmp(k, "Ref") == 0) tag = "!Ref";
    else if (strncmp(k, "Fn::", 4) == 0) tag = k + 3; /* "Fn::GetAtt" -> ":GetAtt", named like "!GetAtt" */
    arg = v->items[0];
  }
  if (!tag) {
    if (!evcc_node_expect_scalar(l->d, v, what) || !evcc_node_text_ok(l->d, v, what)) {
      l->ok = false;
      return false;
    }
    out->text = xstrdup(v->str);
    out->bind_name = xstrdup(v->str);
    return true;
  }
  const char *name = tag + 1;
  if (strcmp(name, "GetAtt") == 0) return read_getatt(l, v, arg, what, use, out);
  out->ref = strcmp(name, "Ref") == 0 ? EVCC_REF_REF : strcmp(name, "Sub") == 0 ? EVCC_REF_SUB : EVCC_REF_OTHER;
  const evcc_node_t *first = arg->kind == EVCC_NODE_SEQ && arg->count ? arg->items[0] : arg;
  bool literal_first = plain_text(first, v);
  if (out->ref != EVCC_REF_OTHER && !literal_first) {
    bad(l, v, "%s: !%s needs a string argument, got %s", what, name,
        first == v ? evcc_node_kind_shape(first->kind) : evcc_node_shape(first));
    return false;
  }
  if (out->ref == EVCC_REF_REF && !is_alnum_text(first->str, first->len, ":")) {
    bad(l, v, "%s: !Ref needs a logical id or a pseudo parameter, got '%s'", what, first->str);
    return false;
  }
  out->text = xstrdup(literal_first ? first->str : name);
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
  if (!evcc_node_expect(l->d, v, EVCC_NODE_MAP, "InputTransformer")) {
    l->ok = false;
    return;
  }
  if (!evcc_node_literal_tree(l->d, v, "an InputTransformer")) {
    l->ok = false;
    return;
  }
  static const char *const known[] = {"InputPathsMap", "InputTemplate"};
  evcc_check_known_keys(l->d, v, known, sizeof known / sizeof known[0], "an InputTransformer");
  const evcc_node_t *map = evcc_map_get(v, "InputPathsMap");
  if (map && !evcc_node_expect(l->d, map, EVCC_NODE_MAP, "InputPathsMap")) l->ok = false;
  else if (map) {
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
  if (!tmpl) {
    bad(l, v, "InputTransformer of target %s needs an InputTemplate string", t->id);
    return;
  }
  if (!evcc_node_expect_scalar(l->d, tmpl, "InputTemplate")) {
    l->ok = false;
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
  if (!evcc_node_expect(l->d, v, EVCC_NODE_MAP, "RetryPolicy")) {
    l->ok = false;
    return;
  }
  t->has_retry_policy = true;
  static const char *const known[] = {"MaximumRetryAttempts", "MaximumEventAgeInSeconds"};
  const evcc_node_t *age = evcc_map_get(v, "MaximumEventAgeInSeconds");
  for (size_t i = 0; i < v->count; i++) /* MaximumEventAge, the spelling people write: its note after its warning */
    if (!evcc_check_known_key(l->d, v->keys[i], known, sizeof known / sizeof known[0], "a RetryPolicy") &&
        strcmp(v->keys[i]->str, "MaximumEventAge") == 0)
      evcc_note(l->d, v->items[i]->loc,
                age ? "eventc ignores it: MaximumEventAgeInSeconds is given too"
                    : "eventc reads MaximumEventAge as MaximumEventAgeInSeconds; CloudFormation rejects it");
  const evcc_node_t *n = evcc_map_get(v, "MaximumRetryAttempts");
  snprintf(what, sizeof what, "targets.%zu.member.retryPolicy.maximumRetryAttempts", index + 1);
  if (n) read_int(l, n, what, 0, 185, &t->max_retry_attempts);
  n = age ? age : evcc_map_get(v, "MaximumEventAge");
  snprintf(what, sizeof what, "targets.%zu.member.retryPolicy.maximumEventAgeInSeconds", index + 1);
  if (n) read_int(l, n, what, 60, 86400, &t->max_event_age);
}

static const char *const known_target_fields[] = {
    "Id", "Arn", "Input", "InputPath", "InputTransformer", "RetryPolicy", "DeadLetterConfig", "RoleArn",
    "KinesisParameters", "EcsParameters", "HttpParameters", "RunCommandParameters", "SqsParameters",
    "BatchParameters", "RedshiftDataParameters", "SageMakerPipelineParameters", "AppSyncParameters"};

static void warn_unknown_keys(ld_t *l, const evcc_node_t *map, const char *const *known, size_t nknown,
                              const char *what) {
  evcc_check_known_keys(l->d, map, known, nknown, what);
}

#define WARN_UNKNOWN_KEYS(l, map, known, what) warn_unknown_keys(l, map, known, sizeof known / sizeof known[0], what)

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
    if (!evcc_node_expect_scalar(l->d, input, "Input (JSON text)") || !evcc_node_text_ok(l->d, input, "Input")) {
      l->ok = false;
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
    if (!evcc_node_expect_scalar(l->d, path, "InputPath") || !evcc_node_text_ok(l->d, path, "InputPath")) {
      l->ok = false;
      return;
    }
    if (path->str[0] != '$') {
      bad(l, path, "InputPath must be a JSON path starting with '$'");
      return;
    }
    t->input_path = xstrdup(path->str);
  } else if (tr) {
    read_transformer(l, tr, t);
  }
}

/* The name of the event bus an Arn designates (a bus ARN, !GetAtt/!Ref of an EventBus), or NULL. */
static char *target_bus_name(const ld_t *l, const evcc_strval_t *arn) {
  if (arn->ref == EVCC_REF_GETATT || arn->ref == EVCC_REF_REF) {
    const evcc_node_t *res = l->resources ? evcc_map_get(l->resources, arn->bind_name) : NULL;
    const evcc_node_t *type = evcc_map_get(res, "Type");
    if (!type || !is_scalar(type) || strcmp(type->str, "AWS::Events::EventBus") != 0) return NULL;
    const evcc_node_t *n = evcc_map_get(evcc_map_get(res, "Properties"), "Name");
    return xstrdup(n && is_scalar(n) ? n->str : arn->bind_name);
  }
  if ((arn->ref != EVCC_REF_NONE && arn->ref != EVCC_REF_SUB) || strncmp(arn->text, "arn:", 4) != 0) return NULL;
  const char *at = strstr(arn->text, ":event-bus/");
  return at ? xstrdup(at + 11) : NULL;
}

/* The Type of the template resource a !GetAtt/!Ref names ("AWS::Serverless::Function"), or NULL. */
static char *resource_type(const ld_t *l, const evcc_strval_t *v) {
  if (v->ref != EVCC_REF_GETATT && v->ref != EVCC_REF_REF) return NULL;
  const evcc_node_t *type = evcc_map_get(l->resources ? evcc_map_get(l->resources, v->bind_name) : NULL, "Type");
  return type && type->kind == EVCC_NODE_STRING && !type->tag ? xstrdup(type->str) : NULL;
}

static void read_target(ld_t *l, const evcc_node_t *tn, evcc_target_t *t, size_t index) {
  char what[64];
  t->loc = tn->loc;
  t->max_retry_attempts = 185;
  t->max_event_age = 86400;
  t->id = xstrdup(""); /* read_targets compares Ids, also of targets that are not mappings */
  char item[64];
  snprintf(item, sizeof item, "Targets[%zu]", index);
  if (!evcc_node_expect(l->d, tn, EVCC_NODE_MAP, item)) {
    l->ok = false;
    return;
  }
  warn_unknown_keys(l, tn, known_target_fields, sizeof known_target_fields / sizeof known_target_fields[0], "a target");
  const char *id = read_string(l, tn, "Id", true);
  if (id) {
    free(t->id);
    t->id = xstrdup(id);
  }
  snprintf(what, sizeof what, "targets.%zu.member.id", index + 1);
  if (id) check_name(l, evcc_map_get(tn, "Id"), what, id, 64);
  const evcc_node_t *arn = evcc_map_get(tn, "Arn");
  if (arn && read_strval(l, arn, "Arn", REF_USE_ARN, &t->arn)) {
    t->bus_name = target_bus_name(l, &t->arn);
    t->arn_type = resource_type(l, &t->arn);
  } else if (!arn) {
    bad(l, tn, "target %s: missing required field 'Arn'", t->id);
  }
  read_input(l, tn, t);
  if (t->bus_name && t->input_kind != EVCC_INPUT_EVENT) {
    evcc_error(l->d, t->input_loc,
               "target %s is event bus %s: it receives the whole event, Input, InputPath and "
               "InputTransformer are not available for event bus targets",
               t->id, t->bus_name);
    l->ok = false;
  }
  const evcc_node_t *rp = evcc_map_get(tn, "RetryPolicy");
  if (rp) read_retry(l, rp, t, index);
  const evcc_node_t *dlq = evcc_map_get(tn, "DeadLetterConfig");
  if (dlq && !evcc_node_expect(l->d, dlq, EVCC_NODE_MAP, "DeadLetterConfig")) {
    l->ok = false;
  } else if (dlq) {
    static const char *const known[] = {"Arn"};
    evcc_check_known_keys(l->d, dlq, known, 1, "a DeadLetterConfig");
    const evcc_node_t *a = evcc_map_get(dlq, "Arn");
    if (!a) bad(l, dlq, "DeadLetterConfig needs an Arn");
    else read_strval(l, a, "DeadLetterConfig.Arn", REF_USE_ARN, &t->dead_letter_arn);
  }
}

static void read_targets(ld_t *l, const evcc_node_t *list, evcc_rule_t *r) {
  if (!evcc_node_expect(l->d, list, EVCC_NODE_SEQ, "Targets")) {
    l->ok = false;
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
/* The first mapping of the pattern nested deeper than MAX_PATTERN_DEPTH, or NULL. */
static const evcc_node_t *too_deep(const evcc_node_t *n, size_t depth) {
  if (n->kind != EVCC_NODE_MAP && n->kind != EVCC_NODE_SEQ) return NULL;
  if (n->kind == EVCC_NODE_MAP && depth > MAX_PATTERN_DEPTH) return n;
  for (size_t i = 0; i < n->count; i++) {
    const evcc_node_t *d = too_deep(n->items[i], depth + (n->kind == EVCC_NODE_MAP));
    if (d) return d;
  }
  return NULL;
}

/* A pattern (mapping or JSON text) within the size and depth limits, or NULL after an error. */
static const evcc_node_t *checked_pattern(ld_t *l, const evcc_node_t *p) {
  const evcc_node_t *deep = p ? too_deep(p, 1) : NULL;
  if (!deep) return p;
  bad(l, deep, "event pattern nests objects deeper than %d levels (eventc's limit)", MAX_PATTERN_DEPTH);
  return NULL;
}

static const evcc_node_t *read_pattern(ld_t *l, const evcc_node_t *v) {
  if (!v) return NULL;
  if (v->kind != EVCC_NODE_STRING && !evcc_node_expect(l->d, v, EVCC_NODE_MAP, "EventPattern")) {
    l->ok = false;
    return NULL;
  }
  if (!evcc_node_literal_tree(l->d, v, "an EventPattern")) {
    l->ok = false;
    return NULL;
  }
  size_t chars = pattern_chars(v);
  if (chars > MAX_PATTERN_API_CHARS) {
    bad(l, v, "event pattern is %zu characters: Value at 'eventPattern' failed to satisfy constraint: Member must "
        "have length less than or equal to %d", chars, MAX_PATTERN_API_CHARS);
    return NULL;
  }
  if (chars > MAX_PATTERN_CHARS)
    evcc_warn(l->d, EVCC_W_PATTERN_SIZE, v->loc, "event pattern is %zu characters; EventBridge allows %d", chars,
              MAX_PATTERN_CHARS);
  if (v->kind == EVCC_NODE_STRING) {
    const evcc_node_t *p = evcc_doc_parse_embedded_json(l->doc, v, l->d);
    if (!p) l->ok = false;
    return checked_pattern(l, p);
  }
  return checked_pattern(l, v);
}

/* The name a template parameter stands for: its Default, else the parameter's own name. */
static const char *param_value(const ld_t *l, const char *name) {
  const evcc_node_t *dflt = evcc_map_get(evcc_map_get(l->params, name), "Default");
  return dflt && is_scalar(dflt) ? dflt->str : name;
}

/* The bus name in a literal or an ARN ("arn:aws:events:R:A:event-bus/NAME"). */
static char *name_of_bus_text(const char *text) {
  const char *at = strncmp(text, "arn:", 4) == 0 ? strstr(text, ":event-bus/") : NULL;
  return xstrdup(at ? at + 11 : text);
}

/*
 * Resolves EventBusName: literal name, bus ARN, a reference to an EventBus resource or a
 * parameter, !Sub, !ImportValue; *ref says how (for evcc_model_check_buses) and *loc where.
 */
static char *bus_name_of(ld_t *l, const evcc_node_t *v, const char *what, evcc_bus_ref_t *ref,
                         evcc_loc_t *loc) {
  *ref = EVCC_BUSREF_DEFAULT;
  if (!v) return xstrdup("default");
  *loc = v->loc;
  evcc_strval_t sv;
  if (!read_strval(l, v, what, REF_USE_BUS, &sv)) return xstrdup("default");
  char *name;
  const evcc_node_t *res = l->resources ? evcc_map_get(l->resources, sv.bind_name) : NULL;
  if ((sv.ref == EVCC_REF_REF || sv.ref == EVCC_REF_GETATT) && res) {
    const evcc_node_t *n = evcc_map_get(evcc_map_get(res, "Properties"), "Name");
    name = xstrdup(n && is_scalar(n) ? n->str : sv.bind_name);
    *ref = EVCC_BUSREF_RESOURCE;
  } else if (sv.ref == EVCC_REF_REF && evcc_map_get(l->params, sv.bind_name)) {
    name = xstrdup(param_value(l, sv.bind_name));
    *ref = EVCC_BUSREF_EXTERNAL;
  } else if (sv.ref == EVCC_REF_REF || sv.ref == EVCC_REF_GETATT) {
    bad(l, v, "EventBusName refers to '%s', which is not a resource of this template", sv.bind_name);
    evcc_note(l->d, v->loc, "declare %s (Type: AWS::Events::EventBus) in this file, or give the bus's name or ARN",
              sv.bind_name);
    name = xstrdup(sv.bind_name);
    *ref = EVCC_BUSREF_RESOURCE;
  } else {
    name = name_of_bus_text(sv.text);
    *ref = l->resources || sv.ref != EVCC_REF_NONE ? EVCC_BUSREF_EXTERNAL : EVCC_BUSREF_LOCAL;
  }
  if (strcmp(name, "default") == 0) *ref = EVCC_BUSREF_DEFAULT;
  strval_free(&sv);
  return name;
}

static const char *const known_rule_fields[] = {"Name", "EventBusName", "EventPattern", "ScheduleExpression",
                                                "State", "Description", "Targets", "RoleArn"};

static void read_rule(ld_t *l, const evcc_node_t *props, const char *logical_id, evcc_loc_t loc) {
  evcc_model_t *m = l->m;
  m->rules = grow(m->rules, m->nrule, sizeof *m->rules);
  evcc_rule_t *r = &m->rules[m->nrule++];
  memset(r, 0, sizeof *r);
  r->loc = loc;
  r->enabled = true;
  r->logical_id = logical_id ? xstrdup(logical_id) : NULL;
  if (!evcc_node_expect(l->d, props, EVCC_NODE_MAP, "a rule's properties")) {
    l->ok = false;
    r->name = xstrdup(logical_id);
    r->bus = xstrdup("default");
    return;
  }
  warn_unknown_keys(l, props, known_rule_fields, sizeof known_rule_fields / sizeof known_rule_fields[0], "a rule");
  const char *name = read_string(l, props, "Name", logical_id == NULL);
  r->name = xstrdup(name ? name : logical_id);
  if (name) check_name(l, evcc_map_get(props, "Name"), "name", name, 64);
  r->bus = bus_name_of(l, evcc_map_get(props, "EventBusName"), "EventBusName", &r->bus_ref, &r->bus_loc);
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
    evc_schedule_t parsed;
    if (s && !evcc_schedule_parse(s, &parsed)) bad(l, sched, "Parameter ScheduleExpression is not valid.");
    else if (s && strcmp(r->bus, "default") != 0)
      bad(l, sched, "ScheduleExpression is supported only on the default event bus.");
    else if (s && !evcc_schedule_fires_within_a_century(&parsed, evcc_schedule_build_time_ms()))
      bad(l, sched, "ScheduleExpression %s never fires in the next 100 years", s);
  }
  if (!evcc_map_get(props, "EventPattern") && !sched)
    bad(l, props, "rule %s needs an EventPattern or a ScheduleExpression", r->name);
  const evcc_node_t *targets = evcc_map_get(props, "Targets");
  if (targets) read_targets(l, targets, r);
}

static void read_bus(ld_t *l, const evcc_node_t *props, const char *logical_id, evcc_loc_t loc) {
  if (!evcc_node_expect(l->d, props, EVCC_NODE_MAP, "an event bus's properties")) {
    l->ok = false;
    return;
  }
  static const char *const known[] = {"Name", "Description", "EventSourceName", "DeadLetterConfig",
                                      "KmsKeyIdentifier", "LogConfig", "Policy", "Tags"};
  WARN_UNKNOWN_KEYS(l, props, known, "an event bus");
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

static void read_archive(ld_t *l, const evcc_node_t *props, const char *logical_id, evcc_loc_t loc) {
  if (!evcc_node_expect(l->d, props, EVCC_NODE_MAP, "an archive's properties")) {
    l->ok = false;
    return;
  }
  static const char *const known[] = {"ArchiveName", "SourceArn", "EventBusName", "Description", "EventPattern",
                                      "RetentionDays", "KmsKeyIdentifier"};
  WARN_UNKNOWN_KEYS(l, props, known, "an archive");
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
  const char *src_field = src ? "SourceArn" : "EventBusName";
  if (!src) src = evcc_map_get(props, "EventBusName");
  if (!src) bad(l, props, "archive %s needs a SourceArn (the event bus it archives)", a->name);
  a->bus = bus_name_of(l, src, src_field, &a->bus_ref, &a->bus_loc);
  a->pattern = read_pattern(l, evcc_map_get(props, "EventPattern"));
  if (a->pattern) evcc_pattern_check(a->pattern, l->d) || (l->ok = false);
  const evcc_node_t *ret = evcc_map_get(props, "RetentionDays");
  if (ret) read_int(l, ret, "retentionDays", 0, 2147483647L, &a->retention_days);
}

/* Reports a resource that is not a mapping with a Type string. */
static void check_resource_shape(ld_t *l, const evcc_node_t *res, const char *id) {
  char what[160];
  snprintf(what, sizeof what, "resource %.128s", id);
  if (!evcc_node_expect(l->d, res, EVCC_NODE_MAP, what)) {
    l->ok = false;
    return;
  }
  const evcc_node_t *type = evcc_map_get(res, "Type");
  if (!type) bad(l, res, "%s has no Type", what);
  snprintf(what, sizeof what, "Type of resource %.128s", id);
  if (type && !evcc_node_expect(l->d, type, EVCC_NODE_STRING, what)) l->ok = false;
}

/* ---- event bus policies ---- */

/* A scalar or a list of scalars (or references, kept as their text); false after an error. */
static bool read_str_list(ld_t *l, const evcc_node_t *v, const char *what, char ***out, size_t *n) {
  size_t count = v->kind == EVCC_NODE_SEQ ? v->count : 1;
  *out = xcalloc(count, sizeof **out);
  for (size_t i = 0; i < count; i++) {
    evcc_strval_t sv;
    if (!read_strval(l, v->kind == EVCC_NODE_SEQ ? v->items[i] : v, what, REF_USE_ARN, &sv)) return false;
    (*out)[(*n)++] = sv.text;
    free(sv.bind_name);
  }
  return true;
}

/* "arn:aws:iam::111122223333:root" (or :role/x) -> "111122223333"; "*" and bare ids as they are. */
static char *principal_account(const char *text) {
  const char *iam = strncmp(text, "arn:", 4) == 0 ? strstr(text, ":iam::") : NULL;
  if (!iam) return xstrdup(text);
  char *acct = xstrdup(iam + 6);
  char *end = acct[0] == '$' && strchr(acct, '}') ? strchr(acct, '}') + 1 : strchr(acct, ':'); /* ${AWS::AccountId} */
  if (end) *end = '\0';
  return acct;
}

static void read_principal(ld_t *l, const evcc_node_t *v, evcc_policy_t *p) {
  const evcc_node_t *aws = v->kind == EVCC_NODE_MAP && !v->tag ? evcc_map_get(v, "AWS") : v;
  if (!aws) {
    bad(l, v, "Principal must be \"*\", an account id or {AWS: account ids or ARNs}");
    return;
  }
  char **texts = NULL;
  size_t n = 0;
  if (read_str_list(l, aws, "Principal", &texts, &n)) {
    p->principals = xcalloc(n, sizeof *p->principals);
    for (size_t i = 0; i < n; i++) {
      p->principals[p->nprincipal++] = principal_account(texts[i]);
      const char *param = strstr(texts[i], "${");
      if (param && strncmp(param, "${AWS::AccountId}", 17) != 0)
        evcc_warn(l->d, EVCC_W_IGNORED_FIELD, aws->loc,
                  "Principal %s uses a template parameter eventc cannot resolve: it admits no account", texts[i]);
    }
  }
  free_list(texts, n);
}

static bool grants_put_events(ld_t *l, const evcc_node_t *v) {
  char **actions = NULL;
  size_t n = 0;
  bool put = false;
  if (read_str_list(l, v, "Action", &actions, &n))
    for (size_t i = 0; i < n; i++)
      put |= strcmp(actions[i], "events:PutEvents") == 0 || strcmp(actions[i], "events:*") == 0 ||
             strcmp(actions[i], "*") == 0;
  free_list(actions, n);
  return put;
}

/* One condition key with its values: aws:PrincipalOrgID, events:source, events:detail-type. */
static void read_condition_key(ld_t *l, const evcc_node_t *key, const evcc_node_t *vals, evcc_policy_t *p) {
  if (strcmp(key->str, "aws:PrincipalOrgID") == 0) {
    char **ids = NULL;
    size_t n = 0;
    if (read_str_list(l, vals, key->str, &ids, &n) && n == 1) p->org_id = xstrdup(ids[0]);
    else if (n != 1) bad(l, vals, "aws:PrincipalOrgID takes one organization id");
    free_list(ids, n);
  } else if (strcmp(key->str, "events:source") == 0) {
    read_str_list(l, vals, key->str, &p->sources, &p->nsource);
  } else if (strcmp(key->str, "events:detail-type") == 0) {
    read_str_list(l, vals, key->str, &p->detail_types, &p->ndetail_type);
  } else {
    bad(l, key, "condition key '%s' is not supported by eventc (aws:PrincipalOrgID, events:source, events:detail-type)",
        key->str);
  }
}

/* Condition: {StringEquals: {key: values}} (ForAnyValue:/ForAllValues: alike on single values). */
static void read_condition(ld_t *l, const evcc_node_t *c, evcc_policy_t *p) {
  if (c->kind != EVCC_NODE_MAP) {
    bad(l, c, "Condition must be a mapping of operators to keys");
    return;
  }
  for (size_t i = 0; i < c->count; i++) {
    const char *op = c->keys[i]->str;
    const evcc_node_t *keys = c->items[i];
    if (strcmp(op, "StringEquals") != 0 && strcmp(op, "ForAnyValue:StringEquals") != 0 &&
        strcmp(op, "ForAllValues:StringEquals") != 0) {
      bad(l, c->keys[i], "condition operator '%s' is not supported by eventc (StringEquals)", op);
      continue;
    }
    if (keys->kind != EVCC_NODE_MAP) {
      bad(l, keys, "%s must map condition keys to values", op);
      continue;
    }
    for (size_t k = 0; k < keys->count; k++) read_condition_key(l, keys->keys[k], keys->items[k], p);
  }
}

/* The older form: Action, Principal and Condition {Type: StringEquals, Key, Value} as properties. */
static void read_legacy_condition(ld_t *l, const evcc_node_t *c, evcc_policy_t *p) {
  const evcc_node_t *key = evcc_map_get(c, "Key"), *val = evcc_map_get(c, "Value");
  const char *type = read_string(l, c, "Type", true);
  if (!key || !val || !is_scalar(key)) bad(l, c, "Condition needs Type, Key and Value");
  else if (type && strcmp(type, "StringEquals") != 0) bad(l, c, "condition type '%s' is not supported by eventc", type);
  else read_condition_key(l, key, val, p);
}

static const char *const known_policy_fields[] = {"EventBusName", "StatementId", "Statement", "Action", "Principal",
                                                  "Condition"};

static void read_policy(ld_t *l, const evcc_node_t *props, evcc_loc_t loc) {
  if (props->kind != EVCC_NODE_MAP) {
    bad(l, props, "an event bus policy must be a mapping");
    return;
  }
  warn_unknown_keys(l, props, known_policy_fields, sizeof known_policy_fields / sizeof known_policy_fields[0],
                    "an event bus policy");
  evcc_policy_t p;
  memset(&p, 0, sizeof p);
  p.loc = loc;
  const char *sid = read_string(l, props, "StatementId", true);
  p.sid = xstrdup(sid ? sid : "");
  if (sid) check_name(l, evcc_map_get(props, "StatementId"), "statementId", sid, 64);
  p.bus = bus_name_of(l, evcc_map_get(props, "EventBusName"), "EventBusName", &p.bus_ref, &p.bus_loc);
  const evcc_node_t *st = evcc_map_get(props, "Statement");
  const evcc_node_t *body = st ? st : props;
  if (st && st->kind != EVCC_NODE_MAP) bad(l, st, "Statement must be one policy statement (a mapping)");
  const char *effect = st && st->kind == EVCC_NODE_MAP ? read_string(l, st, "Effect", true) : NULL;
  if (effect && strcmp(effect, "Allow") != 0 && strcmp(effect, "Deny") != 0)
    bad(l, evcc_map_get(st, "Effect"), "Effect must be Allow or Deny, not '%s'", effect);
  p.deny = effect && strcmp(effect, "Deny") == 0;
  const evcc_node_t *principal = body->kind == EVCC_NODE_MAP ? evcc_map_get(body, "Principal") : NULL;
  const evcc_node_t *action = body->kind == EVCC_NODE_MAP ? evcc_map_get(body, "Action") : NULL;
  const evcc_node_t *cond = body->kind == EVCC_NODE_MAP ? evcc_map_get(body, "Condition") : NULL;
  if (!principal || !action) bad(l, body, "policy %s needs a Principal and an Action", p.sid);
  if (principal) read_principal(l, principal, &p);
  if (cond) (st ? read_condition : read_legacy_condition)(l, cond, &p);
  if (action && !grants_put_events(l, action)) {
    evcc_warn(l->d, EVCC_W_IGNORED_FIELD, action->loc,
              "policy %s does not concern events:PutEvents: eventc ignores it", p.sid);
    policy_free(&p);
    return;
  }
  l->m->policies = grow(l->m->policies, l->m->npolicy, sizeof *l->m->policies);
  l->m->policies[l->m->npolicy++] = p;
}

/* The rules SAM generates from the Events of a function or state machine. */
static void read_sam_events(ld_t *l, const evcc_node_t *props, const char *type, const char *id) {
  evcc_sam_rule_t *rules = NULL;
  size_t n = evcc_sam_rules(l->doc, type, id, props, l->d, &l->ok, &rules);
  for (size_t i = 0; i < n; i++) read_rule(l, rules[i].props, rules[i].logical_id, rules[i].loc);
}

/* Template sections other than Resources (and SAM's Globals): in a fragment they sit beside the resources. */
static bool is_template_section(const char *key) {
  static const char *const sections[] = {"AWSTemplateFormatVersion", "Description", "Metadata", "Parameters",
                                         "Rules", "Mappings", "Conditions", "Transform", "Outputs", "Globals"};
  for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++)
    if (strcmp(key, sections[i]) == 0) return true;
  return false;
}

/*
 * A CloudFormation fragment: a mapping of logical ids to resources without the Resources key, as
 * snippets are written. It is one when some top-level value is a mapping whose Type is a plain
 * string starting with "AWS::": no event pattern has such a value (a pattern's leaves are arrays).
 */
static bool is_fragment(const evcc_node_t *root) {
  for (size_t i = 0; i < root->count; i++) {
    const evcc_node_t *type = evcc_map_get(root->items[i], "Type"); /* NULL unless the value is a mapping */
    if (type && type->kind == EVCC_NODE_STRING && !type->tag && strncmp(type->str, "AWS::", 5) == 0) return true;
  }
  return false;
}

/* `resources` is a template's Resources, or the root of a fragment (whose template sections are skipped). */
static void read_template(ld_t *l, const evcc_node_t *resources, bool fragment) {
  if (!evcc_node_expect(l->d, resources, EVCC_NODE_MAP, "Resources")) {
    l->ok = false;
    return;
  }
  for (int pass = 0; pass < 2; pass++) { /* buses first, so rules can refer to them */
    for (size_t i = 0; i < resources->count; i++) {
      const evcc_node_t *res = resources->items[i];
      const char *id = resources->keys[i]->str;
      if (fragment && is_template_section(id)) continue;
      const evcc_node_t *type = evcc_map_get(res, "Type");
      if (pass == 0) check_resource_shape(l, res, id);
      if (!type || type->kind != EVCC_NODE_STRING || type->tag) continue;
      if (pass == 0) evcc_check_resource_type(l->d, type);
      const evcc_node_t *props = evcc_map_get(res, "Properties");
      bool events = strncmp(type->str, "AWS::Events::", 13) == 0;
      if (pass == 1 && events && !props && strcmp(type->str, "AWS::Events::Rule") == 0) {
        bad(l, res, "resource %s (AWS::Events::Rule) has no Properties", id);
        continue;
      }
      if (!props) continue;
      if (pass == 0 && strcmp(type->str, "AWS::Events::EventBus") == 0) read_bus(l, props, id, res->loc);
      if (pass == 1 && strcmp(type->str, "AWS::Events::Rule") == 0) read_rule(l, props, id, res->loc);
      if (pass == 1 && strcmp(type->str, "AWS::Events::Archive") == 0) read_archive(l, props, id, res->loc);
      if (pass == 1 && strcmp(type->str, "AWS::Events::EventBusPolicy") == 0) read_policy(l, props, res->loc);
      if (pass == 1 && !evcc_check_api_resource(l->d, type->str, props)) l->ok = false;
      if (pass == 1 && evcc_sam_is_rule_owner(type->str)) read_sam_events(l, props, type->str, id);
    }
  }
}

/* eventc's own rules file: buses / rules / archives lists with CloudFormation's field names. */
static void read_eventc_file(ld_t *l, const evcc_node_t *root) {
  static const char *const known[] = {"eventc", "buses", "rules", "archives", "policies"};
  warn_unknown_keys(l, root, known, sizeof known / sizeof known[0], "an eventc rules file");
  for (int k = 0; k < 4; k++) {
    const evcc_node_t *list = evcc_map_get(root, known[k + 1]);
    if (!list) continue;
    if (!evcc_node_expect(l->d, list, EVCC_NODE_SEQ, known[k + 1])) {
      l->ok = false;
      continue;
    }
    for (size_t i = 0; i < list->count; i++) {
      const evcc_node_t *item = list->items[i];
      char what[32];
      snprintf(what, sizeof what, "%s[%zu]", known[k + 1], i);
      if (!evcc_node_expect(l->d, item, EVCC_NODE_MAP, what)) {
        l->ok = false;
        continue;
      }
      if (k == 0) read_bus(l, item, NULL, item->loc);
      else if (k == 1) read_rule(l, item, NULL, item->loc);
      else if (k == 2) read_archive(l, item, NULL, item->loc);
      else read_policy(l, item, item->loc);
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
  evcc_doc_t *doc = evcc_doc_load_limited(path, EVCC_SYNTAX_AUTO, m->limits, d);
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
  ld_t l = {m, doc, d, true, NULL, NULL};
  const evcc_node_t *root = doc->root;
  if (root->kind != EVCC_NODE_MAP) {
    evcc_error(d, root->loc, "expected a CloudFormation template, an eventc rules file or an event pattern");
    return false;
  }
  const evcc_node_t *resources = evcc_map_get(root, "Resources");
  bool fragment = !resources && is_fragment(root);
  if (fragment) resources = root;
  l.resources = resources && resources->kind == EVCC_NODE_MAP ? resources : NULL;
  l.params = evcc_map_get(root, "Parameters");
  if (resources) {
    read_template(&l, resources, fragment);
  } else if (evcc_map_get(root, "rules") || evcc_map_get(root, "buses") || evcc_map_get(root, "eventc") ||
             evcc_map_get(root, "policies") || evcc_map_get(root, "archives")) {
    read_eventc_file(&l, root);
  } else { /* a bare event pattern: one rule named after the file */
    m->rules = grow(m->rules, m->nrule, sizeof *m->rules);
    evcc_rule_t *r = &m->rules[m->nrule++];
    memset(r, 0, sizeof *r);
    r->name = name_from_path(doc->path);
    r->bus = xstrdup("default");
    r->enabled = true;
    r->pattern = read_pattern(&l, root);
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

static const evcc_rule_t *sorting_rules;
static int cmp_rule_name_bus(const void *a, const void *b) {
  size_t i = *(const size_t *)a, k = *(const size_t *)b;
  int c = strcmp(sorting_rules[i].name, sorting_rules[k].name);
  if (!c) c = strcmp(sorting_rules[i].bus, sorting_rules[k].bus);
  return c ? c : i < k ? -1 : 1;
}

/* Per rule, the first rule before it with its name on its bus, or SIZE_MAX: sorted once, not
 * compared pairwise (10,000 rules). */
static size_t *first_definitions(const evcc_model_t *m) {
  size_t *order = xcalloc(m->nrule + 1, sizeof *order), *first = xcalloc(m->nrule + 1, sizeof *first);
  for (size_t i = 0; i < m->nrule; i++) order[i] = i;
  sorting_rules = m->rules;
  qsort(order, m->nrule, sizeof *order, cmp_rule_name_bus);
  for (size_t j = 0; j < m->nrule; j++) {
    bool repeats = j && strcmp(m->rules[order[j]].name, m->rules[order[j - 1]].name) == 0 &&
                   strcmp(m->rules[order[j]].bus, m->rules[order[j - 1]].bus) == 0;
    first[order[j]] = !repeats ? SIZE_MAX : first[order[j - 1]] == SIZE_MAX ? order[j - 1] : first[order[j - 1]];
  }
  free(order);
  return first;
}

bool evcc_model_build_ir(const evcc_model_t *m, const char *bus, evcc_ir_t *ir, evcc_diag_t *d) {
  bool ok = true;
  size_t *first = first_definitions(m);
  for (size_t i = 0; i < m->nrule; i++) {
    const evcc_rule_t *r = &m->rules[i];
    if (bus && strcmp(r->bus, bus) != 0) continue;
    if (first[i] != SIZE_MAX) {
      evcc_error(d, r->loc, "rule %s is defined twice on bus %s", r->name, r->bus);
      evcc_note(d, m->rules[first[i]].loc, "the first definition is here");
      ok = false;
    }
    if (!r->pattern) { /* a scheduled rule: present in the IR, never matched by events */
      evcc_ir_add_rule(ir, r->name, r->loc, r->loc, NULL, 0, (void *)r);
      continue;
    }
    if (evcc_pattern_add(ir, r->pattern, r->name, r->loc, (void *)r, d) < 0) ok = false;
  }
  free(first);
  return ok;
}

char *evcc_rule_arn(const evcc_rule_t *r, const char *region, const char *account) {
  size_t n = strlen(region) + strlen(account) + strlen(r->bus) + strlen(r->name) + 64;
  char *s = xcalloc(n, 1);
  if (strcmp(r->bus, "default") == 0) snprintf(s, n, "arn:aws:events:%s:%s:rule/%s", region, account, r->name);
  else snprintf(s, n, "arn:aws:events:%s:%s:rule/%s/%s", region, account, r->bus, r->name);
  return s;
}
