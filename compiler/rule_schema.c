/* -Wrule-schema: walks each rule's pattern and input paths through the schemas of its events. */
#include "rule_schema.h"
#include "jsonpath.h"
#include "registry_name.h"
#include "schema_ir.h"
#include "schema_regex.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_VIEWS 16
#define MAX_VALUES 64

/* A place in one schema that describes the rule's events. */
typedef struct spot {
  const evcc_sroot_t *root;
  const evcc_snode_t *s; /* NULL: the schema does not say what is here */
  bool detail_only;      /* the root describes `detail`, not the whole event */
  bool at_top;           /* the spot is the event itself */
  bool always;           /* present in every event the schema describes */
  bool dead;             /* an earlier step is already impossible here */
} spot_t;

/* Why a condition can never hold under one schema. */
typedef struct why {
  char text[512];
  evcc_loc_t at; /* the schema position the note points to */
} why_t;

typedef struct check {
  evcc_diag_t *d;
  const evcc_rule_t *rule;
  spot_t views[MAX_VIEWS];
  size_t nview;
} check_t;

/* ---- what a schema node says ---- */

static const evcc_snode_t *deref(const evcc_snode_t *s) {
  for (int hops = 0; s && s->ref && hops < 64; hops++) s = s->ref;
  return s;
}

/* The node when its own keywords say everything (no combinators, not a boolean schema), else NULL. */
static const evcc_snode_t *plain(const evcc_snode_t *s) {
  s = deref(s);
  if (!s || s->ref || s->boolean >= 0 || s->nall || s->nany || s->none || s->not_ || s->if_) return NULL;
  return s;
}

static unsigned kind_type(const evcc_node_t *n) {
  static const unsigned by_kind[] = {EVCC_T_NULL, EVCC_T_BOOLEAN, EVCC_T_NUMBER, EVCC_T_STRING, EVCC_T_OBJECT, EVCC_T_ARRAY};
  return by_kind[n->kind];
}

/* Types a node allows (0: any), from `type` or else from its enum/const values. */
static unsigned types_of(const evcc_snode_t *s) {
  if (s->types) return s->types;
  if (s->const_) return kind_type(s->const_);
  unsigned t = 0;
  for (size_t i = 0; s->enum_ && i < s->enum_->count; i++) t |= kind_type(s->enum_->items[i]);
  return t;
}

static void type_words(char *out, size_t cap, unsigned t) {
  static const char *const names[] = {"null", "a boolean", "an object", "an array", "a number", "a string", "an integer"};
  size_t used = 0;
  out[0] = '\0';
  for (unsigned b = 0; b < 7; b++)
    if (t & (1u << b)) used += (size_t)snprintf(out + used, used < cap ? cap - used : 0, "%s%s", used ? " or " : "", names[b]);
}

/* Where pattern matching meets array elements: EventBridge matches each element of an array. */
static const evcc_snode_t *elements(const evcc_snode_t *s, bool *always) {
  for (int depth = 0; s && types_of(s) == EVCC_T_ARRAY && depth < 64; depth++) {
    *always = false;
    s = plain(s->items);
  }
  return s && (types_of(s) & EVCC_T_ARRAY) ? NULL : s;
}

/* ---- one step down ---- */

static void say(why_t *w, const evcc_snode_t *at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void say(why_t *w, const evcc_snode_t *at, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(w->text, sizeof w->text, fmt, ap);
  va_end(ap);
  w->at = at->src->loc;
}

/* Moves `sp` to member `key`; false (with the reason) when the schema says no event has it. */
static bool step_key(spot_t *sp, const char *key, size_t len, bool flatten, const char *field, why_t *w) {
  if (sp->at_top) {
    sp->at_top = false;
    bool detail = len == 6 && !memcmp(key, "detail", 6);
    if (sp->detail_only || (len == 11 && !memcmp(key, "replay-name", 11))) { /* replays add replay-name */
      sp->s = detail && sp->detail_only ? sp->root->schema : NULL;
      return true;
    }
  }
  const evcc_snode_t *s = plain(sp->s);
  if (s && flatten) s = elements(s, &sp->always);
  sp->s = NULL;
  if (!s) return true;
  unsigned t = types_of(s);
  char tw[96];
  type_words(tw, sizeof tw, t);
  if (t && !(t & EVCC_T_OBJECT)) {
    size_t flen = strlen(field);
    int parent = flen > len ? (int)(flen - len - 1) : 0;
    say(w, s, "%.*s is %s in schema %s, so it has no field \"%.*s\"", parent, field, tw, sp->root->name, (int)len, key);
    return false;
  }
  for (size_t i = 0; i < s->nkey; i++)
    if (s->keys[i].len == len && !memcmp(s->keys[i].name, key, len) && (i < s->nprop || s->keys[i].required)) {
      sp->s = i < s->nprop ? s->keys[i].schema : NULL;
      sp->always = sp->always && s->keys[i].required && t == EVCC_T_OBJECT;
      return true;
    }
  sp->always = false;
  if (s->npprop) return true; /* patternProperties: not followed */
  if (s->additional && s->additional->boolean == 0) {
    say(w, s->additional, "field %s is not in schema %s, which allows no other properties", field, sp->root->name);
    return false;
  }
  sp->s = s->additional;
  return true;
}

/* ---- values and operators ---- */

static bool need_type(const evcc_snode_t *s, unsigned want, const char *what, const char *field, const char *schema,
                      why_t *w) {
  unsigned t = types_of(s);
  if (!t || (t & want)) return true;
  char tw[96];
  type_words(tw, sizeof tw, t);
  say(w, s, "%s cannot apply to %s, which is %s in schema %s", what, field, tw, schema);
  return false;
}

static bool same_value(const evcc_node_t *a, const evcc_node_t *b) {
  if (a->kind != b->kind) return false;
  if (a->kind == EVCC_NODE_NUMBER) {
    double x, y;
    return evcc_node_number(a, &x) && evcc_node_number(b, &y) && x == y;
  }
  if (a->kind == EVCC_NODE_BOOL) return a->boolean == b->boolean;
  return a->kind == EVCC_NODE_NULL || (a->len == b->len && !memcmp(a->str, b->str, a->len));
}

/* The values a node allows when it lists them (enum/const), into `vals`; -1 when it does not. */
static int listed(const evcc_snode_t *s, const evcc_node_t **vals) {
  if (s->const_) {
    vals[0] = s->const_;
    return 1;
  }
  if (!s->enum_ || s->enum_->count > MAX_VALUES) return -1;
  for (size_t i = 0; i < s->enum_->count; i++) vals[i] = s->enum_->items[i];
  return (int)s->enum_->count;
}

static void values_text(char *out, size_t cap, const evcc_snode_t *s) {
  evcc_buf_t b;
  evcc_buf_init(&b);
  evcc_schema_json(&b, s->const_ ? s->const_ : s->enum_);
  snprintf(out, cap, "%s %.*s", s->const_ ? "const" : "enum", (int)(b.len > 200 ? 200 : b.len), b.data ? b.data : "");
  evcc_buf_free(&b);
}

static size_t utf8_chars(const char *s, size_t n) {
  size_t c = 0;
  for (size_t i = 0; i < n; i++) c += ((unsigned char)s[i] & 0xC0) != 0x80;
  return c;
}

static bool regex_allows(const evcc_snode_t *s, const evcc_node_t *v) {
  evcc_diag_t quiet; /* the schema loader already reported patterns that do not compile */
  evcc_diag_init(&quiet);
  evcc_redfa_t *dfa = evcc_regex_compile(s->pattern->str, s->pattern->loc, &quiet);
  evcc_diag_free(&quiet);
  bool ok = !dfa || evcc_redfa_match(dfa, v->str, v->len);
  evcc_redfa_free(dfa);
  return ok;
}

static bool number_in_range(const evcc_snode_t *s, double x) {
  double lim;
  if (s->minimum && evcc_node_number(s->minimum, &lim) && (x < lim || (s->min_excl && x == lim))) return false;
  if (s->maximum && evcc_node_number(s->maximum, &lim) && (x > lim || (s->max_excl && x == lim))) return false;
  return true;
}

/* An exact value of the pattern ("READY", 5, true, null) against the field's schema. */
static bool exact_possible(const evcc_snode_t *s, const evcc_node_t *v, const char *field, const char *schema, why_t *w) {
  static const unsigned want[] = {EVCC_T_NULL, EVCC_T_BOOLEAN, EVCC_T_NUMBER | EVCC_T_INTEGER, EVCC_T_STRING};
  char what[160];
  evcc_buf_t vb;
  evcc_buf_init(&vb);
  evcc_schema_json(&vb, v);
  snprintf(what, sizeof what, "the value %.*s", (int)(vb.len > 100 ? 100 : vb.len), vb.data);
  evcc_buf_free(&vb);
  if (!need_type(s, want[v->kind], what, field, schema, w)) return false;
  const evcc_node_t *vals[MAX_VALUES];
  int n = listed(s, vals);
  bool found = n < 0;
  for (int i = 0; i < n && !found; i++) found = same_value(vals[i], v);
  char allowed[256];
  if (!found) {
    values_text(allowed, sizeof allowed, s);
    say(w, s, "%s is never %s in schema %s (%s)", field, what + 10, schema, allowed);
    return false;
  }
  double x;
  if (v->kind == EVCC_NODE_NUMBER && evcc_node_number(v, &x)) {
    if (!(types_of(s) & EVCC_T_NUMBER) && types_of(s) & EVCC_T_INTEGER && x != floor(x)) {
      say(w, s, "%s is an integer in schema %s, never %s", field, schema, what + 10);
      return false;
    }
    if (!number_in_range(s, x)) {
      say(w, s, "%s is outside the range schema %s gives %s", what, schema, field);
      return false;
    }
  }
  if (v->kind != EVCC_NODE_STRING) return true;
  size_t chars = utf8_chars(v->str, v->len);
  if ((s->min_len >= 0 && chars < (size_t)s->min_len) || (s->max_len >= 0 && chars > (size_t)s->max_len)) {
    say(w, s, "%s has a length schema %s does not allow for %s", what, schema, field);
    return false;
  }
  if (s->pattern && !regex_allows(s, v)) {
    say(w, s, "%s does not match the pattern %s schema %s gives %s", what, s->pattern->str, schema, field);
    return false;
  }
  return true;
}

/* prefix / suffix / equals-ignore-case against the listed string values. */
static bool text_op_possible(const evcc_snode_t *s, const char *op, const evcc_node_t *arg, const char *field,
                             const char *schema, why_t *w) {
  bool nocase = !strcmp(op, "equals-ignore-case");
  if (arg->kind == EVCC_NODE_MAP && arg->count == 1 && !strcmp(arg->keys[0]->str, "equals-ignore-case"))
    arg = arg->items[0], nocase = true;
  const evcc_node_t *vals[MAX_VALUES];
  int n = listed(s, vals);
  if (n < 0 || arg->kind != EVCC_NODE_STRING) return true;
  for (int i = 0; i < n; i++) {
    const evcc_node_t *v = vals[i];
    if (v->kind != EVCC_NODE_STRING || v->len < arg->len) continue;
    const char *at = !strcmp(op, "suffix") ? v->str + v->len - arg->len : v->str;
    if (!strcmp(op, "equals-ignore-case") && v->len != arg->len) continue;
    if (nocase ? !strncasecmp(at, arg->str, arg->len) : !memcmp(at, arg->str, arg->len)) return true;
  }
  char allowed[256];
  values_text(allowed, sizeof allowed, s);
  say(w, s, "no value of %s in schema %s (%s) satisfies %s \"%s\"", field, schema, allowed, op, arg->str);
  return false;
}

/* The interval a numeric condition accepts, against the schema's range and listed values. */
static bool numeric_possible(const evcc_snode_t *s, const evcc_node_t *arg, const char *field, const char *schema,
                             why_t *w) {
  double lo = -INFINITY, hi = INFINITY;
  bool lo_x = false, hi_x = false;
  for (size_t i = 0; arg->kind == EVCC_NODE_SEQ && i + 1 < arg->count; i += 2) {
    const char *op = arg->items[i]->str;
    double x;
    if (!op || !evcc_node_number(arg->items[i + 1], &x)) return true;
    if (op[0] == '>' || op[0] == '=') lo = x, lo_x = op[0] == '>' && !op[1];
    if (op[0] == '<' || op[0] == '=') hi = x, hi_x = op[0] == '<' && !op[1];
  }
  double min = -INFINITY, max = INFINITY;
  if (s->minimum) evcc_node_number(s->minimum, &min);
  if (s->maximum) evcc_node_number(s->maximum, &max);
  bool min_x = s->minimum && s->min_excl, max_x = s->maximum && s->max_excl;
  bool empty = lo > max || hi < min || (lo == max && (lo_x || max_x)) || (hi == min && (hi_x || min_x));
  if (empty) {
    say(w, s, "the numeric condition on %s lies outside the range schema %s gives it", field, schema);
    return false;
  }
  const evcc_node_t *vals[MAX_VALUES];
  int n = listed(s, vals);
  for (int i = 0; i < n; i++) {
    double x;
    if (vals[i]->kind == EVCC_NODE_NUMBER && evcc_node_number(vals[i], &x) && (x > lo || (x == lo && !lo_x)) &&
        (x < hi || (x == hi && !hi_x)))
      return true;
  }
  if (n < 0) return true;
  char allowed[256];
  values_text(allowed, sizeof allowed, s);
  say(w, s, "no value of %s in schema %s (%s) satisfies the numeric condition", field, schema, allowed);
  return false;
}

/* anything-but of exact values: impossible when the schema lists only excluded values. */
static bool anything_but_possible(const evcc_snode_t *s, const evcc_node_t *arg, const char *field, const char *schema,
                                  why_t *w) {
  const evcc_node_t *vals[MAX_VALUES];
  int n = listed(s, vals);
  if (n <= 0 || arg->kind == EVCC_NODE_MAP) return true;
  for (int i = 0; i < n; i++) {
    bool excluded = arg->kind == EVCC_NODE_SEQ ? false : same_value(arg, vals[i]);
    for (size_t j = 0; arg->kind == EVCC_NODE_SEQ && j < arg->count && !excluded; j++)
      excluded = same_value(arg->items[j], vals[i]);
    if (!excluded) return true;
  }
  char allowed[256];
  values_text(allowed, sizeof allowed, s);
  say(w, s, "anything-but excludes every value schema %s allows for %s (%s)", schema, field, allowed);
  return false;
}

static bool exists_possible(const spot_t *sp, bool want, const char *field, why_t *w) {
  const evcc_snode_t *s = plain(sp->s);
  unsigned t = s ? types_of(s) : 0;
  if (want && t == EVCC_T_OBJECT) {
    say(w, s, "exists matches leaf values, and %s is always an object in schema %s", field, sp->root->name);
    return false;
  }
  if (!want && sp->always && t && !(t & (EVCC_T_OBJECT | EVCC_T_ARRAY))) {
    say(w, s, "%s is required all the way down in schema %s, so exists: false never holds", field, sp->root->name);
    return false;
  }
  return true;
}

/* One element of a pattern field's list, under one schema. */
static bool matcher_possible(const spot_t *sp, const evcc_node_t *m, const char *field, why_t *w) {
  if (sp->dead) return false;
  w->text[0] = '\0';
  const char *schema = sp->root->name;
  const char *op = m->kind == EVCC_NODE_MAP && m->count == 1 ? m->keys[0]->str : NULL;
  const evcc_node_t *arg = op ? m->items[0] : NULL;
  if (op && !strcmp(op, "exists") && arg->kind == EVCC_NODE_BOOL) return exists_possible(sp, arg->boolean, field, w);
  bool always = sp->always;
  const evcc_snode_t *s = elements(plain(sp->s), &always);
  if (!s) return true;
  if (!op) return m->kind == EVCC_NODE_MAP || exact_possible(s, m, field, schema, w);
  char what[64];
  snprintf(what, sizeof what, "\"%s\"", op);
  if (!strcmp(op, "numeric"))
    return need_type(s, EVCC_T_NUMBER | EVCC_T_INTEGER, what, field, schema, w) && numeric_possible(s, arg, field, schema, w);
  if (!strcmp(op, "prefix") || !strcmp(op, "suffix") || !strcmp(op, "equals-ignore-case"))
    return need_type(s, EVCC_T_STRING, what, field, schema, w) && text_op_possible(s, op, arg, field, schema, w);
  if (!strcmp(op, "wildcard") || !strcmp(op, "cidr")) return need_type(s, EVCC_T_STRING, what, field, schema, w);
  if (!strcmp(op, "anything-but")) return anything_but_possible(s, arg, field, schema, w);
  return true;
}

/* ---- walking a rule ---- */

static void report(check_t *c, evcc_loc_t at, const char *lead, const why_t *w, const char *tail) {
  evcc_warn(c->d, EVCC_W_RULE_SCHEMA, at, "rule %s: %s%s%s", c->rule->name, lead, w->text, tail);
  if (c->d->enabled[EVCC_W_RULE_SCHEMA] && w->at.line) evcc_note(c->d, w->at, "the schema says so here");
}

/* Runs `possible` in every view; true when it fails in all of them (the first live one's reason in *w). */
static bool impossible_everywhere(check_t *c, const spot_t *spots, const evcc_node_t *m, const char *field, why_t *w) {
  bool live = false;
  for (size_t v = 0; v < c->nview; v++) {
    why_t here;
    if (spots[v].dead) continue;
    if (matcher_possible(&spots[v], m, field, &here)) return false;
    if (!live) *w = here;
    live = true;
  }
  return live;
}

static void walk_map(check_t *c, const evcc_node_t *map, const spot_t *spots, const char *prefix, bool in_or);

static void walk_list(check_t *c, const evcc_node_t *list, const spot_t *spots, const char *field, bool in_or) {
  size_t dead = 0;
  for (size_t i = 0; i < list->count; i++) {
    why_t w;
    if (!impossible_everywhere(c, spots, list->items[i], field, &w)) continue;
    dead++;
    bool all = dead == list->count && !in_or;
    report(c, list->items[i]->loc, "", &w, all ? " (the rule can never match)" : "");
  }
}

static void walk_field(check_t *c, const evcc_node_t *key, const evcc_node_t *val, const spot_t *spots,
                       const char *prefix, bool in_or) {
  char field[512];
  snprintf(field, sizeof field, "%s%s%s", prefix, *prefix ? "." : "", key->str);
  spot_t next[MAX_VIEWS];
  why_t first = {{0}, {0}};
  bool live = false, all_dead = true;
  for (size_t v = 0; v < c->nview; v++) {
    next[v] = spots[v];
    if (next[v].dead) continue;
    why_t w;
    live = true;
    if (step_key(&next[v], key->str, key->len, true, field, &w)) {
      all_dead = false;
    } else {
      next[v].dead = true;
      if (!first.text[0]) first = w;
    }
  }
  if (live && all_dead) {
    report(c, key->loc, "", &first, in_or ? "" : " (the rule can never match)");
    return;
  }
  if (val->kind == EVCC_NODE_MAP) walk_map(c, val, next, field, in_or);
  else if (val->kind == EVCC_NODE_SEQ) walk_list(c, val, next, field, in_or);
}

static void walk_map(check_t *c, const evcc_node_t *map, const spot_t *spots, const char *prefix, bool in_or) {
  for (size_t i = 0; i < map->count; i++) {
    const evcc_node_t *k = map->keys[i], *v = map->items[i];
    if (!strcmp(k->str, "$or") && v->kind == EVCC_NODE_SEQ) {
      for (size_t j = 0; j < v->count; j++)
        if (v->items[j]->kind == EVCC_NODE_MAP) walk_map(c, v->items[j], spots, prefix, true);
    } else {
      walk_field(c, k, v, spots, prefix, in_or);
    }
  }
}

/* ---- input paths ---- */

typedef struct path_walk {
  spot_t sp;
  char field[512];
  bool dead;
  why_t why;
} path_walk_t;

static void path_step(void *ud, const evcc_jstep_t *st) {
  path_walk_t *p = ud;
  if (p->dead) return;
  size_t used = strlen(p->field);
  if (st->key) {
    snprintf(p->field + used, sizeof p->field - used, "%s%.*s", used ? "." : "", (int)st->len, st->key);
    p->dead = !step_key(&p->sp, st->key, st->len, false, p->field, &p->why);
    return;
  }
  snprintf(p->field + used, sizeof p->field - used, "[%lu]", st->index);
  const evcc_snode_t *s = p->sp.at_top ? NULL : plain(p->sp.s);
  p->sp.at_top = false;
  p->sp.s = NULL;
  if (!s) return;
  unsigned t = types_of(s);
  if (t && !(t & EVCC_T_ARRAY)) {
    char tw[96];
    type_words(tw, sizeof tw, t);
    say(&p->why, s, "it indexes %s, which is %s in schema %s", p->field, tw, p->sp.root->name);
    p->dead = true;
    return;
  }
  p->sp.s = s->items ? s->items : st->index < s->ntuple ? s->tuple[st->index] : NULL;
}

static void check_path(check_t *c, const evcc_target_t *t, const char *what, const char *path, evcc_loc_t loc) {
  why_t first = {{0}, {0}};
  for (size_t v = 0; v < c->nview; v++) {
    path_walk_t p = {c->views[v], {0}, false, {{0}, {0}}};
    if (!evcc_jsonpath_walk(path, path_step, &p) || !p.dead) return;
    if (!v) first = p.why;
  }
  if (!c->nview) return;
  evcc_buf_t lead;
  evcc_buf_init(&lead);
  evcc_buf_printf(&lead, "target %s: %s %s can never exist: ", t->id, what, path);
  report(c, loc, lead.data, &first, "");
  evcc_buf_free(&lead);
}

static void check_targets(check_t *c) {
  for (size_t i = 0; i < c->rule->ntarget; i++) {
    const evcc_target_t *t = &c->rule->targets[i];
    if (t->input_kind == EVCC_INPUT_PATH) check_path(c, t, "InputPath", t->input_path, t->input_loc);
    for (size_t k = 0; t->input_kind == EVCC_INPUT_TRANSFORMER && k < t->nvar; k++) {
      char what[300];
      snprintf(what, sizeof what, "InputPathsMap %s =", t->vars[k].name);
      check_path(c, t, what, t->vars[k].path, t->vars[k].loc);
    }
  }
}

/* ---- which schemas describe a rule's events ---- */

/* The exact strings a pattern's top-level field accepts, or -1 when it accepts others too (or any). */
static int exact_strings(const evcc_node_t *pattern, const char *key, const char **out) {
  const evcc_node_t *v = evcc_map_get(pattern, key);
  if (!v || v->kind != EVCC_NODE_SEQ || !v->count || v->count > MAX_VIEWS) return -1;
  for (size_t i = 0; i < v->count; i++) {
    if (v->items[i]->kind != EVCC_NODE_STRING) return -1;
    out[i] = v->items[i]->str;
  }
  return (int)v->count;
}

/* A detail schema named for a detail-type: "ticket.completed" -> TicketCompleted[Event|Detail]. */
static bool named_for(const evcc_sroot_t *r, const char *detail_type) {
  evcc_buf_t b;
  evcc_buf_init(&b);
  evcc_registry_name(&b, detail_type, strlen(detail_type));
  size_t n = b.len;
  bool ok = n && !strncmp(r->name, b.data, n) &&
            (!r->name[n] || !strcmp(r->name + n, "Event") || !strcmp(r->name + n, "Detail"));
  evcc_buf_free(&b);
  return ok;
}

/* True when `r` is the detail of an envelope: it then describes only that envelope's events. */
static bool detail_of_envelope(const evcc_sroot_t *roots, size_t n, const evcc_sroot_t *r) {
  for (size_t i = 0; i < n; i++) {
    const evcc_snode_t *env = deref(roots[i].schema);
    if (!roots[i].source || !roots[i].detail_type || !env) continue;
    for (size_t k = 0; k < env->nprop; k++)
      if (!strcmp(env->keys[k].name, "detail") && deref(env->keys[k].schema) == deref(r->schema)) return true;
  }
  return false;
}

/* Adds the roots describing (source, detail-type): envelopes first, detail schemas otherwise. */
static bool add_pair(check_t *c, const evcc_sroot_t *roots, size_t n, const char *src, const char *dt) {
  size_t before = c->nview;
  for (int pass = 0; pass < 2 && c->nview == before; pass++)
    for (size_t i = 0; i < n; i++) {
      const evcc_sroot_t *r = &roots[i];
      bool envelope = r->source && r->detail_type;
      bool fits = pass == 0 ? envelope && src && !strcmp(r->source, src) && !strcmp(r->detail_type, dt)
                            : !envelope && (!r->source || (src && !strcmp(r->source, src))) &&
                                  strcmp(r->name, "AWSEvent") && named_for(r, dt) &&
                                  !detail_of_envelope(roots, n, r);
      if (!fits || !r->schema) continue;
      if (c->nview == MAX_VIEWS) return false;
      c->views[c->nview++] = (spot_t){r, r->schema, pass == 1, true, true, false};
    }
  return c->nview > before;
}

static void find_views(check_t *c, const evcc_schema_set_t *set) {
  const char *srcs[MAX_VIEWS], *dts[MAX_VIEWS];
  int ns = exact_strings(c->rule->pattern, "source", srcs), nd = exact_strings(c->rule->pattern, "detail-type", dts);
  evcc_sroot_t *roots;
  size_t n = evcc_schema_set_roots(set, &roots);
  c->nview = 0;
  if (nd < 0) return;
  for (int i = 0; i < (ns < 0 ? 1 : ns); i++)
    for (int j = 0; j < nd; j++)
      if (!add_pair(c, roots, n, ns < 0 ? NULL : srcs[i], dts[j])) {
        c->nview = 0; /* events of an undescribed pair can match: nothing is impossible */
        return;
      }
}

void evcc_rule_schema_check(const evcc_model_t *m, const evcc_schema_set_t *set, evcc_diag_t *d) {
  if (!set || !d->enabled[EVCC_W_RULE_SCHEMA]) return;
  for (size_t i = 0; i < m->nrule; i++) {
    check_t c = {d, &m->rules[i], {{0}}, 0};
    if (!c.rule->pattern || c.rule->pattern->kind != EVCC_NODE_MAP) continue;
    find_views(&c, set);
    if (!c.nview) continue;
    walk_map(&c, c.rule->pattern, c.views, "", false);
    check_targets(&c);
  }
}
