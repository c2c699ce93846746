/* eventc sample: walks a schema and builds a random event from it, valid under every keyword the compiler checks. */
#include "sample_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TRIES 64 /* attempts at a value an applicator (oneOf, allOf, not, ...) or the whole event accepts */
#define DEEP 6       /* below this nesting, optional members and array items are left out */
#define MAX_SAMPLE_DEPTH 200 /* deeper values only come from a schema whose required members recurse */

evcc_sampler_t *evcc_sampler_new(evcc_schema_set_t *set, const evcc_sroot_t *root, const evcc_sample_opts_t *o) {
  evcc_sampler_t *sp = calloc(1, sizeof *sp);
  const evcc_regex_t *res;
  if (!sp) abort();
  sp->set = set;
  sp->root = root;
  sp->interp = evcc_interp_new(set);
  sp->state = o ? o->seed : 0;
  sp->extra = o ? o->extra_names : NULL;
  sp->nextra = o ? o->nextra : 0;
  sp->ndfa = evcc_schema_set_regexes(set, &res);
  sp->dfas = calloc(sp->ndfa + 1, sizeof *sp->dfas);
  evcc_buf_init(&sp->kw);
  evcc_buf_init(&sp->at);
  return sp;
}

void evcc_sampler_free(evcc_sampler_t *sp) {
  if (!sp) return;
  sample_breaks_clear(sp);
  for (size_t i = 0; i < sp->ndfa; i++) evcc_redfa_free(sp->dfas[i]);
  free(sp->dfas);
  free(sp->brk);
  evcc_interp_free(sp->interp);
  evcc_buf_free(&sp->kw);
  evcc_buf_free(&sp->at);
  free(sp);
}

/* ---- locations ---- */

static void put_token(evcc_buf_t *b, const char *tok) {
  evcc_buf_putc(b, '/');
  for (const char *c = tok; *c; c++) evcc_buf_puts(b, *c == '~' ? "~0" : *c == '/' ? "~1" : (char[2]){*c, 0});
}

static size_t push_kw(evcc_sampler_t *sp, const char *kw, const char *name) {
  size_t mark = sp->kw.len;
  put_token(&sp->kw, kw);
  if (name) put_token(&sp->kw, name);
  return mark;
}

static size_t push_at(evcc_sampler_t *sp, const char *key, size_t index) {
  size_t mark = sp->at.len;
  char num[32];
  snprintf(num, sizeof num, "%zu", index);
  put_token(&sp->at, key ? key : num);
  return mark;
}

static void pop_to(evcc_buf_t *b, size_t mark) {
  b->len = mark;
  if (b->data) b->data[mark] = '\0';
}

/* ---- values ---- */

static const evcc_snode_t *deref(const evcc_snode_t *s) {
  for (int hops = 0; s && s->ref && hops < 64; hops++) s = s->ref;
  return s;
}

static json_t *gen(evcc_sampler_t *sp, const evcc_snode_t *s, int depth);

static json_t *literal(const evcc_node_t *n) {
  evcc_buf_t b;
  evcc_buf_init(&b);
  evcc_schema_json(&b, n);
  json_t *v = json_loadb(b.data, b.len, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
  evcc_buf_free(&b);
  return v;
}

/* The JSON types a value of `s` may take: its `type`, else what its keywords are about, else any. */
static unsigned candidate_types(const evcc_snode_t *s) {
  if (s->types) return s->types;
  if (s->nkey || s->additional || s->npprop || s->min_props >= 0) return EVCC_T_OBJECT;
  if (s->items || s->tuple || s->min_items >= 0 || s->max_items >= 0) return EVCC_T_ARRAY;
  if (s->minimum || s->maximum || s->multiple_of) return EVCC_T_NUMBER;
  if (s->min_len >= 0 || s->max_len >= 0 || s->pattern || s->format) return EVCC_T_STRING;
  return 0;
}

static unsigned pick_type(evcc_sampler_t *sp, unsigned types) {
  unsigned bits[7], n = 0;
  for (unsigned i = 0; i < 7; i++)
    if (types & (1u << i)) bits[n++] = 1u << i;
  return n ? bits[sample_rand(sp) % n] : 0;
}

static json_t *gen_array(evcc_sampler_t *sp, const evcc_snode_t *s, int depth) {
  unsigned long long min = s->min_items > 0 ? (unsigned long long)s->min_items : 0;
  unsigned long long max = s->max_items >= 0 && (unsigned long long)s->max_items < min + 3
                               ? (unsigned long long)s->max_items
                               : min + 3; /* short arrays */
  if (s->tuple && s->additional_items && s->additional_items->boolean == 0 && max > s->ntuple) max = s->ntuple;
  unsigned long long n = depth > DEEP ? min : sample_between(sp, min, max);
  if (s->contains && n == 0 && max > 0) n = 1;
  json_t *a = json_array();
  for (size_t i = 0; a && i < n; i++) {
    const evcc_snode_t *item = s->items ? s->items : i < s->ntuple ? s->tuple[i] : s->additional_items;
    bool in_contains = s->contains && i == 0;
    size_t km = push_kw(sp,
                        in_contains     ? "contains"
                        : s->items      ? "items"
                        : i < s->ntuple ? "items"
                                        : "additionalItems",
                        NULL);
    if (!s->items && i < s->ntuple) {
      char num[32];
      snprintf(num, sizeof num, "%zu", i);
      put_token(&sp->kw, num);
    }
    size_t am = push_at(sp, NULL, i);
    json_t *e = NULL;
    for (int tries = 0; tries < 8 && !e; tries++) {
      e = gen(sp, in_contains ? s->contains : item, depth + 1);
      for (size_t j = 0; e && s->unique && j < i; j++)
        if (json_equal(e, json_array_get(a, j))) json_decref(e), e = NULL;
    }
    if (e) sample_note_breaks(sp, deref(in_contains ? s->contains : item), e);
    pop_to(&sp->kw, km);
    pop_to(&sp->at, am);
    if (!e || json_array_append_new(a, e)) json_decref(a), a = NULL;
  }
  return a;
}

/* The schema patternProperties give a member name, or NULL. */
static const evcc_snode_t *pattern_schema(evcc_sampler_t *sp, const evcc_snode_t *s, const char *name, bool *hit) {
  for (size_t i = 0; i < s->npprop; i++) {
    const evcc_redfa_t *dfa = sample_dfa(sp, s->pprops[i].regex);
    if (dfa && evcc_redfa_match(dfa, name, strlen(name))) return *hit = true, s->pprops[i].schema;
  }
  return *hit = false, NULL;
}

static bool add_member(evcc_sampler_t *sp, json_t *o, const char *name, const evcc_snode_t *schema, const char *kw,
                       int depth) {
  size_t km = push_kw(sp, kw, kw[0] == 'p' ? name : NULL), am = push_at(sp, name, 0);
  json_t *v = gen(sp, schema, depth + 1);
  if (v) sample_note_breaks(sp, deref(schema), v);
  pop_to(&sp->kw, km);
  pop_to(&sp->at, am);
  return v && !json_object_set_new(o, name, v);
}

/* One additional member, named from --extra names when given; false when the schema allows none. */
static bool add_extra(evcc_sampler_t *sp, const evcc_snode_t *s, json_t *o, int depth) {
  if (s->additional && s->additional->boolean == 0) return true;
  char name[64];
  const char *chosen = name;
  if (sp->nextra)
    chosen = sp->extra[sample_rand(sp) % sp->nextra];
  else
    snprintf(name, sizeof name, "extra_%llu", sample_rand(sp) % 100);
  for (size_t i = 0; i < s->nkey; i++)
    if (strlen(chosen) == s->keys[i].len && !memcmp(s->keys[i].name, chosen, s->keys[i].len)) return true;
  if (json_object_get(o, chosen)) return true;
  bool hit;
  const evcc_snode_t *ps = pattern_schema(sp, s, chosen, &hit);
  if (hit) return add_member(sp, o, chosen, ps, "patternProperties", depth);
  if (s->additional) return add_member(sp, o, chosen, s->additional, "additionalProperties", depth);
  return !json_object_set_new(o, chosen, sample_any(sp));
}

static bool wanted(evcc_sampler_t *sp, const evcc_skey_t *k, int depth) {
  return k->required || (depth <= DEEP && sample_rand(sp) % 2);
}

static json_t *gen_object(evcc_sampler_t *sp, const evcc_snode_t *s, int depth) {
  json_t *o = json_object();
  bool ok = o != NULL;
  for (size_t i = 0; ok && i < s->nkey; i++) {
    const evcc_skey_t *k = &s->keys[i];
    if (!k->schema && !k->required) continue;
    char *name = strndup(k->name, k->len);
    if (wanted(sp, k, depth))
      ok = k->schema
               ? add_member(sp, o, name, k->schema, "properties", depth)
               : !json_object_set_new(o, name, s->additional ? gen(sp, s->additional, depth + 1) : sample_any(sp));
    free(name);
  }
  unsigned long long min = s->min_props > 0 ? (unsigned long long)s->min_props : 0;
  bool extra = depth <= DEEP && sample_rand(sp) % 3 == 0;
  for (int tries = 0; ok && (extra || json_object_size(o) < min) && tries < 16; tries++, extra = false)
    ok = add_extra(sp, s, o, depth);
  if (ok && s == deref(sp->root->schema) && sp->root->source && json_object_get(o, "source"))
    json_object_set_new(o, "source", json_string(sp->root->source));
  if (ok && s == deref(sp->root->schema) && sp->root->detail_type && json_object_get(o, "detail-type"))
    json_object_set_new(o, "detail-type", json_string(sp->root->detail_type));
  if (!ok) json_decref(o);
  return ok ? o : NULL;
}

/* A value of the node's own keywords (applicators aside). */
static json_t *gen_own(evcc_sampler_t *sp, const evcc_snode_t *s, int depth) {
  if (s->const_) return literal(s->const_);
  if (s->enum_) return s->enum_->count ? literal(s->enum_->items[sample_rand(sp) % s->enum_->count]) : NULL;
  switch (pick_type(sp, candidate_types(s))) {
  case EVCC_T_NULL: return json_null();
  case EVCC_T_BOOLEAN: return json_boolean(sample_rand(sp) % 2);
  case EVCC_T_OBJECT: return gen_object(sp, s, depth);
  case EVCC_T_ARRAY: return gen_array(sp, s, depth);
  case EVCC_T_NUMBER: return sample_number(sp, s, false);
  case EVCC_T_INTEGER: return sample_number(sp, s, true);
  case EVCC_T_STRING: return sample_string(sp, s);
  default: return sample_any(sp);
  }
}

static bool has_own_keywords(const evcc_snode_t *s) {
  return s->types || s->nkey || s->enum_ || s->const_ || candidate_types(s);
}

/* The branch of an applicator to draw from, or NULL to draw from the node's own keywords. */
static const evcc_snode_t *pick_branch(evcc_sampler_t *sp, const evcc_snode_t *s, const char **kw, size_t *index) {
  evcc_snode_t *const *list = s->none ? s->one_of : s->nany ? s->any_of : s->all_of;
  size_t n = s->none ? s->none : s->nany ? s->nany : s->nall;
  *kw = s->none ? "oneOf" : s->nany ? "anyOf" : "allOf";
  if (!n || (has_own_keywords(s) && !s->none && !s->nany && sample_rand(sp) % 2)) return NULL;
  *index = sample_rand(sp) % n;
  return list[*index];
}

/* A value of a node with applicators: drawn from a branch or its own keywords until the whole node accepts it. */
static json_t *gen_applied(evcc_sampler_t *sp, const evcc_snode_t *s, int depth) {
  char why[512];
  sp->in_branch++;
  for (int tries = 0; tries < MAX_TRIES && !sp->too_deep; tries++) {
    const char *kw;
    size_t index;
    const evcc_snode_t *branch = pick_branch(sp, s, &kw, &index);
    json_t *v = branch ? gen(sp, branch, depth) : gen_own(sp, s, depth);
    if (v && sample_accepts(sp, s, v, why, sizeof why)) {
      sp->in_branch--;
      return v;
    }
    json_decref(v);
  }
  sp->in_branch--;
  sample_fail(sp, "%s: no sampled value satisfies the schema's applicators (%s)", sp->kw.len ? sp->kw.data : "/",
              s->none   ? "oneOf"
              : s->nany ? "anyOf"
              : s->nall ? "allOf"
              : s->not_ ? "not"
                        : "if/then/else");
  return NULL;
}

static json_t *gen(evcc_sampler_t *sp, const evcc_snode_t *s, int depth) {
  if (sp->too_deep) return NULL;
  if (depth > MAX_SAMPLE_DEPTH) {
    sp->too_deep = true;
    sp->err[0] = '\0'; /* this reason, not an earlier one */
    sample_fail(sp, "the schema requires values nested deeper than %d levels (a required member or minItems "
                    "that recurses): no finite event is valid", MAX_SAMPLE_DEPTH);
    return NULL;
  }
  s = deref(s);
  if (!s || s->boolean == 1) return sample_any(sp);
  if (s->boolean == 0) {
    sample_fail(sp, "%s: the schema false allows no value", sp->kw.len ? sp->kw.data : "/");
    return NULL;
  }
  if (s->nall || s->nany || s->none || s->not_ || s->if_) return gen_applied(sp, s, depth);
  return gen_own(sp, s, depth);
}

/* ---- events ---- */

static json_t *gen_event(evcc_sampler_t *sp, char *err, size_t cap) {
  char why[512];
  sp->err[0] = '\0';
  sp->too_deep = false;
  for (int tries = 0; tries < MAX_TRIES && !sp->too_deep; tries++) {
    sample_breaks_clear(sp);
    pop_to(&sp->kw, 0);
    pop_to(&sp->at, 0);
    json_t *v = gen(sp, sp->root->schema, 0);
    if (v) sample_note_breaks(sp, deref(sp->root->schema), v);
    if (v && sample_accepts(sp, sp->root->schema, v, why, sizeof why)) return v;
    if (v) sample_fail(sp, "no sampled event is valid (last: %s)", why);
    json_decref(v);
  }
  snprintf(err, cap, "%s", sp->err[0] ? sp->err : "cannot sample the schema");
  return NULL;
}

bool evcc_sample_valid(evcc_sampler_t *sp, evcc_buf_t *out, char *err, size_t cap) {
  json_t *v = gen_event(sp, err, cap);
  char *text = v ? json_dumps(v, SAMPLE_DUMP_FLAGS) : NULL;
  if (text) evcc_buf_puts(out, text);
  free(text);
  json_decref(v);
  return text != NULL;
}

/* True when the interpreter rejects the event for exactly the broken keyword at its location. */
static bool breaks_only(evcc_sampler_t *sp, const sample_break_t *b, json_t *event) {
  char why[512], want[1200];
  if (sample_accepts(sp, sp->root->schema, event, why, sizeof why)) return false;
  const char *slash = strrchr(b->kw, '/');
  snprintf(want, sizeof want, "%s%s: %s:", b->at[0] || b->kind == BRK_ADDITIONAL ? b->at : "/",
           b->kind == BRK_ADDITIONAL ? "/" SAMPLE_UNEXPECTED : "", slash ? slash + 1 : b->kw);
  return strncmp(why, want, strlen(want)) == 0;
}

static void put_invalid(evcc_buf_t *out, json_t *event, const sample_break_t *b) {
  char *text = json_dumps(event, SAMPLE_DUMP_FLAGS);
  evcc_buf_puts(out, "{\"event\":");
  evcc_buf_puts(out, text ? text : "null");
  evcc_buf_puts(out, ",\"breaks\":");
  evcc_buf_json_string(out, b->kw, strlen(b->kw));
  evcc_buf_puts(out, ",\"at\":");
  evcc_buf_json_string(out, b->at, strlen(b->at));
  evcc_buf_putc(out, '}');
  free(text);
}

/* Tries the recorded breaks of `event`, from a random one on; true once one broke only its keyword. */
static bool break_one(evcc_sampler_t *sp, json_t *event, evcc_buf_t *out) {
  size_t n = sp->nbrk, first = n ? (size_t)(sample_rand(sp) % n) : 0;
  for (size_t k = 0; k < n; k++) {
    const sample_break_t *b = &sp->brk[(first + k) % n];
    json_t *copy = json_deep_copy(event);
    bool ok = copy && sample_apply_break(sp, b, &copy) && breaks_only(sp, b, copy);
    if (ok) put_invalid(out, copy, b);
    json_decref(copy);
    if (ok) return true;
  }
  return false;
}

bool evcc_sample_invalid(evcc_sampler_t *sp, evcc_buf_t *out, char *err, size_t cap) {
  for (int tries = 0; tries < MAX_TRIES; tries++) {
    json_t *event = gen_event(sp, err, cap);
    if (!event) return false;
    bool ok = break_one(sp, event, out);
    json_decref(event);
    if (ok) return true;
  }
  snprintf(err, cap, "no keyword of the schema can be broken by a sampled event");
  return false;
}
