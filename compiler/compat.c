/* Schema compatibility: decides, keyword by keyword, whether every value one version accepts the other accepts too. */
#include "compat.h"

#include "schema_interp.h"
#include "schema_regex.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A pair of nodes being or already compared: recursive schemas end, shared definitions are reported once. */
typedef struct seen_pair {
  const evcc_snode_t *sub, *sup;
} seen_pair_t;

/* The comparison of `sub` (the version whose events are read) against `sup` (the version that reads them). */
typedef struct cmp {
  evcc_compat_result_t *res;
  evcc_compat_mode_t dir; /* BACKWARD: sub = old, sup = new; FORWARD: the reverse */
  evcc_interp_t *sub_in, *sup_in;
  evcc_buf_t ptr; /* schema location of the nodes compared */
  const evcc_schema_set_t *sub_set, *sup_set;
  seen_pair_t *seen, *active; /* compared for real; on the way down now (assumed to fit: recursion) */
  size_t nseen, nactive;
  int trial; /* > 0: only count findings (is this branch a fit?) */
  size_t trial_findings;
  const char *focus; /* a name of the keyword's list to point at (a required name) */
  evcc_snode_t any;  /* the schema {} */
} cmp_t;

static void subset(cmp_t *c, const evcc_snode_t *sub, const evcc_snode_t *sup);
static void subset_pair(cmp_t *c, const evcc_snode_t *sub, const evcc_snode_t *sup);

static const char *sub_name(const cmp_t *c) {
  return c->dir == EVCC_COMPAT_BACKWARD ? "old" : "new";
}
static const char *sup_name(const cmp_t *c) {
  return c->dir == EVCC_COMPAT_BACKWARD ? "new" : "old";
}

static const evcc_snode_t *deref(const evcc_snode_t *s) {
  for (int hops = 0; s && s->ref && hops < 64; hops++) s = s->ref;
  return s;
}

/* The value of keyword `kw` in the schema's source, else the schema itself (for positions). */
static const evcc_node_t *at_kw(const evcc_snode_t *s, const char *kw) {
  const evcc_node_t *n = s->src && s->src->kind == EVCC_NODE_MAP && kw ? evcc_map_get(s->src, kw) : NULL;
  return n ? n : s->src;
}

/* The item `name` of the list at keyword `kw` ("required"), else what at_kw gives. */
static const evcc_node_t *at_item(const evcc_snode_t *s, const char *kw, const char *name) {
  const evcc_node_t *list = at_kw(s, kw);
  for (size_t i = 0; name && list && list->kind == EVCC_NODE_SEQ && i < list->count; i++)
    if (list->items[i]->kind == EVCC_NODE_STRING && !strcmp(list->items[i]->str, name)) return list->items[i];
  return list;
}

static evcc_loc_t loc_of(const evcc_node_t *n) {
  evcc_loc_t none = {NULL, 0, 0};
  return n ? n->loc : none;
}

static bool same_finding(const evcc_compat_finding_t *f, const char *pointer, const char *msg, evcc_compat_mode_t dir) {
  return f->direction == dir && !strcmp(f->pointer, pointer) && !strcmp(f->message, msg);
}

/* Records a finding at keyword `kw` of both nodes (a node without it: the node's own position). */
static void report(cmp_t *c, evcc_compat_kind_t kind, const char *kw, const evcc_snode_t *sub, const evcc_snode_t *sup,
                   const char *fmt, ...) __attribute__((format(printf, 6, 7)));
static void report(cmp_t *c, evcc_compat_kind_t kind, const char *kw, const evcc_snode_t *sub, const evcc_snode_t *sup,
                   const char *fmt, ...) {
  if (c->trial) {
    c->trial_findings++;
    return;
  }
  evcc_buf_t msg, ptr, note;
  evcc_buf_init(&msg);
  evcc_buf_init(&ptr);
  evcc_buf_init(&note);
  va_list ap;
  va_start(ap, fmt);
  evcc_buf_vprintf(&msg, fmt, ap);
  va_end(ap);
  evcc_buf_printf(&ptr, "%s%s%s", c->ptr.data ? c->ptr.data : "", kw[0] ? "/" : "", kw);
  for (size_t i = 0; i < c->res->count; i++)
    if (same_finding(&c->res->items[i], ptr.data, msg.data, c->dir)) {
      evcc_buf_free(&msg), evcc_buf_free(&ptr);
      return;
    }
  const evcc_snode_t *old = c->dir == EVCC_COMPAT_BACKWARD ? sub : sup,
                     *new = c->dir == EVCC_COMPAT_BACKWARD ? sup : sub;
  bool old_has = old->src && old->src->kind == EVCC_NODE_MAP && evcc_map_get(old->src, kw);
  if (!kw[0])
    evcc_buf_puts(&note, "the old schema is here");
  else
    evcc_buf_printf(&note, old_has ? "the old schema's \"%s\" is here" : "the old schema (without \"%s\") is here", kw);
  c->res->items = realloc(c->res->items, (c->res->count + 1) * sizeof *c->res->items);
  if (!c->res->items) abort();
  c->res->items[c->res->count++] = (evcc_compat_finding_t){kind,
                                                           c->dir,
                                                           evcc_buf_take(&ptr),
                                                           loc_of(at_item(new, kw, c->focus)),
                                                           loc_of(at_item(old, kw, c->focus)),
                                                           evcc_buf_take(&msg),
                                                           evcc_buf_take(&note)};
}

/* ---- walking ---- */

static size_t push(cmp_t *c, const char *kw, const char *name) {
  size_t mark = c->ptr.len;
  const char *toks[2] = {kw, name};
  for (size_t t = 0; t < 2 && toks[t]; t++) {
    evcc_buf_putc(&c->ptr, '/');
    for (const char *p = toks[t]; *p; p++)
      evcc_buf_puts(&c->ptr, *p == '~' ? "~0" : *p == '/' ? "~1" : (char[2]){*p, 0});
  }
  return mark;
}

static void pop(cmp_t *c, size_t mark) {
  c->ptr.len = mark;
  if (c->ptr.data) c->ptr.data[mark] = '\0';
}

static void subset_at(cmp_t *c, const evcc_snode_t *sub, const evcc_snode_t *sup, const char *kw, const char *name) {
  size_t mark = push(c, kw, name);
  subset(c, sub, sup);
  pop(c, mark);
}

/* True when every value of `sub` fits `sup` (nothing is reported). */
static bool fits(cmp_t *c, const evcc_snode_t *sub, const evcc_snode_t *sup) {
  size_t findings = c->trial_findings;
  c->trial++;
  subset(c, sub, sup);
  c->trial--;
  bool ok = c->trial_findings == findings;
  c->trial_findings = findings;
  return ok;
}

static bool in_pairs(const seen_pair_t *pairs, size_t n, const evcc_snode_t *sub, const evcc_snode_t *sup) {
  for (size_t i = 0; i < n; i++)
    if (pairs[i].sub == sub && pairs[i].sup == sup) return true;
  return false;
}

static void add_pair(seen_pair_t **pairs, size_t *n, const evcc_snode_t *sub, const evcc_snode_t *sup) {
  *pairs = realloc(*pairs, (*n + 1) * sizeof **pairs);
  if (!*pairs) abort();
  (*pairs)[(*n)++] = (seen_pair_t){sub, sup};
}

static char *node_json(const evcc_node_t *n) {
  evcc_buf_t b;
  evcc_buf_init(&b);
  if (n)
    evcc_schema_json(&b, n);
  else
    evcc_buf_puts(&b, "");
  return evcc_buf_take(&b);
}

static bool same_text(const evcc_node_t *a, const evcc_node_t *b) {
  char *x = node_json(a), *y = node_json(b);
  bool same = !strcmp(x, y);
  free(x), free(y);
  return same;
}

/* ---- enumerated values: decided by validating each literal ---- */

static bool accepts(evcc_interp_t *in, const evcc_snode_t *s, const char *json, char *why, size_t cap) {
  return evcc_interp_check(in, s, json, strlen(json), false, why, cap);
}

/* The keyword of an interpreter message "/pointer: keyword: reason". */
static void why_keyword(const char *why, char *kw, size_t cap) {
  const char *a = strstr(why, ": "), *b = a ? strstr(a + 2, ": ") : NULL;
  snprintf(kw, cap, "%.*s", a && b ? (int)(b - a - 2) : 0, a ? a + 2 : "");
}

/* sub lists its values (enum/const): each one sub accepts must be accepted by sup. */
static void subset_literals(cmp_t *c, const evcc_snode_t *sub, const evcc_snode_t *sup) {
  const evcc_node_t *list = sub->const_ ? sub->const_ : sub->enum_;
  size_t n = sub->const_ ? 1 : list->count;
  for (size_t i = 0; i < n; i++) {
    char *json = node_json(sub->const_ ? list : list->items[i]), why[512], kw[64];
    if (accepts(c->sub_in, sub, json, why, sizeof why) && !accepts(c->sup_in, sup, json, why, sizeof why)) {
      why_keyword(why, kw, sizeof kw);
      report(c, EVCC_COMPAT_BREAK, kw[0] && kw[0] != '/' ? kw : "enum", sub, sup,
             "value %s of the %s schema's %s is refused by the %s schema (%s)", json, sub_name(c),
             sub->const_ ? "const" : "enum", sup_name(c), why);
    }
    free(json);
  }
}

/* ---- types ---- */

static const char *type_names(unsigned t, char *buf, size_t cap) {
  static const char *const names[] = {"null", "boolean", "object", "array", "number", "string", "integer"};
  size_t len = 0;
  buf[0] = '\0';
  for (unsigned i = 0; i < 7; i++)
    if (t & (1u << i)) len += (size_t)snprintf(buf + len, len < cap ? cap - len : 0, "%s%s", len ? ", " : "", names[i]);
  return buf;
}

/* The types of sub that sup refuses (integer fits number; number does not fit integer alone). */
static unsigned refused_types(unsigned sub_types, unsigned sup_types) {
  unsigned t = sub_types ? sub_types : 0x7F, refused = 0;
  if (!sup_types) return 0;
  for (unsigned i = 0; i < 7; i++) {
    unsigned b = 1u << i;
    bool ok = (t & b) && ((sup_types & b) || (b == EVCC_T_INTEGER && (sup_types & EVCC_T_NUMBER)));
    if ((t & b) && !ok) refused |= b;
  }
  return refused;
}

static void subset_types(cmp_t *c, const evcc_snode_t *sub, const evcc_snode_t *sup) {
  unsigned refused = refused_types(sub->types, sup->types);
  char a[96], b[96];
  if (!refused) return;
  if (!sub->types)
    report(c, EVCC_COMPAT_BREAK, "type", sub, sup, "type added: the %s schema allows any type, the %s one only %s",
           sub_name(c), sup_name(c), type_names(sup->types, b, sizeof b));
  else if (refused == EVCC_T_NULL)
    report(c, EVCC_COMPAT_BREAK, "type", sub, sup,
           "null no longer allowed: the %s schema allows null (nullable), the %s one does not", sub_name(c),
           sup_name(c));
  else
    report(c, EVCC_COMPAT_BREAK, "type", sub, sup, "type narrowed: the %s schema allows %s, the %s one does not%s",
           sub_name(c), type_names(refused, a, sizeof a), sup_name(c),
           refused == EVCC_T_NUMBER && (sup->types & EVCC_T_INTEGER) ? " (numbers with a fraction)" : "");
}

/* Types a keyword group applies to, present in sub and allowed by sup. */
static bool shares(const evcc_snode_t *sub, const evcc_snode_t *sup, unsigned group) {
  unsigned t = sub->types ? sub->types : 0x7F, u = sup->types ? sup->types : 0x7F;
  if (u & EVCC_T_NUMBER) u |= EVCC_T_INTEGER;
  if (t & EVCC_T_NUMBER) t |= EVCC_T_INTEGER;
  return (t & u & group) != 0;
}

/* ---- numbers ---- */

static bool bound(const evcc_node_t *n, double *x) {
  return n && evcc_node_number(n, x);
}

/* True when sub's lower (or upper) bound is at least as tight as sup's. */
static bool bound_within(const evcc_node_t *sub_b, bool sub_excl, const evcc_node_t *sup_b, bool sup_excl, bool lower) {
  double s, p;
  if (!bound(sup_b, &p)) return true;
  if (!bound(sub_b, &s)) return false;
  if (s == p) return sub_excl || !sup_excl;
  return lower ? s > p : s < p;
}

static void describe_bound(char *buf, size_t cap, const evcc_node_t *b, bool excl, bool lower) {
  if (!b)
    snprintf(buf, cap, "no %s bound", lower ? "lower" : "upper");
  else
    snprintf(buf, cap, "%s %s",
             lower  ? (excl ? "exclusiveMinimum" : "minimum")
             : excl ? "exclusiveMaximum"
                    : "maximum",
             b->str);
}

static void subset_numbers(cmp_t *c, const evcc_snode_t *sub, const evcc_snode_t *sup) {
  char a[128], b[128];
  if (!bound_within(sub->minimum, sub->min_excl, sup->minimum, sup->min_excl, true)) {
    describe_bound(a, sizeof a, sub->minimum, sub->min_excl, true);
    describe_bound(b, sizeof b, sup->minimum, sup->min_excl, true);
    report(c, EVCC_COMPAT_BREAK, sup->min_excl && !evcc_map_get(sup->src, "minimum") ? "exclusiveMinimum" : "minimum",
           sub, sup, "lower bound raised: %s in the %s schema, %s in the %s one", b, sup_name(c), a, sub_name(c));
  }
  if (!bound_within(sub->maximum, sub->max_excl, sup->maximum, sup->max_excl, false)) {
    describe_bound(a, sizeof a, sub->maximum, sub->max_excl, false);
    describe_bound(b, sizeof b, sup->maximum, sup->max_excl, false);
    report(c, EVCC_COMPAT_BREAK, sup->max_excl && !evcc_map_get(sup->src, "maximum") ? "exclusiveMaximum" : "maximum",
           sub, sup, "upper bound lowered: %s in the %s schema, %s in the %s one", b, sup_name(c), a, sub_name(c));
  }
  double ms, mp;
  if (!bound(sup->multiple_of, &mp)) return;
  bool integral = (sub->types & EVCC_T_INTEGER) && !(sub->types & EVCC_T_NUMBER);
  double q = bound(sub->multiple_of, &ms) ? ms / mp : integral ? 1 / mp : 0.5;
  if (fabs(q - round(q)) > 1e-9 * fmax(1, fabs(q)) || q == 0)
    report(c, EVCC_COMPAT_BREAK, "multipleOf", sub, sup,
           "multipleOf %s in the %s schema does not divide %s of the %s one", sup->multiple_of->str, sup_name(c),
           sub->multiple_of ? sub->multiple_of->str : "every value", sub_name(c));
}

/* ---- strings ---- */

static bool validated_format(const char *f) {
  static const char *const known[] = {
      "date-time",     "date", "time",         "email", "idn-email",     "hostname",
      "idn-hostname",  "ipv4", "ipv6",         "uri",   "uri-reference", "iri",
      "iri-reference", "uuid", "uri-template", "regex", "json-pointer",  "relative-json-pointer"};
  for (size_t i = 0; f && i < sizeof known / sizeof *known; i++)
    if (!strcmp(f, known[i])) return true;
  return false;
}

static void subset_counts(cmp_t *c, const evcc_snode_t *sub, const evcc_snode_t *sup, long sub_min, long sub_max,
                          long sup_min, long sup_max, const char *min_kw, const char *max_kw, const char *what) {
  if (sup_min > (sub_min > 0 ? sub_min : 0))
    report(c, EVCC_COMPAT_BREAK, min_kw, sub, sup, "%s %ld in the %s schema, %ld in the %s one: fewer %s are refused",
           min_kw, sup_min, sup_name(c), sub_min > 0 ? sub_min : 0, sub_name(c), what);
  if (sup_max >= 0 && (sub_max < 0 || sub_max > sup_max)) {
    char was[32];
    snprintf(was, sizeof was, sub_max < 0 ? "none" : "%ld", sub_max);
    report(c, EVCC_COMPAT_BREAK, max_kw, sub, sup, "%s %ld in the %s schema, %s in the %s one: more %s are refused",
           max_kw, sup_max, sup_name(c), was, sub_name(c), what);
  }
}

static void subset_strings(cmp_t *c, const evcc_snode_t *sub, const evcc_snode_t *sup) {
  subset_counts(c, sub, sup, sub->min_len, sub->max_len, sup->min_len, sup->max_len, "minLength", "maxLength",
                "characters");
  if (sup->pattern && !sub->pattern)
    report(c, EVCC_COMPAT_BREAK, "pattern", sub, sup, "pattern /%s/ added: the %s schema allows any string here",
           sup->pattern->str, sub_name(c));
  else if (sup->pattern && strcmp(sup->pattern->str, sub->pattern->str))
    report(c, EVCC_COMPAT_UNDECIDED, "pattern", sub, sup,
           "cannot decide: pattern /%s/ in the %s schema, /%s/ in the %s one (eventc does not compare two patterns)",
           sup->pattern->str, sup_name(c), sub->pattern->str, sub_name(c));
  if (validated_format(sup->format) && (!sub->format || strcmp(sub->format, sup->format)))
    report(c, EVCC_COMPAT_BREAK, "format", sub, sup, "format \"%s\" in the %s schema, %s%s%s in the %s one",
           sup->format, sup_name(c), sub->format ? "\"" : "none", sub->format ? sub->format : "",
           sub->format ? "\"" : "", sub_name(c));
}

/* ---- arrays ---- */

static const evcc_snode_t *item_at(const evcc_snode_t *s, size_t i) {
  return s->items ? s->items : i < s->ntuple ? s->tuple[i] : s->additional_items;
}

static void subset_arrays(cmp_t *c, const evcc_snode_t *sub, const evcc_snode_t *sup) {
  subset_counts(c, sub, sup, sub->min_items, sub->max_items, sup->min_items, sup->max_items, "minItems", "maxItems",
                "items");
  if (sup->unique && !sub->unique)
    report(c, EVCC_COMPAT_BREAK, "uniqueItems", sub, sup,
           "uniqueItems in the %s schema: the %s one allows repeated items", sup_name(c), sub_name(c));
  size_t n = sub->ntuple > sup->ntuple ? sub->ntuple : sup->ntuple;
  for (size_t i = 0; i < n; i++) {
    char idx[32];
    snprintf(idx, sizeof idx, "%zu", i);
    subset_at(c, item_at(sub, i), item_at(sup, i),
              sup->items || i >= sup->ntuple ? (sup->items ? "items" : "additionalItems") : "items",
              sup->items || i >= sup->ntuple ? NULL : idx);
  }
  const evcc_snode_t *sub_rest = sub->items ? sub->items : sub->tuple ? sub->additional_items : NULL;
  const evcc_snode_t *sup_rest = sup->items ? sup->items : sup->tuple ? sup->additional_items : NULL;
  subset_at(c, sub_rest, sup_rest, sup->items || !sup->tuple ? "items" : "additionalItems", NULL);
  if (sup->contains && !sub->contains)
    report(c, EVCC_COMPAT_BREAK, "contains", sub, sup, "contains added in the %s schema", sup_name(c));
  else if (sup->contains)
    subset_at(c, sub->contains, sup->contains, "contains", NULL);
}

/* ---- objects ---- */

static const evcc_skey_t *key_named(const evcc_snode_t *s, const char *name, size_t len) {
  for (size_t i = 0; i < s->nkey; i++)
    if (s->keys[i].len == len && !memcmp(s->keys[i].name, name, len)) return &s->keys[i];
  return NULL;
}

static bool regex_matches(const evcc_schema_set_t *set, int re, const char *name) {
  const evcc_regex_t *res;
  evcc_diag_t d;
  evcc_diag_init(&d);
  size_t n = evcc_schema_set_regexes(set, &res);
  evcc_redfa_t *dfa = re >= 0 && (size_t)re < n ? evcc_regex_compile(res[re].src, res[re].loc, &d) : NULL;
  bool hit = dfa && evcc_redfa_match(dfa, name, strlen(name));
  evcc_redfa_free(dfa);
  evcc_diag_free(&d);
  return hit;
}

/* What a schema says of member `name` when it does not list it: a patternProperties or additionalProperties schema. */
static const evcc_snode_t *unlisted(const evcc_snode_t *s, const evcc_schema_set_t *set, const char *name, bool *closed,
                                    const char **kw) {
  *closed = false;
  for (size_t i = 0; i < s->npprop; i++)
    if (regex_matches(set, s->pprops[i].regex, name)) return *kw = "patternProperties", s->pprops[i].schema;
  *kw = "additionalProperties";
  *closed = s->additional && deref(s->additional) && deref(s->additional)->boolean == 0;
  return s->additional;
}

static void subset_required(cmp_t *c, const evcc_snode_t *sub, const evcc_snode_t *sup) {
  for (size_t i = 0; i < sup->nkey; i++) {
    const evcc_skey_t *k = &sup->keys[i], *was = key_named(sub, k->name, k->len);
    if (!k->required || (was && was->required)) continue;
    char *name = strndup(k->name, k->len);
    c->focus = name;
    report(c, EVCC_COMPAT_BREAK, "required", sub, sup, "\"%s\" is required by the %s schema, not by the %s one", name,
           sup_name(c), sub_name(c));
    c->focus = NULL;
    free(name);
  }
}

static void subset_listed(cmp_t *c, const evcc_snode_t *sub, const evcc_snode_t *sup) {
  for (size_t i = 0; i < sup->nprop; i++) { /* members sup describes */
    const evcc_skey_t *k = &sup->keys[i], *was = key_named(sub, k->name, k->len);
    char *name = strndup(k->name, k->len);
    bool closed;
    const char *kw;
    const evcc_snode_t *from = was && was->schema ? was->schema : unlisted(sub, c->sub_set, name, &closed, &kw);
    if ((was && was->schema) || !closed) {
      if (!(was && was->schema) && !fits(c, from ? from : &c->any, k->schema)) {
        size_t mark = push(c, "properties", name);
        report(c, EVCC_COMPAT_BREAK, "", sub, k->schema,
               "property \"%s\" added, but the %s schema allows it with other values (%s)", name, sub_name(c),
               from ? kw : "additionalProperties not false");
        pop(c, mark);
      } else {
        subset_at(c, from, k->schema, "properties", name);
      }
    }
    free(name);
  }
  for (size_t i = 0; i < sub->nprop; i++) { /* members only sub describes */
    const evcc_skey_t *k = &sub->keys[i], *now = key_named(sup, k->name, k->len);
    if (now && now->schema) continue;
    char *name = strndup(k->name, k->len);
    bool closed;
    const char *kw;
    const evcc_snode_t *to = unlisted(sup, c->sup_set, name, &closed, &kw);
    if (closed)
      report(c, EVCC_COMPAT_BREAK, "additionalProperties", k->schema, sup,
             "property \"%s\" of the %s schema is refused by the %s one (additionalProperties false)", name,
             sub_name(c), sup_name(c));
    else if (to)
      subset_at(c, k->schema, to, kw, NULL);
    free(name);
  }
}

static void subset_additional(cmp_t *c, const evcc_snode_t *sub, const evcc_snode_t *sup) {
  const evcc_snode_t *pa = deref(sup->additional), *sa = deref(sub->additional);
  if (!pa || pa->boolean == 1 || (sa && sa->boolean == 0)) return;
  if (pa->boolean == 0)
    report(c, EVCC_COMPAT_BREAK, "additionalProperties", sub, sup,
           "additionalProperties closed: the %s schema allows properties it does not list, the %s one refuses them",
           sub_name(c), sup_name(c));
  else
    subset_at(c, sa ? sa : &c->any, pa, "additionalProperties", NULL);
}

static void subset_pattern_props(cmp_t *c, const evcc_snode_t *sub, const evcc_snode_t *sup) {
  for (size_t i = 0; i < sup->npprop; i++) {
    const evcc_spattern_t *p = &sup->pprops[i];
    const evcc_spattern_t *same = NULL;
    for (size_t j = 0; j < sub->npprop; j++)
      if (!strcmp(sub->pprops[j].src->str, p->src->str)) same = &sub->pprops[j];
    if (same)
      subset_at(c, same->schema, p->schema, "patternProperties", p->src->str);
    else
      report(c, EVCC_COMPAT_UNDECIDED, "patternProperties", sub, sup,
             "cannot decide: patternProperties /%s/ of the %s schema has no counterpart in the %s one", p->src->str,
             sup_name(c), sub_name(c));
  }
}

static void subset_dependencies(cmp_t *c, const evcc_snode_t *sub, const evcc_snode_t *sup) {
  for (size_t i = 0; i < sup->nkey; i++) {
    const evcc_skey_t *k = &sup->keys[i], *was = key_named(sub, k->name, k->len);
    for (size_t j = 0; k->dep_list && j < k->dep_list->count; j++) {
      const evcc_node_t *d = k->dep_list->items[j];
      const evcc_skey_t *req = d->kind == EVCC_NODE_STRING ? key_named(sub, d->str, d->len) : NULL;
      bool had = was && was->dep_list && same_text(was->dep_list, k->dep_list);
      if (!had && !(req && req->required))
        report(c, EVCC_COMPAT_BREAK, "dependencies", sub, sup, "\"%.*s\" depends on \"%s\" in the %s schema only",
               (int)k->len, k->name, d->str, sup_name(c));
    }
    if (k->dep_schema && !(was && was->dep_schema))
      report(c, EVCC_COMPAT_BREAK, "dependencies", sub, sup, "schema dependency of \"%.*s\" added in the %s schema",
             (int)k->len, k->name, sup_name(c));
    else if (k->dep_schema)
      subset_at(c, was->dep_schema, k->dep_schema, "dependencies", k->name);
  }
}

static void subset_objects(cmp_t *c, const evcc_snode_t *sub, const evcc_snode_t *sup) {
  subset_required(c, sub, sup);
  subset_listed(c, sub, sup);
  subset_additional(c, sub, sup);
  subset_pattern_props(c, sub, sup);
  subset_dependencies(c, sub, sup);
  subset_counts(c, sub, sup, sub->min_props, sub->max_props, sup->min_props, sup->max_props, "minProperties",
                "maxProperties", "properties");
  if (sup->property_names && !sub->property_names)
    report(c, EVCC_COMPAT_BREAK, "propertyNames", sub, sup, "propertyNames added in the %s schema", sup_name(c));
  else if (sup->property_names)
    subset_at(c, sub->property_names, sup->property_names, "propertyNames", NULL);
}

/* ---- applicators ---- */

/* True when no value can satisfy both (different types, or literals the other refuses). */
static bool disjoint(cmp_t *c, const evcc_snode_t *a, const evcc_snode_t *b) {
  a = deref(a), b = deref(b);
  if (!a || !b) return false;
  unsigned ta = a->types ? a->types : 0x7F, tb = b->types ? b->types : 0x7F;
  if (ta & EVCC_T_NUMBER) ta |= EVCC_T_INTEGER;
  if (tb & EVCC_T_NUMBER) tb |= EVCC_T_INTEGER;
  if (!(ta & tb)) return true;
  const evcc_snode_t *lit = a->const_ || a->enum_ ? a : b->const_ || b->enum_ ? b : NULL;
  if (!lit) return false;
  evcc_interp_t *other_in = lit == a ? c->sup_in : c->sub_in; /* b belongs to sup when lit is a */
  const evcc_node_t *list = lit->const_ ? lit->const_ : lit->enum_;
  for (size_t i = 0; i < (lit->const_ ? 1 : list->count); i++) {
    char *json = node_json(lit->const_ ? list : list->items[i]), why[256];
    bool hit = accepts(other_in, lit == a ? b : a, json, why, sizeof why);
    free(json);
    if (hit) return false;
  }
  return true;
}

/* True when `sup_node` fits `sub_node`: fits() with the two versions' roles swapped. */
static bool fits_reversed(cmp_t *c, const evcc_snode_t *sup_node, const evcc_snode_t *sub_node) {
  evcc_interp_t *in = c->sub_in;
  const evcc_schema_set_t *set = c->sub_set;
  c->sub_in = c->sup_in, c->sup_in = in;
  c->sub_set = c->sup_set, c->sup_set = set;
  bool ok = fits(c, sup_node, sub_node);
  c->sup_in = c->sub_in, c->sub_in = in;
  c->sup_set = c->sub_set, c->sub_set = set;
  return ok;
}

/*
 * Values of part i that `branch` (of sup's oneOf) also accepts cannot be events of sub when `branch` lies
 * within another part p of sub's oneOf: such values matched two of sub's branches, so sub refused them.
 */
static bool overlap_refused_before(cmp_t *c, const evcc_snode_t *const *parts, size_t nparts, size_t i,
                                   const evcc_snode_t *branch) {
  for (size_t p = 0; nparts > 1 && p < nparts; p++)
    if (p != i && fits_reversed(c, branch, parts[p])) return true;
  return false;
}

/* sup's anyOf/oneOf: sub (or each branch of sub's own anyOf/oneOf) must fit a branch; for oneOf, one only. */
static void subset_branches(cmp_t *c, const evcc_snode_t *sub, const evcc_snode_t *sup, bool one) {
  evcc_snode_t *const *list = one ? sup->one_of : sup->any_of;
  size_t n = one ? sup->none : sup->nany;
  const char *kw = one ? "oneOf" : "anyOf";
  const evcc_snode_t *const *parts = (const evcc_snode_t *const *)(sub->none ? sub->one_of : sub->any_of);
  size_t nparts = sub->none ? sub->none : sub->nany;
  if (!nparts) parts = &sub, nparts = 1;
  for (size_t i = 0; i < nparts; i++) {
    size_t fit = n;
    for (size_t j = 0; j < n && fit == n; j++)
      if (fits(c, parts[i], list[j])) fit = j;
    if (fit == n) {
      report(c, EVCC_COMPAT_BREAK, kw, sub, sup, "%s: %s of the %s schema fits no branch of the %s one", kw,
             nparts > 1 ? "a branch" : "a value", sub_name(c), sup_name(c));
      continue;
    }
    for (size_t k = 0; one && k < n; k++)
      if (k != fit && !(sub->none && overlap_refused_before(c, parts, nparts, i, list[k])) &&
          !disjoint(c, parts[i], list[k])) {
        char idx[32];
        snprintf(idx, sizeof idx, "%zu", k);
        size_t mark = push(c, kw, idx);
        report(c, EVCC_COMPAT_BREAK, "", sub, sup,
               "oneOf: values of the %s schema that match branch %zu may match this branch too, and then neither",
               sub_name(c), fit);
        pop(c, mark);
      }
  }
}

static void subset_applicators(cmp_t *c, const evcc_snode_t *sub, const evcc_snode_t *sup) {
  for (size_t i = 0; i < sup->nall; i++) {
    char idx[32];
    snprintf(idx, sizeof idx, "%zu", i);
    subset_at(c, sub, sup->all_of[i], "allOf", idx);
  }
  if (sup->nany) subset_branches(c, sub, sup, false);
  if (sup->none) subset_branches(c, sub, sup, true);
  if (sup->not_ && !(sub->not_ && same_text(sub->not_->src, sup->not_->src)))
    report(c, EVCC_COMPAT_UNDECIDED, "not", sub, sup,
           "cannot decide: \"not\" of the %s schema differs from the %s one's", sup_name(c), sub_name(c));
  if (sup->if_ && !(sub->if_ && same_text(sub->src, sup->src)))
    report(c, EVCC_COMPAT_UNDECIDED, "if", sub, sup,
           "cannot decide: if/then/else of the %s schema differs from the %s one's", sup_name(c), sub_name(c));
}

/* sub's own applicators make it narrower than its keywords: a fit of them settles the comparison. */
static bool sub_applicators_fit(cmp_t *c, const evcc_snode_t *sub, const evcc_snode_t *sup) {
  for (size_t i = 0; i < sub->nall; i++)
    if (fits(c, sub->all_of[i], sup)) return true;
  evcc_snode_t *const *list = sub->none ? sub->one_of : sub->any_of;
  size_t n = sub->none ? sub->none : sub->nany;
  for (size_t i = 0; i < n; i++)
    if (!fits(c, list[i], sup)) return false;
  return n > 0;
}

static void subset(cmp_t *c, const evcc_snode_t *sub, const evcc_snode_t *sup) {
  sub = deref(sub), sup = deref(sup);
  if (!sup || sup->boolean == 1 || (sub && sub->boolean == 0)) return;
  if (!sub || sub->boolean == 1) sub = &c->any;
  if (in_pairs(c->active, c->nactive, sub, sup) || (!c->trial && in_pairs(c->seen, c->nseen, sub, sup))) return;
  if (!c->trial) add_pair(&c->seen, &c->nseen, sub, sup);
  add_pair(&c->active, &c->nactive, sub, sup);
  subset_pair(c, sub, sup);
  c->nactive--;
}

/* The same text without a $ref (whose target could differ): the same values, whatever the applicators say. */
static bool self_contained_twins(const evcc_snode_t *sub, const evcc_snode_t *sup) {
  if (!sub->src || !sup->src || sub->draft != sup->draft) return false;
  char *x = node_json(sub->src), *y = node_json(sup->src);
  bool twins = !strcmp(x, y) && !strstr(x, "\"$ref\"");
  free(x), free(y);
  return twins;
}

/* The comparison of two nodes, $refs followed, neither a boolean schema true nor a pair on the way down. */
static void subset_pair(cmp_t *c, const evcc_snode_t *sub, const evcc_snode_t *sup) {
  if (self_contained_twins(sub, sup)) return;
  if (sup->boolean == 0) {
    report(c, EVCC_COMPAT_BREAK, "", sub, sup, "the %s schema allows no value here, the %s one does", sup_name(c),
           sub_name(c));
    return;
  }
  if (sub->const_ || sub->enum_) {
    subset_literals(c, sub, sup);
    return;
  }
  if ((sub->nall || sub->nany || sub->none) && sub_applicators_fit(c, sub, sup)) return;
  subset_types(c, sub, sup);
  if (sup->const_ || sup->enum_)
    report(c, EVCC_COMPAT_BREAK, sup->const_ ? "const" : "enum", sub, sup,
           "%s added: the %s schema allows values the %s one does not list", sup->const_ ? "const" : "enum",
           sub_name(c), sup_name(c));
  if (shares(sub, sup, EVCC_T_NUMBER | EVCC_T_INTEGER)) subset_numbers(c, sub, sup);
  if (shares(sub, sup, EVCC_T_STRING)) subset_strings(c, sub, sup);
  if (shares(sub, sup, EVCC_T_ARRAY)) subset_arrays(c, sub, sup);
  if (shares(sub, sup, EVCC_T_OBJECT)) subset_objects(c, sub, sup);
  subset_applicators(c, sub, sup);
}

/* ---- entry point ---- */

static void compare_roots(cmp_t *c, const evcc_snode_t *old, const evcc_snode_t *new, const char *prefix) {
  evcc_buf_puts(&c->ptr, prefix);
  if (c->dir == EVCC_COMPAT_BACKWARD)
    subset(c, old, new);
  else
    subset(c, new, old);
  pop(c, 0);
}

static const evcc_sroot_t *root_named(evcc_sroot_t *roots, size_t n, const char *name) {
  for (size_t i = 0; i < n; i++)
    if (!strcmp(roots[i].name, name)) return &roots[i];
  return NULL;
}

static void compare_dir(cmp_t *c, evcc_schema_set_t *old_set, evcc_schema_set_t *new_set, size_t *pairs) {
  evcc_sroot_t *olds, *news;
  size_t no = evcc_schema_set_roots(old_set, &olds), nn = evcc_schema_set_roots(new_set, &news);
  const evcc_sroot_t *oa = root_named(olds, no, "AWSEvent"), *na = root_named(news, nn, "AWSEvent");
  char prefix[512];
  if (oa && na) {
    compare_roots(c, oa->schema, na->schema, "/components/schemas/AWSEvent");
    *pairs = 1;
    return;
  }
  for (size_t i = 0; i < no; i++) {
    const evcc_sroot_t *n = root_named(news, nn, olds[i].name);
    if (!n) continue;
    bool openapi = n->schema->draft == EVCC_OPENAPI3;
    snprintf(prefix, sizeof prefix, openapi ? "/components/schemas/%s" : "", n->name);
    compare_roots(c, olds[i].schema, n->schema, prefix);
    ++*pairs;
  }
  if (!*pairs && no == 1 && nn == 1) {
    compare_roots(c, olds[0].schema, news[0].schema, "");
    *pairs = 1;
  }
}

bool evcc_compat_check(evcc_schema_set_t *old_set, evcc_schema_set_t *new_set, evcc_compat_mode_t mode,
                       evcc_compat_result_t *res, char *err, size_t cap) {
  evcc_interp_t *old_in = evcc_interp_new(old_set), *new_in = evcc_interp_new(new_set);
  size_t pairs = 0;
  for (int d = EVCC_COMPAT_BACKWARD; d <= EVCC_COMPAT_FORWARD; d++) {
    if (!(mode & d)) continue;
    cmp_t c = {res, (evcc_compat_mode_t)d, NULL, NULL, {NULL, 0, 0}, NULL, NULL, NULL, NULL, 0, 0, 0, 0, NULL, {0}};
    c.any.boolean = -1;
    c.any.min_len = c.any.max_len = c.any.min_items = c.any.max_items = c.any.min_props = c.any.max_props = -1;
    bool back = d == EVCC_COMPAT_BACKWARD;
    c.sub_in = back ? old_in : new_in, c.sup_in = back ? new_in : old_in;
    c.sub_set = back ? old_set : new_set, c.sup_set = back ? new_set : old_set;
    pairs = 0;
    compare_dir(&c, old_set, new_set, &pairs);
    evcc_buf_free(&c.ptr);
    free(c.seen);
    free(c.active);
  }
  evcc_interp_free(old_in);
  evcc_interp_free(new_in);
  if (!pairs) snprintf(err, cap, "the two versions have no schema in common (schemas are compared by name)");
  return pairs > 0;
}

void evcc_compat_result_free(evcc_compat_result_t *res) {
  for (size_t i = 0; i < res->count; i++)
    free(res->items[i].pointer), free(res->items[i].message), free(res->items[i].old_note);
  free(res->items);
  res->items = NULL;
  res->count = 0;
}
