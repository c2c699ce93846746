/* Emits a bus's matcher: one pass over the event JSON, key dispatch per level, one classifier per field. */
#include "emit.h"

#include "match_dfa.h"
#include "symtab.h"
#include "template.h"

#include "eventc/casefold.h"
#include "eventc/strtab.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DFA_STATES 1000000u

/* How one rule alternative is tracked while the event is scanned. */
typedef enum {
  SLOT_EAGER, /* one term, no exists:false: a satisfying leaf sets the rule's bit */
  SLOT_FREE,  /* terms as bits of one word, checked at the end */
  SLOT_SET    /* array-consistent: the set of reachable term masks (evc_mset_*) */
} slot_kind_t;

typedef struct {
  uint32_t rule, alt;
  slot_kind_t kind;
  bool has_state; /* has a member in the state struct */
  unsigned words; /* SLOT_SET: 64-bit words of the mask set (2^nbits bits) */
  unsigned nq;    /* SLOT_SET: terms that exists:false can satisfy (each has a "present" bit) */
  unsigned cbit;  /* SLOT_SET with nq: the "chose in this array element" bit */
  bool chain;     /* SLOT_SET beyond 12 terms: maximal masks only (evc_achain_t) */
  int32_t conj;   /* a conjunction of the condition-bit tables (eventc/conj.h), or -1 */
  int32_t cset;   /* such a conjunction's mask set in precise mode (SLOT_SET), or -1 */
} slot_t;

typedef struct {
  uint32_t slot, term;
} use_t;

typedef struct {
  use_t *v;
  size_t n;
} uses_t;

typedef struct {
  const char *path; /* "" for the root */
  size_t len;
  int32_t ir_path;  /* the IR path it is, or -1 */
  size_t *kids;     /* child nodes, sorted by key */
  size_t nkid;
  char *ident;
} node_t;

typedef struct {
  evcc_emit_ctx_t *ctx;
  const evcc_emit_bus_t *bus;
  const evcc_ir_t *ir;
  const char *S;
  evcc_buf_t *c;
  char **rid;        /* rule identifiers */
  slot_t *slots;
  size_t nslot;
  size_t *first_slot; /* per rule */
  uses_t *uses;      /* per condition: code run per use */
  uses_t *cuses;     /* per condition: its uses by conjunctions (slots with conj >= 0) */
  int32_t *cbit;     /* per condition: its condition bit, or -1 when no conjunction uses it */
  uint32_t ncbit, nconj, ncset;
  uint32_t *trigger; /* per conjunction: the term whose conditions make it a candidate */
  bool *need_seen;   /* per path: some term holds exists:false (without array consistency) */
  uses_t *presence;  /* per path: absence terms of array-consistent slots */
  char **pid;        /* per path identifier */
  node_t *nodes;     /* nodes[0] is the root */
  size_t nnode;
  bool *later;       /* set while emitting: some table row waits for the end of the event (evc_actions_later) */
  bool failed;
} plan_t;

static void *xcalloc(size_t n, size_t size) {
  void *p = calloc(n ? n : 1, size);
  if (!p) abort();
  return p;
}

static char *xstrdup(const char *s) {
  char *r = strdup(s);
  if (!r) abort();
  return r;
}

static void ind(evcc_buf_t *b, int n) {
  for (int i = 0; i < n; i++) evcc_buf_puts(b, "  ");
}

/* Where evc_rule_set writes: one word of rules stays in the state (copied to the caller's result by the finish),
 * more go straight to the caller's result. */
static const char *rule_words(const plan_t *pl) {
  return pl->ir->nrule <= 64 ? "st->bits, &st->count" : "st->out->bits, &st->out->count";
}

/* ---- naming ---- */

static char *ident_of(const char *s, size_t n, const char *empty) {
  evcc_buf_t b;
  evcc_buf_init(&b);
  evcc_sym_segment(&b, s, n, empty);
  return evcc_buf_take(&b);
}

/*
 * A rule's identifier: its name as one identifier piece. Rules of one IR named exactly alike (only
 * the library builds such an IR: a rule file cannot) get _2, _3 ... in order; different names that
 * mangle alike are reported by claim_names.
 */
static char *rule_ident(const evcc_ir_t *ir, uint32_t r) {
  const char *name = ir->rules[r].name;
  char *id = ident_of(name, strlen(name), "unnamed");
  unsigned same = 1;
  for (uint32_t k = 0; k < r; k++) same += strcmp(ir->rules[k].name, name) == 0;
  if (same == 1) return id;
  char *numbered = malloc(strlen(id) + 12);
  if (!numbered) abort();
  sprintf(numbered, "%s_%u", id, same);
  free(id);
  return numbered;
}

/* Makes names[i] unique by appending _2, _3 ... to later duplicates. */
static void dedupe(char **names, size_t n) {
  for (size_t i = 0; i < n; i++) {
    for (unsigned k = 2;; k++) {
      bool clash = false;
      for (size_t j = 0; j < i && !clash; j++) clash = strcmp(names[i], names[j]) == 0;
      if (!clash) break;
      size_t len = strlen(names[i]) + 12;
      char *r = malloc(len);
      if (!r) abort();
      char *base = names[i];
      char *us = strrchr(base, '_');
      if (k > 2 && us) *us = '\0';
      snprintf(r, len, "%s_%u", base, k);
      free(base);
      names[i] = r;
    }
  }
}

static void rule_comment(const plan_t *pl, evcc_buf_t *b, uint32_t r) {
  const evcc_ir_rule_t *rule = &pl->ir->rules[r];
  const char *file = rule->loc.file ? rule->loc.file : "<input>";
  evcc_buf_puts(b, "/* ");
  evcc_buf_c_comment_text(b, file, strlen(file));
  evcc_buf_printf(b, ":%u rule \"", rule->loc.line);
  evcc_buf_c_comment_text(b, rule->name, strlen(rule->name));
  evcc_buf_puts(b, "\" */");
}

/* ---- planning ---- */

static bool dot_prefix(const char *x, size_t xl, const char *p, size_t pl) {
  return xl == 0 || (pl >= xl && memcmp(x, p, xl) == 0 && (pl == xl || p[xl] == '.'));
}

static size_t first_segment(const evcc_str_t *p) {
  const char *dot = memchr(p->s, '.', p->len);
  return dot ? (size_t)(dot - p->s) : p->len;
}

static bool term_has(const evcc_ir_t *ir, const evcc_term_t *t, bool not_exists) {
  for (size_t k = 0; k < t->ncond; k++)
    if ((ir->conds[t->conds[k]].kind == EVCC_COND_NOT_EXISTS) == not_exists) return true;
  return false;
}

/* Two leaf terms below one field: elements of an array there must not be combined. */
static bool alt_needs_set(const evcc_ir_t *ir, const evcc_alt_t *a) {
  for (size_t i = 0; i < a->nterm; i++)
    for (size_t j = i + 1; j < a->nterm; j++) {
      bool li = term_has(ir, &a->terms[i], false), lj = term_has(ir, &a->terms[j], false);
      if (!(li || lj) || !(li || term_has(ir, &a->terms[i], true)) || !(lj || term_has(ir, &a->terms[j], true)))
        continue;
      const evcc_str_t *p = &ir->paths[a->terms[i].path], *q = &ir->paths[a->terms[j].path];
      size_t n = first_segment(p);
      if (n == first_segment(q) && memcmp(p->s, q->s, n) == 0) return true;
    }
  return false;
}

static void add_use(plan_t *pl, uint32_t cond, uint32_t slot, uint32_t term, bool conj) {
  uses_t *u = conj ? &pl->cuses[cond] : &pl->uses[cond];
  u->v = realloc(u->v, (u->n + 1) * sizeof *u->v);
  if (!u->v) abort();
  u->v[u->n++] = (use_t){slot, term};
}

static void add_presence(plan_t *pl, uint32_t path, uint32_t slot, uint32_t term) {
  uses_t *u = &pl->presence[path];
  u->v = realloc(u->v, (u->n + 1) * sizeof *u->v);
  if (!u->v) abort();
  u->v[u->n++] = (use_t){slot, term};
}

/* The "present" bit of absence term t of a slot with nq. */
static unsigned qbit(const evcc_ir_t *ir, const slot_t *s, uint32_t t) {
  const evcc_alt_t *a = &ir->rules[s->rule].alts[s->alt];
  unsigned k = 0;
  for (uint32_t i = 0; i < t; i++) k += term_has(ir, &a->terms[i], true);
  return (unsigned)a->nterm + k;
}

static bool plan_alt(plan_t *pl, uint32_t r, uint32_t a) {
  const evcc_ir_t *ir = pl->ir;
  const evcc_alt_t *alt = &ir->rules[r].alts[a];
  slot_t *s = &pl->slots[pl->nslot];
  bool leaf_terms = false, absent = false;
  for (size_t t = 0; t < alt->nterm; t++) {
    leaf_terms |= term_has(ir, &alt->terms[t], false);
    absent |= term_has(ir, &alt->terms[t], true);
  }
  s->rule = r;
  s->alt = a;
  s->kind = alt->nterm == 1 && !absent ? SLOT_EAGER : alt_needs_set(ir, alt) ? SLOT_SET : SLOT_FREE;
  s->has_state = s->kind != SLOT_EAGER && leaf_terms;
  s->nq = 0;
  for (size_t t = 0; t < alt->nterm && s->kind == SLOT_SET; t++) s->nq += term_has(ir, &alt->terms[t], true);
  s->cbit = (unsigned)alt->nterm + s->nq;
  unsigned nbits = (unsigned)alt->nterm + (s->nq ? s->nq + 1 : 0);
  s->words = nbits > 6 && nbits <= 12 ? 1u << (nbits - 6) : 1;
  s->chain = s->kind == SLOT_SET && !s->nq && nbits > 12;
  bool conj = (s->kind == SLOT_FREE && !absent) || (s->kind == SLOT_SET && !s->nq && nbits <= 6);
  s->conj = conj ? 0 : -1; /* numbered by plan_conj */
  s->cset = -1;
  pl->nconj += conj;
  s->has_state &= !conj;
  if ((s->kind == SLOT_SET && nbits > 12 && !s->chain) || alt->nterm > 64) {
    evcc_error(pl->ctx->diag, ir->rules[r].pattern_loc,
               "rule \"%s\": too many fields in one pattern alternative for the generated matcher "
               "(at most 12 under one array-capable field when one of them is exists false, 64 in all)",
               ir->rules[r].name);
    return false;
  }
  for (size_t t = 0; t < alt->nterm; t++)
    for (size_t k = 0; k < alt->terms[t].ncond; k++) {
      uint32_t c = alt->terms[t].conds[k];
      if (ir->conds[c].kind == EVCC_COND_NOT_EXISTS && s->nq) add_presence(pl, alt->terms[t].path, (uint32_t)pl->nslot, (uint32_t)t);
      else if (ir->conds[c].kind == EVCC_COND_NOT_EXISTS) pl->need_seen[alt->terms[t].path] = true;
      else add_use(pl, c, (uint32_t)pl->nslot, (uint32_t)t, conj);
    }
  pl->nslot++;
  return true;
}

static int cmp_path_ptr(const void *a, const void *b) {
  const evcc_str_t *x = *(const evcc_str_t *const *)a, *y = *(const evcc_str_t *const *)b;
  size_t n = x->len < y->len ? x->len : y->len;
  int r = memcmp(x->s, y->s, n);
  return r ? r : (x->len > y->len) - (x->len < y->len);
}

static int32_t find_path(const evcc_ir_t *ir, const char *s, size_t n) {
  for (size_t i = 0; i < ir->npath; i++)
    if (ir->paths[i].len == n && memcmp(ir->paths[i].s, s, n) == 0) return (int32_t)i;
  return -1;
}

/* Key of `kid` as seen from `parent`. */
static void node_key(const node_t *parent, const node_t *kid, const char **k, size_t *n) {
  size_t skip = parent->len ? parent->len + 1 : 0;
  *k = kid->path + skip;
  *n = kid->len - skip;
}

static void plan_nodes(plan_t *pl) {
  const evcc_ir_t *ir = pl->ir;
  size_t cap = 1;
  for (size_t i = 0; i < ir->npath; i++)
    for (size_t j = 0; j <= ir->paths[i].len; j++) cap += j == ir->paths[i].len || ir->paths[i].s[j] == '.';
  evcc_str_t *all = xcalloc(cap, sizeof *all);
  const evcc_str_t **sorted = xcalloc(cap, sizeof *sorted);
  size_t n = 0;
  for (size_t i = 0; i < ir->npath; i++)
    for (size_t j = 0; j <= ir->paths[i].len; j++)
      if (j == ir->paths[i].len || ir->paths[i].s[j] == '.') {
        all[n] = (evcc_str_t){ir->paths[i].s, j};
        sorted[n] = &all[n];
        n++;
      }
  qsort(sorted, n, sizeof *sorted, cmp_path_ptr);
  pl->nodes = xcalloc(n + 1, sizeof *pl->nodes);
  pl->nodes[0] = (node_t){"", 0, -1, NULL, 0, xstrdup("root")};
  pl->nnode = 1;
  for (size_t i = 0; i < n; i++) {
    if (i && cmp_path_ptr(&sorted[i], &sorted[i - 1]) == 0) continue;
    node_t *nd = &pl->nodes[pl->nnode++];
    nd->path = sorted[i]->s;
    nd->len = sorted[i]->len;
    nd->ir_path = find_path(ir, nd->path, nd->len);
    nd->ident = NULL;
  }
  free(sorted);
  free(all);
  for (size_t i = 0; i < pl->nnode; i++) {
    node_t *x = &pl->nodes[i];
    x->kids = xcalloc(pl->nnode, sizeof *x->kids);
    for (size_t j = 1; j < pl->nnode; j++) {
      const node_t *y = &pl->nodes[j];
      if (j != i && y->len > x->len && dot_prefix(x->path, x->len, y->path, y->len)) x->kids[x->nkid++] = j;
    }
  }
}

/* Sorts the kids of every node by their key bytes (length first, as the dispatch switches). */
static const plan_t *sort_pl;
static size_t sort_parent;
static int cmp_kid(const void *a, const void *b) {
  const node_t *p = &sort_pl->nodes[sort_parent];
  const char *x, *y;
  size_t xn, yn;
  node_key(p, &sort_pl->nodes[*(const size_t *)a], &x, &xn);
  node_key(p, &sort_pl->nodes[*(const size_t *)b], &y, &yn);
  if (xn != yn) return xn < yn ? -1 : 1;
  return memcmp(x, y, xn);
}

/*
 * Path identifiers longer than this are cut and numbered: symbol names built from them (with the
 * prefix and a suffix) must fit the emitter's fixed name buffers, and long names help no reader.
 */
#define MAX_PATH_IDENT 96

static void name_paths(plan_t *pl) {
  const evcc_ir_t *ir = pl->ir;
  size_t n = pl->nnode;
  char **names = xcalloc(n, sizeof *names);
  for (size_t i = 0; i < n; i++)
    names[i] = i ? ident_of(pl->nodes[i].path, pl->nodes[i].len, "empty") : xstrdup("root");
  for (size_t i = 1; i < n; i++) {
    char *p = malloc(strlen(names[i]) + 24);
    if (!p) abort();
    if (strlen(names[i]) <= MAX_PATH_IDENT) sprintf(p, "f_%s", names[i]);
    else sprintf(p, "f_%.*s_%zu", MAX_PATH_IDENT - 16, names[i], i); /* the node number keeps it unique */
    free(names[i]);
    names[i] = p;
  }
  dedupe(names, n);
  pl->pid = xcalloc(ir->npath, sizeof *pl->pid);
  for (size_t i = 0; i < n; i++) {
    free(pl->nodes[i].ident);
    pl->nodes[i].ident = names[i];
    if (pl->nodes[i].ir_path >= 0) pl->pid[pl->nodes[i].ir_path] = names[i];
    sort_pl = pl;
    sort_parent = i;
    qsort(pl->nodes[i].kids, pl->nodes[i].nkid, sizeof *pl->nodes[i].kids, cmp_kid);
  }
  free(names);
}

static void plan_conj(plan_t *pl);

static bool plan_build(plan_t *pl) {
  const evcc_ir_t *ir = pl->ir;
  size_t nalt = 0;
  for (size_t r = 0; r < ir->nrule; r++) nalt += ir->rules[r].nalt;
  pl->slots = xcalloc(nalt, sizeof *pl->slots);
  pl->first_slot = xcalloc(ir->nrule + 1, sizeof *pl->first_slot);
  pl->uses = xcalloc(ir->ncond, sizeof *pl->uses);
  pl->cuses = xcalloc(ir->ncond, sizeof *pl->cuses);
  pl->need_seen = xcalloc(ir->npath, sizeof *pl->need_seen);
  pl->presence = xcalloc(ir->npath, sizeof *pl->presence);
  pl->rid = xcalloc(ir->nrule, sizeof *pl->rid);
  bool ok = true;
  for (uint32_t r = 0; r < ir->nrule; r++) {
    pl->rid[r] = rule_ident(ir, r);
    pl->first_slot[r] = pl->nslot;
    for (uint32_t a = 0; a < ir->rules[r].nalt; a++) ok &= plan_alt(pl, r, a);
  }
  pl->first_slot[ir->nrule] = pl->nslot;
  plan_conj(pl);
  plan_nodes(pl);
  name_paths(pl);
  return ok;
}

/* Helpers every bus's matcher defines besides the templates' names: S_<name>, and families S_<prefix>*. */
static const char *const bus_internals[] = {"state", "state_t", "state_init", "set", "finish", "rule_id"};
static const char *const bus_internal_families[] = {"at_", "obj_", "arr_", "key_", "leaf_", "lit_", "num_", "str_",
                                                    "f_", "conj_"};

void evcc_emit_bus_what(evcc_buf_t *what, const evcc_emit_bus_t *bus) {
  evcc_buf_printf(what, "the matcher of bus \"%s\"", bus->bus_name);
}

/* Claims the bus's identifiers, then each rule's: a name two of them need is an error, never a rename. */
static bool claim_names(plan_t *pl) {
  evcc_symtab_t *t = pl->ctx->syms;
  evcc_diag_t *d = pl->ctx->diag;
  evcc_buf_t what, id;
  evcc_buf_init(&what);
  evcc_buf_init(&id);
  evcc_emit_bus_what(&what, pl->bus);
  evcc_sym_owner_t bus = {what.data, pl->bus->loc};
  evcc_tvar_t vars[] = {{"S", pl->S}};
  bool ok = evcc_template_claim("match.h.in", vars, 1, t, &bus, d) &&
            evcc_template_claim("match_api.c.in", vars, 1, t, &bus, d);
  for (size_t i = 0; ok && i < sizeof bus_internals / sizeof *bus_internals; i++) {
    id.len = 0;
    evcc_buf_printf(&id, "%s_%s", pl->S, bus_internals[i]);
    ok = evcc_sym_claim(t, id.data, &bus, d);
  }
  for (size_t i = 0; ok && i < sizeof bus_internal_families / sizeof *bus_internal_families; i++) {
    id.len = 0;
    evcc_buf_printf(&id, "%s_%s", pl->S, bus_internal_families[i]);
    ok = evcc_sym_claim_prefix(t, id.data, &bus, d);
  }
  bool rules_ok = true;
  for (uint32_t r = 0; ok && r < pl->ir->nrule; r++) {
    what.len = 0;
    evcc_buf_printf(&what, "rule \"%s\" of bus \"%s\"", pl->ir->rules[r].name, pl->bus->bus_name);
    evcc_sym_owner_t rule = {what.data, pl->ir->rules[r].loc};
    id.len = 0;
    evcc_buf_printf(&id, "%s_RULE_%s", pl->S, pl->rid[r]);
    bool claimed = evcc_sym_claim(t, id.data, &rule, d);
    id.len = 0;
    evcc_buf_printf(&id, "%s_rule_%s_matches_json", pl->S, pl->rid[r]);
    rules_ok &= claimed && evcc_sym_claim(t, id.data, &rule, d);
  }
  evcc_buf_free(&what);
  evcc_buf_free(&id);
  return ok && rules_ok;
}

static void plan_free(plan_t *pl) {
  for (size_t r = 0; r < pl->ir->nrule; r++) free(pl->rid[r]);
  for (size_t c = 0; c < pl->ir->ncond; c++) {
    free(pl->uses[c].v);
    free(pl->cuses[c].v);
  }
  free(pl->cuses);
  free(pl->cbit);
  free(pl->trigger);
  for (size_t i = 0; i < pl->nnode; i++) {
    free(pl->nodes[i].kids);
    free(pl->nodes[i].ident);
  }
  free(pl->nodes);
  free(pl->rid);
  free(pl->slots);
  free(pl->first_slot);
  free(pl->uses);
  free(pl->need_seen);
  for (size_t p = 0; p < pl->ir->npath; p++) free(pl->presence[p].v);
  free(pl->presence);
  free(pl->pid);
}

/* ---- small emit helpers ---- */

typedef struct {
  uint32_t *v;
  size_t n, cap;
} u32s_t;

static void u32_push(u32s_t *a, uint32_t x) {
  if (a->n == a->cap) {
    a->cap = a->cap ? 2 * a->cap : 64;
    a->v = realloc(a->v, a->cap * sizeof *a->v);
    if (!a->v) abort();
  }
  a->v[a->n++] = x;
}

static void member(const plan_t *pl, evcc_buf_t *b, const slot_t *s) {
  evcc_buf_printf(b, "st->r_%s_%u", pl->rid[s->rule], s->alt);
  if (s->kind == SLOT_SET && s->words == 1 && !s->chain) evcc_buf_puts(b, "[0]");
}

/* The whole mask-set array of a SET slot. */
static void set_array(const plan_t *pl, evcc_buf_t *b, const slot_t *s) {
  evcc_buf_printf(b, "st->r_%s_%u", pl->rid[s->rule], s->alt);
}

static void emit_double(evcc_buf_t *b, double v) {
  char tmp[40];
  snprintf(tmp, sizeof tmp, "%.17g", v);
  evcc_buf_puts(b, tmp);
  if (!strpbrk(tmp, ".eEin")) evcc_buf_puts(b, ".0");
}

static void emit_byte_case(evcc_buf_t *b, unsigned c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
      (c >= 0x20 && c < 0x7f && !strchr("'\\?", (int)c)))
    evcc_buf_printf(b, "case '%c':", (char)c);
  else
    evcc_buf_printf(b, "case 0x%02x:", c);
}

/* Names the first few rules sharing condition c as a comment. */
static void conj_comment(const plan_t *pl, evcc_buf_t *b, uint32_t c) {
  const uses_t *u = &pl->cuses[c];
  evcc_buf_puts(b, "/* ");
  for (size_t i = 0; i < u->n && i < 3; i++) {
    const evcc_ir_rule_t *r = &pl->ir->rules[pl->slots[u->v[i].slot].rule];
    if (i) evcc_buf_puts(b, ", ");
    const char *file = r->loc.file ? r->loc.file : "<input>";
    evcc_buf_puts(b, "\"");
    evcc_buf_c_comment_text(b, r->name, strlen(r->name));
    evcc_buf_puts(b, "\" (");
    evcc_buf_c_comment_text(b, file, strlen(file));
    evcc_buf_printf(b, ":%u)", r->loc.line);
  }
  if (u->n > 3) evcc_buf_printf(b, " and %zu more", u->n - 3);
  evcc_buf_puts(b, " */");
}

/* Condition c holds for conjunctions: one call, however many rules share it (names the first few). */
static void emit_conj_hit(const plan_t *pl, evcc_buf_t *b, int in, uint32_t c) {
  ind(b, in);
  evcc_buf_printf(b, "evc_conj_hit(&st->conj, &%s_conj_tab, %d); ", pl->S, pl->cbit[c]);
  conj_comment(pl, b, c);
  evcc_buf_putc(b, '\n');
}

/* Code run when condition `c` holds for a leaf: one line per rule alternative using it, one for conjunctions. */
static void emit_actions(const plan_t *pl, evcc_buf_t *b, int in, uint32_t c) {
  const uses_t *u = &pl->uses[c];
  for (size_t i = 0; i < u->n; i++) {
    const slot_t *s = &pl->slots[u->v[i].slot];
    ind(b, in);
    if (s->kind == SLOT_EAGER) {
      evcc_buf_printf(b, "%s_set(st, %s_RULE_%s); ", pl->S, pl->S, pl->rid[s->rule]);
    } else if (s->kind == SLOT_FREE) {
      member(pl, b, s);
      evcc_buf_printf(b, " |= UINT64_C(1) << %u; ", u->v[i].term);
    } else if (s->chain) {
      evcc_buf_printf(b, "evc_achain_add(&st->r_%s_%u, %u); ", pl->rid[s->rule], s->alt, u->v[i].term);
    } else if (s->nq) {
      evcc_buf_puts(b, "evc_msetw_add_mask(");
      set_array(pl, b, s);
      evcc_buf_printf(b, ", %u, (UINT32_C(1) << %u) | (UINT32_C(1) << %u)); ", s->words, u->v[i].term, s->cbit);
    } else if (s->words == 1) {
      member(pl, b, s);
      evcc_buf_puts(b, " = evc_mset_add(");
      member(pl, b, s);
      evcc_buf_printf(b, ", %u); ", u->v[i].term);
    } else {
      evcc_buf_puts(b, "evc_msetw_add(");
      set_array(pl, b, s);
      evcc_buf_printf(b, ", %u, %u); ", s->words, u->v[i].term);
    }
    rule_comment(pl, b, s->rule);
    evcc_buf_putc(b, '\n');
  }
  if (pl->cbit[c] >= 0) emit_conj_hit(pl, b, in, c);
}

/* ---- decision trees over strings (keys and exact values) ---- */

typedef void (*body_fn)(const plan_t *pl, evcc_buf_t *b, int in, const void *item);

typedef struct {
  const evcc_str_t *str;
  const void *item;
} skey_t;

static int cmp_skey(const void *a, const void *b) {
  const evcc_str_t *x = ((const skey_t *)a)->str, *y = ((const skey_t *)b)->str;
  if (x->len != y->len) return x->len < y->len ? -1 : 1;
  return memcmp(x->s, y->s, x->len);
}

/* `n` distinct strings of one length: switch on the most telling byte, then one memcmp. */
static void emit_byte_tree(const plan_t *pl, evcc_buf_t *b, int in, const skey_t *k, size_t n,
                           body_fn body) {
  size_t len = k[0].str->len;
  if (n == 1) {
    if (len == 0) {
      body(pl, b, in, k[0].item);
      return;
    }
    ind(b, in);
    evcc_buf_puts(b, "if (memcmp(t, ");
    evcc_buf_c_string(b, k[0].str->s, len);
    evcc_buf_printf(b, ", %zu) == 0) {\n", len);
    body(pl, b, in + 1, k[0].item);
    ind(b, in);
    evcc_buf_puts(b, "}\n");
    return;
  }
  size_t best = 0, best_distinct = 0;
  for (size_t pos = 0; pos < len; pos++) {
    bool seen[256] = {false};
    size_t d = 0;
    for (size_t i = 0; i < n; i++) {
      unsigned char c = (unsigned char)k[i].str->s[pos];
      d += !seen[c];
      seen[c] = true;
    }
    if (d > best_distinct) {
      best_distinct = d;
      best = pos;
    }
  }
  skey_t *grp = xcalloc(n, sizeof *grp);
  ind(b, in);
  evcc_buf_printf(b, "switch ((unsigned char)t[%zu]) {\n", best);
  for (unsigned c = 0; c < 256; c++) {
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
      if ((unsigned char)k[i].str->s[best] == c) grp[m++] = k[i];
    if (!m) continue;
    ind(b, in);
    emit_byte_case(b, c);
    evcc_buf_putc(b, '\n');
    emit_byte_tree(pl, b, in + 1, grp, m, body);
    ind(b, in + 1);
    evcc_buf_puts(b, "break;\n");
  }
  ind(b, in);
  evcc_buf_puts(b, "}\n");
  free(grp);
}

/* switch on the length of (t, n), then emit_byte_tree per length. `k` sorted by cmp_skey. */
static void emit_str_switch(const plan_t *pl, evcc_buf_t *b, int in, skey_t *k, size_t n, body_fn body) {
  ind(b, in);
  evcc_buf_puts(b, "switch (n) {\n");
  for (size_t i = 0; i < n;) {
    size_t j = i;
    while (j < n && k[j].str->len == k[i].str->len) j++;
    ind(b, in);
    evcc_buf_printf(b, "case %zu:\n", k[i].str->len);
    emit_byte_tree(pl, b, in + 1, k + i, j - i, body);
    ind(b, in + 1);
    evcc_buf_puts(b, "break;\n");
    i = j;
  }
  ind(b, in);
  evcc_buf_puts(b, "}\n");
}

/* ---- per-field classifiers ---- */

/* The conditions of one path, and how a string value is classified. */
typedef struct {
  uint32_t *conds; /* sorted by kind, then in IR order of first use */
  size_t n;
  uint32_t *neg;   /* anything-but string-like conditions: bit index = position */
  size_t nneg;
} fieldconds_t;

static bool is_neg_string(evcc_cond_kind_t k) {
  return k == EVCC_COND_NOT_STRINGS || k == EVCC_COND_NOT_PREFIX || k == EVCC_COND_NOT_SUFFIX ||
         k == EVCC_COND_NOT_NOCASE || k == EVCC_COND_NOT_WILDCARD;
}

static const evcc_ir_t *cmp_ir;
static int cmp_cond(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  const evcc_cond_t *cx = &cmp_ir->conds[x], *cy = &cmp_ir->conds[y];
  if (cx->kind != cy->kind) return cx->kind < cy->kind ? -1 : 1;
  size_t n = cx->nstr < cy->nstr ? cx->nstr : cy->nstr;
  for (size_t i = 0; i < n; i++) {
    skey_t kx = {&cx->strs[i], NULL}, ky = {&cy->strs[i], NULL};
    int r = cmp_skey(&kx, &ky);
    if (r) return r;
  }
  if (cx->nstr != cy->nstr) return cx->nstr < cy->nstr ? -1 : 1;
  for (size_t i = 0; i < cx->nnum && i < cy->nnum; i++)
    if (cx->nums[i] != cy->nums[i]) return cx->nums[i] < cy->nums[i] ? -1 : 1;
  if (cx->nnum != cy->nnum) return cx->nnum < cy->nnum ? -1 : 1;
  const evcc_numeric_range_t *rx = &cx->range, *ry = &cy->range;
  double kx[6] = {rx->has_lo, rx->lo_incl, rx->has_lo ? rx->lo : 0, rx->has_hi, rx->hi_incl, rx->has_hi ? rx->hi : 0};
  double ky[6] = {ry->has_lo, ry->lo_incl, ry->has_lo ? ry->lo : 0, ry->has_hi, ry->hi_incl, ry->has_hi ? ry->hi : 0};
  for (size_t i = 0; i < 6; i++)
    if (kx[i] != ky[i]) return kx[i] < ky[i] ? -1 : 1;
  if (cx->cidr.v6 != cy->cidr.v6) return cx->cidr.v6 ? 1 : -1;
  int r = memcmp(cx->cidr.addr, cy->cidr.addr, sizeof cx->cidr.addr);
  if (r) return r;
  if (cx->cidr.bits != cy->cidr.bits) return cx->cidr.bits < cy->cidr.bits ? -1 : 1;
  return x < y ? -1 : x > y; /* equal content: interned into one condition, so never reached */
}

static void field_conds(const plan_t *pl, uint32_t path, fieldconds_t *fc) {
  const evcc_ir_t *ir = pl->ir;
  fc->conds = xcalloc(ir->ncond, sizeof *fc->conds);
  fc->neg = xcalloc(ir->ncond, sizeof *fc->neg);
  fc->n = fc->nneg = 0;
  for (uint32_t c = 0; c < ir->ncond; c++)
    if (ir->conds[c].path == path && (pl->uses[c].n || pl->cuses[c].n)) fc->conds[fc->n++] = c;
  cmp_ir = ir;
  qsort(fc->conds, fc->n, sizeof *fc->conds, cmp_cond);
  for (size_t i = 0; i < fc->n; i++)
    if (is_neg_string(ir->conds[fc->conds[i]].kind)) fc->neg[fc->nneg++] = fc->conds[i];
}

/* Conjunctions sharing a condition through it (what a trigger on it would make candidates). */
static size_t cond_fanout(const plan_t *pl, const evcc_term_t *t) {
  size_t n = 0;
  for (size_t k = 0; k < t->ncond; k++) n += pl->cuses[t->conds[k]].n;
  return n;
}

/* Term t's place among its alternative's terms ordered by path (IR term order follows first appearance). */
static uint32_t term_rank(const evcc_ir_t *ir, const evcc_alt_t *a, size_t t) {
  uint32_t r = 0;
  const evcc_str_t *p = &ir->paths[a->terms[t].path];
  for (size_t i = 0; i < a->nterm; i++) {
    const evcc_str_t *q = &ir->paths[a->terms[i].path];
    r += cmp_path_ptr(&q, &p) < 0;
  }
  return r;
}

/* Conditions by path, then content: numbers that do not move when rules are reordered. */
static int cmp_cond_at(const void *a, const void *b) {
  const evcc_str_t *x = &cmp_ir->paths[cmp_ir->conds[*(const uint32_t *)a].path];
  const evcc_str_t *y = &cmp_ir->paths[cmp_ir->conds[*(const uint32_t *)b].path];
  int r = cmp_path_ptr(&x, &y);
  return r ? r : cmp_cond(a, b);
}

/* Slots by rule identifier, then alternative (identifiers are unique and move with their rule). */
static const plan_t *cmp_pl;
static int cmp_slot_name(const void *a, const void *b) {
  const slot_t *x = &cmp_pl->slots[*(const uint32_t *)a], *y = &cmp_pl->slots[*(const uint32_t *)b];
  int r = strcmp(cmp_pl->rid[x->rule], cmp_pl->rid[y->rule]);
  return r ? r : (x->alt > y->alt) - (x->alt < y->alt);
}

/* Uses by conjunction number, then term. */
static int cmp_use_conj(const void *a, const void *b) {
  const use_t *x = a, *y = b;
  int32_t cx = cmp_pl->slots[x->slot].conj, cy = cmp_pl->slots[y->slot].conj;
  if (cx != cy) return cx < cy ? -1 : 1;
  return (x->term > y->term) - (x->term < y->term);
}

/*
 * Numbers the conjunctions (by rule name) and their condition bits (by path and content), so a
 * reordered rule file gives the same tables; picks each conjunction's trigger, the term whose
 * conditions the fewest conjunctions share; orders every condition's uses by conjunction.
 */
static void plan_conj(plan_t *pl) {
  const evcc_ir_t *ir = pl->ir;
  uint32_t *order = xcalloc(ir->ncond + pl->nslot, sizeof *order);
  size_t n = 0;
  for (uint32_t c = 0; c < ir->ncond; c++)
    if (pl->cuses[c].n) order[n++] = c;
  cmp_ir = ir;
  qsort(order, n, sizeof *order, cmp_cond_at);
  pl->cbit = xcalloc(ir->ncond, sizeof *pl->cbit);
  for (uint32_t c = 0; c < ir->ncond; c++) pl->cbit[c] = -1;
  for (size_t i = 0; i < n; i++) pl->cbit[order[i]] = (int32_t)pl->ncbit++;
  n = 0;
  for (uint32_t i = 0; i < pl->nslot; i++)
    if (pl->slots[i].conj >= 0) order[n++] = i;
  cmp_pl = pl;
  qsort(order, n, sizeof *order, cmp_slot_name);
  pl->trigger = xcalloc(n, sizeof *pl->trigger);
  for (size_t i = 0; i < n; i++) {
    slot_t *s = &pl->slots[order[i]];
    const evcc_alt_t *a = &ir->rules[s->rule].alts[s->alt];
    s->conj = (int32_t)i;
    s->cset = s->kind == SLOT_SET ? (int32_t)pl->ncset++ : -1;
    size_t best = 0;
    for (size_t t = 1; t < a->nterm; t++) {
      size_t ft = cond_fanout(pl, &a->terms[t]), fb = cond_fanout(pl, &a->terms[best]);
      if (ft < fb || (ft == fb && term_rank(ir, a, t) < term_rank(ir, a, best))) best = t;
    }
    pl->trigger[i] = (uint32_t)best;
  }
  for (uint32_t c = 0; c < ir->ncond; c++)
    if (pl->cuses[c].n) qsort(pl->cuses[c].v, pl->cuses[c].n, sizeof *pl->cuses[c].v, cmp_use_conj);
  free(order);
}

static size_t neg_index(const fieldconds_t *fc, uint32_t c) {
  for (size_t i = 0; i < fc->nneg; i++)
    if (fc->neg[i] == c) return i;
  return 0;
}

/* What a matched exact string or glob does: a positive condition or an exclusion bit. */
typedef struct {
  uint32_t cond;
  bool neg;
  size_t bit;
} effect_t;

typedef struct {
  effect_t *v;
  size_t n;
} effects_t;

static void emit_effect(const plan_t *pl, evcc_buf_t *b, int in, const effect_t *e) {
  if (e->neg) {
    ind(b, in);
    evcc_buf_printf(b, "ex[%zu] |= UINT64_C(1) << %zu; /* excluded by anything-but */\n", e->bit / 64,
                    e->bit % 64);
  } else
    emit_actions(pl, b, in, e->cond);
}

static void exact_body(const plan_t *pl, evcc_buf_t *b, int in, const void *item) {
  const effects_t *es = item;
  for (size_t i = 0; i < es->n; i++) emit_effect(pl, b, in, &es->v[i]);
}

static void add_effect(effects_t *es, effect_t e) {
  for (size_t i = 0; i < es->n; i++)
    if (es->v[i].neg == e.neg && (e.neg ? es->v[i].bit == e.bit : es->v[i].cond == e.cond)) return;
  es->v = realloc(es->v, (es->n + 1) * sizeof *es->v);
  if (!es->v) abort();
  es->v[es->n++] = e;
}

static void emit_u32_table(evcc_buf_t *b, const char *type, const char *name, const uint32_t *v, size_t n) {
  evcc_buf_printf(b, "static const %s %s[%zu] = {", type, name, n);
  for (size_t i = 0; i < n; i++) evcc_buf_printf(b, "%s%u,", i % 16 ? " " : "\n  ", v[i]);
  evcc_buf_puts(b, "\n};\n");
}

/* ---- action tables (eventc/actions.h): one row of data per case instead of a branch of code ---- */

/* Every action of `es` is a rule bit, a condition bit or an exclusion bit: a table row can hold it. */
static bool effects_tabular(const plan_t *pl, const effects_t *es) {
  for (size_t i = 0; i < es->n; i++) {
    if (es->v[i].neg) continue;
    const uses_t *u = &pl->uses[es->v[i].cond];
    for (size_t j = 0; j < u->n; j++)
      if (pl->slots[u->v[j].slot].kind != SLOT_EAGER) return false;
  }
  return true;
}

static size_t effects_actions(const plan_t *pl, const effects_t *es) {
  size_t n = 0;
  for (size_t i = 0; i < es->n; i++)
    n += es->v[i].neg ? 1 : pl->uses[es->v[i].cond].n + (pl->cbit[es->v[i].cond] >= 0);
  return n;
}

/* Whether the `n` cases `rows` become an action table (--matcher, EVCC_ACTION_TABLE_MIN). */
static bool want_tables(const plan_t *pl, const effects_t *rows, size_t n) {
  evcc_matcher_form_t form = pl->ctx->matcher;
  if (form == EVCC_MATCHER_CODE || (form == EVCC_MATCHER_AUTO && n < EVCC_ACTION_TABLE_MIN)) return false;
  size_t total = 0;
  for (size_t i = 0; i < n; i++) {
    if (!effects_tabular(pl, &rows[i])) return false;
    total += effects_actions(pl, &rows[i]);
  }
  return total > 0;
}

/* The actions of one effect, one table entry a line with the rules it serves named. */
static void emit_effect_row(const plan_t *pl, evcc_buf_t *b, const effect_t *e) {
  if (e->neg) {
    evcc_buf_printf(b, "  EVC_ACT(EVC_ACT_EXCLUDE, %zu), /* excluded by anything-but */\n", e->bit);
    return;
  }
  const uses_t *u = &pl->uses[e->cond];
  for (size_t i = 0; i < u->n; i++) {
    evcc_buf_printf(b, "  EVC_ACT(EVC_ACT_RULE, %s_RULE_%s), ", pl->S, pl->rid[pl->slots[u->v[i].slot].rule]);
    rule_comment(pl, b, pl->slots[u->v[i].slot].rule);
    evcc_buf_putc(b, '\n');
  }
  if (pl->cbit[e->cond] >= 0) {
    evcc_buf_printf(b, "  EVC_ACT(EVC_ACT_COND, %d), ", pl->cbit[e->cond]);
    conj_comment(pl, b, e->cond);
    evcc_buf_putc(b, '\n');
  }
}

/* Table `S_<name>_act` (row i: rows[i], labelled by the string keys[i] or else "accept set i + 1")
 * and its row offsets `S_<name>_act_off`. */
static void emit_action_table(const plan_t *pl, evcc_buf_t *b, const char *name, const effects_t *rows, size_t n,
                              const skey_t *keys) {
  size_t total = 0;
  uint32_t *off = xcalloc(n + 1, sizeof *off);
  for (size_t i = 0; i < n; i++) {
    off[i] = (uint32_t)total;
    total += effects_actions(pl, &rows[i]);
  }
  off[n] = (uint32_t)total;
  evcc_buf_printf(b, "/* %s: what each of its %zu cases does (eventc/actions.h) */\n", name, n);
  evcc_buf_printf(b, "static const uint32_t %s_%s_act[%zu] = {\n", pl->S, name, total);
  for (size_t i = 0; i < n; i++) {
    evcc_buf_printf(b, "  /* %zu: ", i);
    if (keys) evcc_buf_c_comment_text(b, keys[i].str->s, keys[i].str->len);
    else evcc_buf_printf(b, "accept set %zu", i + 1);
    evcc_buf_puts(b, " */\n");
    for (size_t j = 0; j < rows[i].n; j++) emit_effect_row(pl, b, &rows[i].v[j]);
  }
  evcc_buf_puts(b, "};\n");
  char tab[300];
  snprintf(tab, sizeof tab, "%s_%s_act_off", pl->S, name);
  emit_u32_table(b, "uint32_t", tab, off, n + 1);
  evcc_buf_putc(b, '\n');
  free(off);
}

/* Code running row `row` (an int32_t expression, negative for none) of table S_<name>_act: at the end of the event
 * when the row sets no exclusion bit and the scan is not precise (eventc/actions.h), else at once. */
static void emit_actions_run(const plan_t *pl, evcc_buf_t *b, int in, const fieldconds_t *fc, const char *name,
                             const char *row) {
  evcc_buf_t conj;
  evcc_buf_init(&conj);
  if (pl->nconj) evcc_buf_printf(&conj, "&st->conj, &%s_conj_tab", pl->S);
  else evcc_buf_puts(&conj, "NULL, NULL");
  ind(b, in);
  evcc_buf_printf(b, "const evc_actions_ctx_t cx = {%s, %s, %s};\n", rule_words(pl), conj.data,
                  fc->nneg ? "ex" : "NULL");
  evcc_buf_free(&conj);
  ind(b, in);
  if (fc->nneg) {
    evcc_buf_printf(b, "evc_actions_run(&cx, %s_%s_act, %s_%s_act_off, %s);\n", pl->S, name, pl->S, name, row);
    return;
  }
  *pl->later = true;
  evcc_buf_printf(b, "const int32_t row = %s;\n", row);
  ind(b, in);
  if (pl->nconj)
    evcc_buf_printf(b, "if (st->conj.precise)\n%*s  evc_actions_run(&cx, %s_%s_act, %s_%s_act_off, row);\n%*selse\n%*s  ",
                    2 * in, "", pl->S, name, pl->S, name, 2 * in, "", 2 * in, "");
  evcc_buf_printf(b, "evc_actions_later(&st->later, &cx, %s_%s_act, %s_%s_act_off, row);\n", pl->S, name, pl->S,
                  name);
}

typedef struct {
  const evcc_str_t *str;
  effect_t eff;
} exact_entry_t;

static int cmp_exact_entry(const void *a, const void *b) {
  skey_t x = {((const exact_entry_t *)a)->str, NULL}, y = {((const exact_entry_t *)b)->str, NULL};
  return cmp_skey(&x, &y);
}

#define EXACT_TABLE_MIN 48 /* from this many distinct strings, a sorted table instead of nested switches */

/* The hash index of the m strings of k (eventc/strtab.h): 1 + the entry, and its hash's bits above the slot
 * number's, at the first free slot from its hash on, in twice (or more) as many slots as strings, a power of two
 * (so 1 + an entry fits under the mask); returns the slot count. */
static size_t strtab_slots(const skey_t *k, size_t m, uint32_t **out) {
  size_t n = 2;
  while (n < 2 * m) n *= 2;
  uint32_t *slots = xcalloc(n, sizeof *slots), mask = (uint32_t)(n - 1);
  for (size_t i = 0; i < m; i++) {
    uint32_t hash = evc_str_hash(k[i].str->s, k[i].str->len), h = hash & mask;
    while (slots[h]) h = (h + 1) & mask;
    slots[h] = (hash & ~mask) | ((uint32_t)i + 1);
  }
  *out = slots;
  return n;
}

/* Table + hash index for big sets (thousands of rules compile fast, and a lookup costs the same for any size);
 * `k` sorted, k[i].item the effects es[i]. With `tables` the found index is a row of an action table, else a
 * switch case. */
static void emit_exact_table(const plan_t *pl, evcc_buf_t *tables, evcc_buf_t *b, const fieldconds_t *fc,
                             const char *pid, skey_t *k, const effects_t *es, size_t m, bool tables_form) {
  evcc_buf_printf(tables, "/* %s: %zu exact strings, sorted by length then bytes */\n", pid, m);
  evcc_buf_printf(tables, "static const evc_strent_t %s_%s_exact[%zu] = {\n", pl->S, pid, m);
  for (size_t i = 0; i < m; i++) {
    evcc_buf_printf(tables, "  {%zu, ", k[i].str->len);
    evcc_buf_c_string(tables, k[i].str->s, k[i].str->len);
    evcc_buf_puts(tables, "},\n");
  }
  evcc_buf_puts(tables, "};\n");
  uint32_t *slots;
  size_t nslot = strtab_slots(k, m, &slots);
  char name[300], row[400];
  snprintf(name, sizeof name, "%s_%s_exact_slots", pl->S, pid);
  evcc_buf_puts(tables, "/* its hash index: 1 + entry | the hash's upper bits, from evc_str_hash(string) & mask on */\n");
  emit_u32_table(tables, "uint32_t", name, slots, nslot);
  evcc_buf_putc(tables, '\n');
  free(slots);
  snprintf(row, sizeof row, "evc_strtab_lookup(%s_%s_exact, %s, %zuu, t, n)", pl->S, pid, name, nslot - 1);
  if (tables_form) {
    snprintf(name, sizeof name, "%s_exact", pid);
    emit_action_table(pl, tables, name, es, m, k);
    emit_actions_run(pl, b, 3, fc, name, row);
    return;
  }
  evcc_buf_printf(b, "      switch (%s) {\n", row);
  for (size_t i = 0; i < m; i++) {
    evcc_buf_printf(b, "      case %zu: /* ", i);
    evcc_buf_c_comment_text(b, k[i].str->s, k[i].str->len);
    evcc_buf_puts(b, " */\n");
    exact_body(pl, b, 4, k[i].item);
    evcc_buf_puts(b, "        break;\n");
  }
  evcc_buf_puts(b, "      }\n");
}

/* Exact strings and anything-but string lists of a field: one decision over the decoded value. */
static void emit_exact(const plan_t *pl, evcc_buf_t *tables, evcc_buf_t *b, const fieldconds_t *fc, const char *pid) {
  const evcc_ir_t *ir = pl->ir;
  size_t n = 0, maxlen = 1;
  for (size_t i = 0; i < fc->n; i++) {
    const evcc_cond_t *c = &ir->conds[fc->conds[i]];
    if (c->kind == EVCC_COND_EXACT_STRING || c->kind == EVCC_COND_NOT_STRINGS) n += c->nstr;
  }
  if (!n) return;
  exact_entry_t *all = xcalloc(n, sizeof *all);
  size_t na = 0;
  for (size_t i = 0; i < fc->n; i++) {
    const evcc_cond_t *c = &ir->conds[fc->conds[i]];
    if (c->kind != EVCC_COND_EXACT_STRING && c->kind != EVCC_COND_NOT_STRINGS) continue;
    bool neg = c->kind == EVCC_COND_NOT_STRINGS;
    for (size_t j = 0; j < c->nstr; j++) {
      all[na++] = (exact_entry_t){&c->strs[j], {fc->conds[i], neg, neg ? neg_index(fc, fc->conds[i]) : 0}};
      if (c->strs[j].len > maxlen) maxlen = c->strs[j].len;
    }
  }
  qsort(all, na, sizeof *all, cmp_exact_entry); /* stable enough: effects are deduplicated per string */
  skey_t *k = xcalloc(n, sizeof *k);
  effects_t *es = xcalloc(n, sizeof *es);
  size_t m = 0;
  for (size_t i = 0; i < na; i++) {
    if (!m || cmp_exact_entry(&all[i], &all[i - 1]) != 0) {
      k[m] = (skey_t){all[i].str, &es[m]};
      m++;
    }
    add_effect(&es[m - 1], all[i].eff);
  }
  evcc_buf_printf(b, "  {\n    char buf[%zu];\n    size_t n = v->len;\n", maxlen);
  evcc_buf_puts(b, "    const char *t = v->escaped ? evc_str_bounded(v, buf, sizeof buf, &n) : v->ptr;\n");
  evcc_buf_puts(b, "    if (t) {\n");
  bool tables_form = want_tables(pl, es, m);
  if (m >= EXACT_TABLE_MIN || tables_form) emit_exact_table(pl, tables, b, fc, pid, k, es, m, tables_form);
  else emit_str_switch(pl, b, 3, k, m, exact_body);
  evcc_buf_puts(b, "    }\n  }\n");
  for (size_t i = 0; i < m; i++) free(es[i].v);
  free(es);
  free(k);
  free(all);
}

static bool is_nocase(evcc_cond_kind_t k) {
  return k == EVCC_COND_PREFIX_NOCASE || k == EVCC_COND_SUFFIX_NOCASE || k == EVCC_COND_EQUALS_NOCASE ||
         k == EVCC_COND_NOT_NOCASE;
}

/* Appends the alternation of the case variants of the code point at s[*i], moving *i past it. */
static size_t case_items(const evcc_str_t *s, size_t *i, int *it) {
  unsigned char var[3][EVC_CASE_VARIANT_MAX];
  size_t len[3], m = 0, k;
  size_t nvar = evc_case_variants_at(s->s + *i, s->len - *i, &k, var, len);
  *i += k;
  size_t rest = 2 * (nvar - 1);
  for (size_t v = 0; v < nvar; v++) rest += len[v];
  for (size_t v = 0; v < nvar; v++) {
    bool last = v + 1 == nvar;
    if (!last) it[m++] = EVCC_GLOB_FORK + (int)(len[v] + 2);
    for (size_t j = 0; j < len[v]; j++) it[m++] = var[v][j];
    if (!last) {
      it[m] = EVCC_GLOB_JUMP + (int)(rest - m);
      m++;
    }
  }
  return m;
}

/* Glob items of one pattern string of a condition (equals-ignore-case ones spell out each
 * pattern character's case variants, so the automaton reads the event's bytes as they are). */
static int *glob_items(const evcc_cond_t *c, const evcc_str_t *s, size_t *n) {
  int *it = xcalloc(s->len * (3 * EVC_CASE_VARIANT_MAX + 4) + 2, sizeof *it);
  size_t m = 0;
  bool star_front = c->kind == EVCC_COND_SUFFIX || c->kind == EVCC_COND_SUFFIX_NOCASE ||
                    c->kind == EVCC_COND_NOT_SUFFIX;
  bool star_back = c->kind == EVCC_COND_PREFIX || c->kind == EVCC_COND_PREFIX_NOCASE ||
                   c->kind == EVCC_COND_NOT_PREFIX;
  bool wild = c->kind == EVCC_COND_WILDCARD || c->kind == EVCC_COND_NOT_WILDCARD;
  if (star_front) it[m++] = EVCC_GLOB_STAR;
  for (size_t i = 0; i < s->len;) {
    if (is_nocase(c->kind)) {
      m += case_items(s, &i, it + m);
      continue;
    }
    unsigned char ch = (unsigned char)s->s[i++];
    if (wild && ch == '*') it[m++] = EVCC_GLOB_STAR;
    else if (wild && ch == '\\' && i < s->len) it[m++] = (unsigned char)s->s[i++];
    else it[m++] = ch;
  }
  if (star_back) it[m++] = EVCC_GLOB_STAR;
  *n = m;
  return it;
}

static bool dfa_kind(evcc_cond_kind_t k) {
  switch (k) {
  case EVCC_COND_PREFIX: case EVCC_COND_SUFFIX: case EVCC_COND_WILDCARD:
  case EVCC_COND_NOT_PREFIX: case EVCC_COND_NOT_SUFFIX: case EVCC_COND_NOT_WILDCARD: return true;
  default: return is_nocase(k);
  }
}

/* What the accept set a + 1 of the field's automaton does (es[a]): an action table or a switch. */
static void emit_accept_dispatch(const plan_t *pl, const fieldconds_t *fc, const char *pid, const effects_t *es,
                                 uint32_t nact, evcc_buf_t *code) {
  char accept[400];
  snprintf(accept, sizeof accept, "%s_%s_raw_accept[evc_dfa_run(&%s_%s_raw, v)]", pl->S, pid, pl->S, pid);
  if (want_tables(pl, es, nact)) {
    char name[300], row[500];
    snprintf(name, sizeof name, "%s_raw", pid);
    emit_action_table(pl, pl->c, name, es, nact, NULL);
    snprintf(row, sizeof row, "(int32_t)%s - 1", accept);
    evcc_buf_puts(code, "  {\n");
    emit_actions_run(pl, code, 2, fc, name, row);
    evcc_buf_puts(code, "  }\n");
    return;
  }
  evcc_buf_printf(code, "  switch (%s) {\n", accept);
  for (uint32_t a = 0; a < nact; a++) {
    evcc_buf_printf(code, "  case %u:\n", a + 1);
    for (size_t i = 0; i < es[a].n; i++) emit_effect(pl, code, 2, &es[a].v[i]);
    evcc_buf_puts(code, "    break;\n");
  }
  evcc_buf_puts(code, "  }\n");
}

/* Emits the tables of one DFA (before the classifier) and returns the switch code for it. */
static bool emit_dfa(plan_t *pl, const fieldconds_t *fc, const char *pid, evcc_buf_t *code) {
  const evcc_ir_t *ir = pl->ir;
  evcc_buf_t *b = pl->c;
  size_t n = 0;
  for (size_t i = 0; i < fc->n; i++)
    if (dfa_kind(ir->conds[fc->conds[i]].kind)) n += ir->conds[fc->conds[i]].nstr;
  if (!n) return true;
  evcc_glob_t *g = xcalloc(n, sizeof *g);
  effect_t *eff = xcalloc(n, sizeof *eff);
  size_t m = 0;
  for (size_t i = 0; i < fc->n; i++) {
    const evcc_cond_t *c = &ir->conds[fc->conds[i]];
    if (!dfa_kind(c->kind)) continue;
    bool neg = is_neg_string(c->kind);
    for (size_t j = 0; j < c->nstr; j++) {
      g[m].items = glob_items(c, &c->strs[j], &g[m].n);
      eff[m++] = (effect_t){fc->conds[i], neg, neg ? neg_index(fc, fc->conds[i]) : 0};
    }
  }
  evcc_dfa_t d;
  bool ok = evcc_dfa_build(g, n, MAX_DFA_STATES, &d);
  if (!ok) {
    evcc_error(pl->ctx->diag, ir->conds[fc->conds[0]].loc, "the value automaton of field \"%s\" is too large",
               ir->paths[ir->conds[fc->conds[0]].path].s);
  } else {
    const char *kind = "raw";
    char name[300];
    uint32_t cls[256];
    for (int i = 0; i < 256; i++) cls[i] = d.cls[i];
    evcc_buf_printf(b, "/* %s: byte automaton of %u states (%u with moves) over %u byte classes */\n", pid, d.nstate,
                    d.nlive, d.nclass);
    snprintf(name, sizeof name, "%s_%s_%s_cls", pl->S, pid, kind);
    emit_u32_table(b, "uint8_t", name, cls, 256);
    bool narrow = d.nstate <= 65536; /* evc_dfa_t's next16 */
    char next[300];
    snprintf(next, sizeof next, "%s_%s_%s_next", pl->S, pid, kind);
    if (d.nlive) emit_u32_table(b, narrow ? "uint16_t" : "uint32_t", next, d.next, (size_t)d.nlive * d.nclass);
    uint32_t *tmp = xcalloc(d.nstate, sizeof *tmp);
    /* accept sets: numbered by first state that has them */
    uint32_t nact = 0;
    uint32_t *first = xcalloc(d.nstate + 1, sizeof *first);
    for (uint32_t s = 0; s < d.nstate; s++) {
      tmp[s] = 0;
      if (d.acc_off[s] == d.acc_off[s + 1]) continue;
      for (uint32_t a = 0; a < nact && !tmp[s]; a++) {
        uint32_t f = first[a];
        uint32_t la = d.acc_off[f + 1] - d.acc_off[f], ls = d.acc_off[s + 1] - d.acc_off[s];
        if (la == ls && memcmp(&d.acc[d.acc_off[f]], &d.acc[d.acc_off[s]], la * sizeof *d.acc) == 0) tmp[s] = a + 1;
      }
      if (!tmp[s]) {
        first[nact++] = s;
        tmp[s] = nact;
      }
    }
    snprintf(name, sizeof name, "%s_%s_%s_accept", pl->S, pid, kind);
    emit_u32_table(b, nact < 65536 ? "uint16_t" : "uint32_t", name, tmp, d.nstate);
    const char *wide = d.nlive && !narrow ? next : "NULL", *nar = d.nlive && narrow ? next : "NULL";
    evcc_buf_printf(b, "static const evc_dfa_t %s_%s_%s = {%s_%s_%s_cls, %s, %s, %u, %u};\n\n", pl->S, pid, kind,
                    pl->S, pid, kind, wide, nar, d.nclass, d.nlive);
    effects_t *es = xcalloc(nact ? nact : 1, sizeof *es);
    for (uint32_t a = 0; a < nact; a++)
      for (uint32_t i = d.acc_off[first[a]]; i < d.acc_off[first[a] + 1]; i++) add_effect(&es[a], eff[d.acc[i]]);
    emit_accept_dispatch(pl, fc, pid, es, nact, code);
    for (uint32_t a = 0; a < nact; a++) free(es[a].v);
    free(es);
    free(first);
    free(tmp);
    evcc_dfa_free(&d);
  }
  for (size_t i = 0; i < n; i++) free((void *)g[i].items);
  free(g);
  free(eff);
  return ok;
}

static void emit_cidr(const plan_t *pl, evcc_buf_t *b, const fieldconds_t *fc) {
  for (size_t i = 0; i < fc->n; i++) {
    const evcc_cond_t *c = &pl->ir->conds[fc->conds[i]];
    if (c->kind != EVCC_COND_CIDR) continue;
    size_t nb = c->cidr.v6 ? 16 : 4;
    evcc_buf_puts(b, "  {\n    static const uint8_t net[16] = {");
    for (size_t j = 0; j < nb; j++) evcc_buf_printf(b, "%s%u", j ? ", " : "", c->cidr.addr[j]);
    evcc_buf_printf(b, "};\n    if (evc_str_in_cidr(v, %s, net, %u)) {\n", c->cidr.v6 ? "true" : "false",
                    c->cidr.bits);
    emit_actions(pl, b, 3, fc->conds[i]);
    evcc_buf_puts(b, "    }\n  }\n");
  }
}

/* Conditions that hold for every value of another JSON type than the one being classified. */
static void emit_other_type(const plan_t *pl, evcc_buf_t *b, const fieldconds_t *fc, bool is_string, bool is_number) {
  for (size_t i = 0; i < fc->n; i++) {
    evcc_cond_kind_t k = pl->ir->conds[fc->conds[i]].kind;
    bool holds = (is_neg_string(k) && !is_string) || (k == EVCC_COND_NOT_NUMBERS && !is_number);
    if (holds) emit_actions(pl, b, 1, fc->conds[i]);
  }
}

static bool has_kind(const plan_t *pl, const fieldconds_t *fc, bool (*pred)(evcc_cond_kind_t)) {
  for (size_t i = 0; i < fc->n; i++)
    if (pred(pl->ir->conds[fc->conds[i]].kind)) return true;
  return false;
}

static bool k_string(evcc_cond_kind_t k) {
  return is_neg_string(k) || dfa_kind(k) || k == EVCC_COND_EXACT_STRING ||
         k == EVCC_COND_CIDR || k == EVCC_COND_NOT_NUMBERS;
}
static bool k_number(evcc_cond_kind_t k) {
  return k == EVCC_COND_EXACT_NUMBER || k == EVCC_COND_NUMERIC || k == EVCC_COND_NOT_NUMBERS;
}
static bool k_number_any(evcc_cond_kind_t k) { return k_number(k) || is_neg_string(k); }
static bool k_literal(evcc_cond_kind_t k) {
  return k == EVCC_COND_TRUE || k == EVCC_COND_FALSE || k == EVCC_COND_NULL || k == EVCC_COND_NOT_NUMBERS ||
         is_neg_string(k);
}

static bool emit_str_fn(plan_t *pl, const fieldconds_t *fc, const char *pid) {
  evcc_buf_t code;
  evcc_buf_init(&code);
  bool ok = emit_dfa(pl, fc, pid, &code);
  evcc_buf_t *b = pl->c, exact;
  evcc_buf_init(&exact);
  emit_exact(pl, b, &exact, fc, pid);
  evcc_buf_printf(b, "static void %s_str_%s(%s_state_t *st, const evc_str_t *v) {\n", pl->S, pid, pl->S);
  if (fc->nneg) evcc_buf_printf(b, "  uint64_t ex[%zu] = {0};\n", (fc->nneg + 63) / 64);
  if (exact.len) evcc_buf_put(b, exact.data, exact.len);
  evcc_buf_free(&exact);
  if (code.len) evcc_buf_put(b, code.data, code.len);
  emit_cidr(pl, b, fc);
  for (size_t i = 0; i < fc->nneg; i++) {
    evcc_buf_printf(b, "  if (!(ex[%zu] & (UINT64_C(1) << %zu))) {\n", i / 64, i % 64);
    emit_actions(pl, b, 2, fc->neg[i]);
    evcc_buf_puts(b, "  }\n");
  }
  emit_other_type(pl, b, fc, true, false);
  evcc_buf_puts(b, "  (void)st;\n  (void)v;\n}\n\n");
  evcc_buf_free(&code);
  return ok;
}

static void emit_cmp(evcc_buf_t *b, double v, const char *op) {
  evcc_buf_puts(b, "evc_numval_cmp(d, ");
  emit_double(b, v);
  evcc_buf_printf(b, ") %s 0", op);
}

static void emit_range(evcc_buf_t *b, const evcc_numeric_range_t *r) {
  if (r->has_lo && r->has_hi && r->lo_incl && r->hi_incl && r->lo == r->hi) { /* ["=", x]: one comparison */
    emit_cmp(b, r->lo, "==");
    return;
  }
  if (r->has_lo) emit_cmp(b, r->lo, r->lo_incl ? ">=" : ">");
  if (r->has_lo && r->has_hi) evcc_buf_puts(b, " && ");
  if (r->has_hi) emit_cmp(b, r->hi, r->hi_incl ? "<=" : "<");
  if (!r->has_lo && !r->has_hi) evcc_buf_puts(b, "1");
}

static void emit_num_fn(const plan_t *pl, const fieldconds_t *fc, const char *pid) {
  evcc_buf_t *b = pl->c;
  const evcc_ir_t *ir = pl->ir;
  if (has_kind(pl, fc, k_number)) /* the leaf scans and converts in one pass (evc_scan_numval) */
    evcc_buf_printf(b, "static void %s_num_%s(%s_state_t *st, evc_numval_t *d) {\n", pl->S, pid, pl->S);
  else
    evcc_buf_printf(b, "static void %s_num_%s(%s_state_t *st, const evc_num_t *v) {\n  (void)v;\n", pl->S, pid,
                    pl->S);
  for (size_t i = 0; i < fc->n; i++) {
    const evcc_cond_t *c = &ir->conds[fc->conds[i]];
    if (!k_number(c->kind)) continue;
    evcc_buf_puts(b, "  if (");
    if (c->kind == EVCC_COND_NUMERIC) emit_range(b, &c->range);
    else {
      evcc_buf_puts(b, c->kind == EVCC_COND_NOT_NUMBERS ? "!(" : "(");
      for (size_t j = 0; j < c->nnum; j++) {
        if (j) evcc_buf_puts(b, " || ");
        emit_cmp(b, c->nums[j], "==");
      }
      evcc_buf_putc(b, ')');
    }
    evcc_buf_puts(b, ") {\n");
    emit_actions(pl, b, 2, fc->conds[i]);
    evcc_buf_puts(b, "  }\n");
  }
  emit_other_type(pl, b, fc, false, true);
  evcc_buf_puts(b, "  (void)st;\n}\n\n");
}

static void emit_lit_fn(const plan_t *pl, const fieldconds_t *fc, const char *pid) {
  evcc_buf_t *b = pl->c;
  static const struct {
    evcc_cond_kind_t k;
    const char *kind;
  } lits[] = {{EVCC_COND_TRUE, "EVC_KIND_TRUE"}, {EVCC_COND_FALSE, "EVC_KIND_FALSE"}, {EVCC_COND_NULL, "EVC_KIND_NULL"}};
  evcc_buf_printf(b, "static void %s_lit_%s(%s_state_t *st, evc_kind_t kind) {\n", pl->S, pid, pl->S);
  for (size_t i = 0; i < fc->n; i++)
    for (size_t l = 0; l < 3; l++)
      if (pl->ir->conds[fc->conds[i]].kind == lits[l].k) {
        evcc_buf_printf(b, "  if (kind == %s) {\n", lits[l].kind);
        emit_actions(pl, b, 2, fc->conds[i]);
        evcc_buf_puts(b, "  }\n");
      }
  emit_other_type(pl, b, fc, false, false);
  evcc_buf_puts(b, "  (void)st;\n  (void)kind;\n}\n\n");
}

/* The leaf function of a field: classifies one scalar value found at the path. */
static bool emit_leaf(plan_t *pl, uint32_t path) {
  fieldconds_t fc;
  field_conds(pl, path, &fc);
  const char *pid = pl->pid[path];
  evcc_buf_t *b = pl->c;
  bool str = has_kind(pl, &fc, k_string), num = has_kind(pl, &fc, k_number_any), lit = has_kind(pl, &fc, k_literal);
  bool ok = !str || emit_str_fn(pl, &fc, pid);
  if (num) emit_num_fn(pl, &fc, pid);
  if (lit) emit_lit_fn(pl, &fc, pid);
  evcc_buf_puts(b, "/* A scalar at ");
  evcc_buf_c_comment_text(b, pl->ir->paths[path].s, pl->ir->paths[path].len);
  evcc_buf_puts(b, " */\n");
  evcc_buf_printf(b, "static const char *%s_leaf_%s(evc_scan_t *s, const char *p, %s_state_t *st) {\n", pl->S, pid,
                  pl->S);
  if (pl->need_seen[path]) evcc_buf_printf(b, "  st->seen_%s = 1;\n", pid);
  for (size_t i = 0; i < pl->presence[path].n; i++) {
    const slot_t *sl = &pl->slots[pl->presence[path].v[i].slot];
    unsigned q = qbit(pl->ir, sl, pl->presence[path].v[i].term);
    evcc_buf_puts(b, "  evc_msetw_force(");
    set_array(pl, b, sl);
    evcc_buf_printf(b, ", %u, UINT32_C(1) << %u); /* present: exists false fails here */\n", sl->words, q);
    evcc_buf_printf(b, "  st->q_r_%s_%u |= UINT32_C(1) << %u; ", pl->rid[sl->rule], sl->alt, q);
    rule_comment(pl, b, sl->rule);
    evcc_buf_putc(b, '\n');
  }
  for (size_t i = 0; i < fc.n; i++)
    if (pl->ir->conds[fc.conds[i]].kind == EVCC_COND_EXISTS) emit_actions(pl, b, 1, fc.conds[i]);
  evcc_buf_puts(b, "  switch (evc_scan_kind(s, p)) {\n");
  if (str)
    evcc_buf_printf(b, "  case EVC_KIND_STRING: {\n    evc_str_t v;\n"
                       "    p = s->trusted ? evc_trusted_string(s, p, &v) : evc_scan_string(s, p, &v);\n"
                       "    if (p) %s_str_%s(st, &v);\n    return p;\n  }\n", pl->S, pid);
  if (num && has_kind(pl, &fc, k_number))
    evcc_buf_printf(b, "  case EVC_KIND_NUMBER: {\n    evc_numval_t d;\n    p = evc_scan_numval(s, p, &d);\n"
                       "    if (p) %s_num_%s(st, &d);\n    return p;\n  }\n", pl->S, pid);
  else if (num)
    evcc_buf_printf(b, "  case EVC_KIND_NUMBER: {\n    evc_num_t v;\n    p = evc_scan_number(s, p, &v);\n"
                       "    if (p) %s_num_%s(st, &v);\n    return p;\n  }\n", pl->S, pid);
  if (lit)
    evcc_buf_printf(b, "  case EVC_KIND_TRUE:\n  case EVC_KIND_FALSE:\n  case EVC_KIND_NULL: {\n"
                       "    evc_kind_t kind;\n    p = evc_scan_literal(s, p, &kind);\n"
                       "    if (p) %s_lit_%s(st, kind);\n    return p;\n  }\n", pl->S, pid);
  evcc_buf_puts(b, "  default:\n    (void)st;\n    return evc_scan_skip(s, p);\n  }\n}\n\n");
  free(fc.conds);
  free(fc.neg);
  return ok;
}

/* ---- per-node functions (object key dispatch, arrays) ---- */

static bool slot_under(const plan_t *pl, const slot_t *s, const node_t *x) {
  const evcc_alt_t *a = &pl->ir->rules[s->rule].alts[s->alt];
  size_t n = 0;
  for (size_t t = 0; t < a->nterm; t++) {
    const evcc_str_t *p = &pl->ir->paths[a->terms[t].path];
    bool counts = term_has(pl->ir, &a->terms[t], false) || (s->nq && term_has(pl->ir, &a->terms[t], true));
    if (counts && dot_prefix(x->path, x->len, p->s, p->len)) n++;
  }
  return n >= 2;
}

static void key_body(const plan_t *pl, evcc_buf_t *b, int in, const void *item) {
  (void)pl;
  ind(b, in);
  evcc_buf_printf(b, "return %d;\n", (int)(intptr_t)item);
}

static void emit_key_fn(const plan_t *pl, const node_t *x) {
  evcc_buf_t *b = pl->c;
  skey_t *k = xcalloc(x->nkid, sizeof *k);
  evcc_str_t *keys = xcalloc(x->nkid, sizeof *keys);
  size_t maxlen = 1;
  for (size_t i = 0; i < x->nkid; i++) {
    const char *s;
    size_t n;
    node_key(x, &pl->nodes[x->kids[i]], &s, &n);
    keys[i] = (evcc_str_t){(char *)s, n};
    k[i] = (skey_t){&keys[i], (const void *)(intptr_t)(i + 1)};
    if (n > maxlen) maxlen = n;
  }
  /* a small key switch is worth inlining into the object walk; a large one would only slow the C compiler */
  evcc_buf_printf(b, "static %sint %s_key_%s(const evc_str_t *key) {\n  char buf[%zu];\n  size_t n = key->len;\n",
                  x->nkid <= 8 ? "inline " : "", pl->S, x->ident, maxlen);
  evcc_buf_puts(b, "  const char *t = key->ptr;\n");
  evcc_buf_puts(b, "  if (key->escaped && !(t = evc_str_bounded(key, buf, sizeof buf, &n))) return 0;\n");
  emit_str_switch(pl, b, 1, k, x->nkid, key_body);
  evcc_buf_puts(b, "  return 0;\n}\n\n");
  free(keys);
  free(k);
}

/* ---- trusted mode's early stop: every key the walk reads ---- */

/* The set of first bytes as lookup tables by nibble (a superset when more than 8 high nibbles occur). */
static void first_byte_nibbles(const uint64_t first[4], unsigned char lo[16], unsigned char hi[16]) {
  unsigned buckets = 0;
  memset(lo, 0, 16);
  memset(hi, 0, 16);
  for (unsigned h = 0; h < 16; h++) {
    unsigned char bit = 0;
    for (unsigned l = 0; l < 16; l++) {
      unsigned c = h << 4 | l;
      if (!((first[c >> 6] >> (c & 63)) & 1u)) continue;
      if (!bit) bit = (unsigned char)(1u << (buckets++ % 8));
      lo[l] |= bit;
    }
    hi[h] = bit;
  }
}

static void emit_byte_row(evcc_buf_t *b, const unsigned char *v, size_t n) {
  evcc_buf_putc(b, '{');
  for (size_t i = 0; i < n; i++) evcc_buf_printf(b, "%s%u", i ? ", " : "", v[i]);
  evcc_buf_putc(b, '}');
}

/* S_keys (eventc/scan_trusted.h): the distinct keys of every object the walk enters. */
static void emit_trusted_keys(const plan_t *pl) {
  evcc_buf_t *b = pl->c;
  size_t n = 0;
  for (size_t i = 0; i < pl->nnode; i++) n += pl->nodes[i].nkid;
  evcc_str_t *keys = xcalloc(n, sizeof *keys);
  skey_t *k = xcalloc(n, sizeof *k);
  uint64_t first[4] = {0, UINT64_C(1) << ('\\' - 64), 0, 0}; /* the backslash: an escaped key */
  n = 0;
  for (size_t i = 0; i < pl->nnode; i++)
    for (size_t j = 0; j < pl->nodes[i].nkid; j++) {
      const char *ks;
      size_t kn;
      node_key(&pl->nodes[i], &pl->nodes[pl->nodes[i].kids[j]], &ks, &kn);
      keys[n] = (evcc_str_t){(char *)ks, kn};
      k[n] = (skey_t){&keys[n], (const void *)(intptr_t)1};
      n++;
      unsigned c = kn ? (unsigned char)ks[0] : '"'; /* "": the opening quote is followed by the closing one */
      first[c >> 6] |= UINT64_C(1) << (c & 63);
    }
  qsort(k, n, sizeof *k, cmp_skey);
  size_t m = 0;
  for (size_t i = 0; i < n; i++)
    if (!m || cmp_skey(&k[m - 1], &k[i])) k[m++] = k[i];
  evcc_buf_puts(b, "/* Whether a key's raw bytes are one the walk reads anywhere (trusted mode's early stop). */\n");
  evcc_buf_printf(b, "static int %s_is_key(const char *t, size_t n) {\n", pl->S);
  emit_str_switch(pl, b, 1, k, m, key_body);
  evcc_buf_puts(b, "  return 0;\n}\n\n");
  unsigned char lo[16], hi[16];
  first_byte_nibbles(first, lo, hi);
  evcc_buf_printf(b, "static const evc_trusted_keys_t %s_keys = {\n  {", pl->S);
  for (int w = 0; w < 4; w++) evcc_buf_printf(b, "%sUINT64_C(0x%016" PRIx64 ")", w ? ", " : "", first[w]);
  evcc_buf_puts(b, "},\n  ");
  emit_byte_row(b, lo, 16);
  evcc_buf_puts(b, ",\n  ");
  emit_byte_row(b, hi, 16);
  evcc_buf_printf(b, ",\n  %s_is_key};\n\n", pl->S);
  free(keys);
  free(k);
}

/*
 * The kids' keys in order as a C string when each is one byte that stands for itself in a C string and
 * in JSON (printable ASCII but quote and backslash) and there are at most 8: the walk then recognises
 * such members by one word compare (evc_match_obj_first_k1, evc_trusted_obj_first_k1). Else "" (the general
 * key step).
 */
static void one_byte_keys(const plan_t *pl, const node_t *x, char out[9]) {
  size_t i;
  for (i = 0; i < x->nkid && i < 8; i++) {
    const char *ks;
    size_t kn;
    node_key(x, &pl->nodes[x->kids[i]], &ks, &kn);
    if (kn != 1 || ks[0] < 0x20 || ks[0] >= 0x7F || ks[0] == '"' || ks[0] == '\\' || ks[0] == '?') break;
    out[i] = ks[0];
  }
  out[i == x->nkid ? i : 0] = '\0';
}

/* The bits (as in `seen`) of the kids whose keys hold no dot: the names an object usually has. */
static uint64_t plain_kids(const plan_t *pl, const node_t *x) {
  uint64_t m = 0;
  for (size_t i = 0; i < x->nkid; i++) {
    const char *ks;
    size_t kn;
    node_key(x, &pl->nodes[x->kids[i]], &ks, &kn);
    if (!memchr(ks, '.', kn)) m |= UINT64_C(1) << i;
  }
  return m;
}

/*
 * Whether the validating walk tries the object as a record (evc_record_t: a flat object of strings, checked
 * whole and read by its quotes): when every key it reads holds a leaf, as in the flat records events carry
 * (an object read deeper is seldom flat, and a try that fails costs more than it saves), and the one-word
 * steps of one-byte keys do not serve it already.
 */
static bool record_walk(const plan_t *pl, const node_t *x, bool trusted, const char *known1) {
  if (trusted || known1) return false;
  for (size_t i = 0; i < x->nkid; i++)
    if (pl->nodes[x->kids[i]].nkid) return false;
  return true;
}

/*
 * The member loop of one object: S_obj_X validates (and hands trusted documents to S_tobj_X first
 * thing), S_tobj_X reads a trusted one, each with its own steps so neither pays for the other's.
 */
static void emit_obj_walk(const plan_t *pl, const node_t *x, bool trusted) {
  evcc_buf_t *b = pl->c;
  const char *S = pl->S;
  char known[9];
  one_byte_keys(pl, x, known);
  const char *known1 = known[0] ? known : NULL;
  bool record = record_walk(pl, x, trusted, known1);
  evcc_buf_printf(b, "static const char *%s_%sobj_%s(evc_scan_t *s, const char *p, %s_state_t *st) {\n", S,
                  trusted ? "t" : "", x->ident, S);
  if (!trusted) evcc_buf_printf(b, "  if (s->trusted) return %s_tobj_%s(s, p, st);\n", S, x->ident);
  evcc_buf_printf(b, "  const char *last[%zu] = {NULL};\n", x->nkid);
  if (x->nkid <= 64) evcc_buf_puts(b, "  uint64_t seen = 0;\n");
  else evcc_buf_printf(b, "  unsigned char seen[%zu] = {0};\n", x->nkid);
  evcc_buf_puts(b, "  evc_str_t key;\n  int more;\n");
  evcc_buf_printf(b, "  if (st->lastwins && !evc_scan_last_keys(s, p, %s_key_%s, last)) return NULL;\n", S, x->ident);
  if (known1) {
    evcc_buf_puts(b, "  int k = -1; /* the key's index when the step recognised it, else -1 */\n");
    evcc_buf_printf(b, "  more = evc_%s_obj_first_k1(s, &p, &key, \"%s\", %zu, &k);\n", trusted ? "trusted" : "match",
                    known1, x->nkid);
    evcc_buf_printf(b, "  while (more > 0) {\n    if (k < 0) k = %s_key_%s(&key);\n", S, x->ident);
  } else if (record) {
    evcc_buf_puts(b, "  evc_record_t rec; /* a flat object of strings is checked whole, then read by its quotes */\n");
    evcc_buf_puts(b, "  more = evc_match_obj_first_r(s, &p, &key, &rec);\n  while (more > 0) {\n");
    evcc_buf_printf(b, "    int k = %s_key_%s(&key);\n", S, x->ident);
  } else {
    evcc_buf_printf(b, "  more = %s(s, &p, &key);\n  while (more > 0) {\n",
                    trusted ? "evc_trusted_obj_first" : "evc_match_obj_first");
    evcc_buf_printf(b, "    int k = %s_key_%s(&key);\n", S, x->ident);
  }
  evcc_buf_puts(b, "    if (k > 0 && st->lastwins && last[k - 1] != key.ptr) k = 0; /* an earlier duplicate */\n");
  if (x->nkid <= 64)
    evcc_buf_puts(b, "    if (k > 0) {\n      if ((seen >> (k - 1)) & 1u) st->dup = 1;\n"
                     "      seen |= UINT64_C(1) << (k - 1);\n    }\n");
  else
    evcc_buf_puts(b, "    if (k > 0) {\n      if (seen[k - 1]) st->dup = 1;\n      seen[k - 1] = 1;\n    }\n");
  evcc_buf_puts(b, "    switch (k) {\n");
  for (size_t i = 0; i < x->nkid; i++) {
    const node_t *y = &pl->nodes[x->kids[i]];
    const char *ks;
    size_t kn;
    node_key(x, y, &ks, &kn);
    evcc_buf_printf(b, "    case %zu: /* ", i + 1);
    evcc_buf_c_comment_text(b, ks, kn);
    evcc_buf_printf(b, " */\n      p = %s_at_%s(s, p, st);\n      break;\n", S, y->ident);
  }
  evcc_buf_printf(b, "    default:\n      p = %s;\n      break;\n    }\n",
                  trusted ? "evc_trusted_skip(s, p)" : record ? "evc_match_skip_r(s, p, &rec)" : "evc_match_skip(s, p)");
  evcc_buf_puts(b, "    if (!p) return NULL;\n");
  /* Trusted mode leaves the event once no key the walk reads can follow: a later duplicate wins and a
   * dotted name aliases a nested path (EventBridge semantics §2.3), so it looks for every such key. */
  if (trusted && x->nkid <= 64) { /* tried once every plain key of the object was read: few tries per event */
    uint64_t plain = plain_kids(pl, x);
    evcc_buf_puts(b, "    /* every key without a dot read: leave the event if no key the walk reads follows */\n");
    evcc_buf_printf(b, "    more = evc_trusted_obj_after%s(s, &p, &key, k > 0 && (seen & UINT64_C(0x%" PRIx64 ")) == "
                       "UINT64_C(0x%" PRIx64 "), &%s_keys", known1 ? "_k1" : "", plain, plain, S);
    if (known1) evcc_buf_printf(b, ", \"%s\", %zu, &k", known1, x->nkid);
    evcc_buf_puts(b, ");\n  }\n");
  } else if (trusted)
    evcc_buf_printf(b, "    more = evc_trusted_obj_after(s, &p, &key, k > 0, &%s_keys);\n  }\n", S);
  else if (known1)
    evcc_buf_printf(b, "    k = -1;\n    more = evc_match_obj_next_k1(s, &p, &key, \"%s\", %zu, &k);\n  }\n", known1,
                    x->nkid);
  else
    evcc_buf_printf(b, "    more = %s;\n  }\n",
                    record ? "evc_match_obj_next_r(s, &p, &key, &rec)" : "evc_match_obj_next(s, &p, &key)");
  evcc_buf_puts(b, "  return more < 0 ? NULL : p;\n}\n\n");
}

static void emit_obj_fn(const plan_t *pl, const node_t *x) {
  emit_key_fn(pl, x);
  emit_obj_walk(pl, x, true);
  emit_obj_walk(pl, x, false);
}

typedef enum { ARR_DECL, ARR_START, ARR_SCALAR_MERGED, ARR_SCALAR_BEFORE, ARR_ELEM_START, ARR_ELEM_END, ARR_END } arr_phase_t;

/* One phase of the array function for sensitive slot `s` (local arrays numbered j). */
/* The array phases of a maximal-masks slot: whole-struct copies and evc_achain_merge. */
static void arr_phase_chain(const plan_t *pl, evcc_buf_t *b, const slot_t *s, size_t j, arr_phase_t ph, int in) {
  char r[300];
  snprintf(r, sizeof r, "st->r_%s_%u", pl->rid[s->rule], s->alt);
  ind(b, in);
  switch (ph) {
  case ARR_DECL:
    evcc_buf_printf(b, "evc_achain_t before%zu, merged%zu; ", j, j);
    rule_comment(pl, b, s->rule);
    evcc_buf_putc(b, '\n');
    break;
  case ARR_START: evcc_buf_printf(b, "before%zu = merged%zu = %s;\n", j, j, r); break;
  case ARR_SCALAR_MERGED: evcc_buf_printf(b, "%s = merged%zu;\n", r, j); break;
  case ARR_SCALAR_BEFORE: evcc_buf_printf(b, "merged%zu = %s;\n%*s%s = before%zu;\n", j, r, 2 * in, "", r, j); break;
  case ARR_ELEM_START: evcc_buf_printf(b, "%s = before%zu;\n", r, j); break;
  case ARR_ELEM_END: evcc_buf_printf(b, "evc_achain_merge(&merged%zu, &%s);\n", j, r); break;
  case ARR_END: evcc_buf_printf(b, "%s = merged%zu;\n", r, j); break;
  }
}

static void arr_phase(const plan_t *pl, evcc_buf_t *b, const slot_t *s, size_t j, arr_phase_t ph, int in) {
  if (s->chain) {
    arr_phase_chain(pl, b, s, j, ph, in);
    return;
  }
  evcc_buf_t r;
  evcc_buf_init(&r);
  set_array(pl, &r, s);
  const char *R = r.data;
  unsigned W = s->words;
  ind(b, in);
  switch (ph) {
  case ARR_DECL:
    evcc_buf_printf(b, "uint64_t before%zu[%u], merged%zu[%u];", j, W, j, W);
    if (s->nq) evcc_buf_printf(b, " uint32_t present%zu;", j);
    evcc_buf_putc(b, ' ');
    rule_comment(pl, b, s->rule);
    evcc_buf_putc(b, '\n');
    break;
  case ARR_START:
    evcc_buf_printf(b, "memcpy(before%zu, %s, sizeof before%zu);\n", j, R, j);
    ind(b, in);
    if (!s->nq) evcc_buf_printf(b, "memcpy(merged%zu, before%zu, sizeof merged%zu);\n", j, j, j);
    else
      evcc_buf_printf(b, "memset(merged%zu, 0, sizeof merged%zu);\n%*spresent%zu = st->q_%s;\n%*sst->q_%s = 0;\n", j, j,
                      2 * in, "", j, R + 4, 2 * in, "", R + 4);
    break;
  case ARR_SCALAR_MERGED:
    evcc_buf_printf(b, "memcpy(%s, merged%zu, sizeof merged%zu);\n", R, j, j);
    break;
  case ARR_SCALAR_BEFORE:
    evcc_buf_printf(b, "memcpy(merged%zu, %s, sizeof merged%zu);\n", j, R, j);
    ind(b, in);
    evcc_buf_printf(b, "memcpy(%s, before%zu, sizeof before%zu);\n", R, j, j);
    break;
  case ARR_ELEM_START:
    evcc_buf_printf(b, "memcpy(%s, before%zu, sizeof before%zu);\n", R, j, j);
    if (s->nq) {
      ind(b, in);
      evcc_buf_printf(b, "evc_msetw_clear(%s, %u, UINT32_C(1) << %u); /* nothing chosen in this element yet */\n", R, W,
                      s->cbit);
    }
    break;
  case ARR_ELEM_END:
    if (s->nq) evcc_buf_printf(b, "evc_msetw_merge_with(merged%zu, %s, %u, UINT32_C(1) << %u);\n", j, R, W, s->cbit);
    else evcc_buf_printf(b, "evc_mset_merge(merged%zu, %s, %u);\n", j, R, W);
    break;
  case ARR_END:
    if (s->nq) {
      evcc_buf_printf(b, "evc_msetw_force(before%zu, %u, st->q_%s); /* choosing no element sees them all */\n", j, W,
                      R + 4);
      ind(b, in);
      evcc_buf_printf(b, "evc_mset_merge(merged%zu, before%zu, %u);\n", j, j, W);
      ind(b, in);
      evcc_buf_printf(b, "st->q_%s |= present%zu;\n", R + 4, j);
      ind(b, in);
    }
    evcc_buf_printf(b, "memcpy(%s, merged%zu, sizeof merged%zu);\n", R, j, j);
    break;
  }
  evcc_buf_free(&r);
}

/* A mask-set slot with its own array code at x (conjunctions share one, conj_phase). */
static bool slot_sensitive(const plan_t *pl, const slot_t *s, const node_t *x) {
  return s->kind == SLOT_SET && s->conj < 0 && slot_under(pl, s, x);
}

/* The mask sets of the array-consistent conjunctions under x (they move only in precise mode). */
static size_t conj_sets_under(const plan_t *pl, const node_t *x, u32s_t *idx) {
  for (size_t i = 0; i < pl->nslot; i++)
    if (pl->slots[i].cset >= 0 && slot_under(pl, &pl->slots[i], x)) u32_push(idx, (uint32_t)pl->slots[i].cset);
  return idx->n;
}

/* One phase of the array code of the conjunctions under x: gathers and scatters through their index table. */
static void conj_phase(const plan_t *pl, evcc_buf_t *b, const node_t *x, size_t n, arr_phase_t ph, int in) {
  char t[300];
  snprintf(t, sizeof t, "%s_conj_%s, %zu", pl->S, x->ident, n);
  ind(b, in);
  switch (ph) {
  case ARR_DECL:
    evcc_buf_printf(b, "uint64_t cbefore[%zu], cmerged[%zu]; /* multi-field rules (precise mode) */\n", n, n);
    ind(b, in);
    evcc_buf_puts(b, "if (!st->conj.precise) { /* condition bits cannot tell elements apart: scan again precisely */\n");
    ind(b, in + 1);
    evcc_buf_puts(b, "st->need_precise = 1;\n");
    ind(b, in + 1);
    evcc_buf_puts(b, "return evc_scan_skip(s, p);\n");
    ind(b, in);
    evcc_buf_puts(b, "}\n");
    break;
  case ARR_START:
    evcc_buf_printf(b, "evc_conj_gather(cbefore, st->conj.set, %s);\n", t);
    ind(b, in);
    evcc_buf_puts(b, "memcpy(cmerged, cbefore, sizeof cmerged);\n");
    break;
  case ARR_SCALAR_MERGED:
  case ARR_END: evcc_buf_printf(b, "evc_conj_scatter(st->conj.set, cmerged, %s);\n", t); break;
  case ARR_SCALAR_BEFORE:
    evcc_buf_printf(b, "evc_conj_gather(cmerged, st->conj.set, %s);\n", t);
    ind(b, in);
    evcc_buf_printf(b, "evc_conj_scatter(st->conj.set, cbefore, %s);\n", t);
    break;
  case ARR_ELEM_START: evcc_buf_printf(b, "evc_conj_scatter(st->conj.set, cbefore, %s);\n", t); break;
  case ARR_ELEM_END: evcc_buf_printf(b, "evc_conj_merge(cmerged, st->conj.set, %s);\n", t); break;
  }
}

static void arr_phases(const plan_t *pl, evcc_buf_t *b, const node_t *x, size_t nconj, arr_phase_t ph, int in) {
  for (size_t i = 0, j = 0; i < pl->nslot; i++)
    if (slot_sensitive(pl, &pl->slots[i], x)) arr_phase(pl, b, &pl->slots[i], j++, ph, in);
  if (nconj) conj_phase(pl, b, x, nconj, ph, in);
}

/*
 * An array with no per-element state: arrays nested in it are elements at the same path, entered
 * in a loop rather than by recursion, so an event nested EVC_MAX_DEPTH deep in arrays costs no
 * C stack per level.
 */
static void emit_flat_arr_fn(const plan_t *pl, const node_t *x) {
  evcc_buf_t *b = pl->c;
  const char *S = pl->S;
  evcc_buf_printf(b, "static const char *%s_arr_%s(evc_scan_t *s, const char *p, %s_state_t *st) {\n", S, x->ident, S);
  evcc_buf_puts(b, "  unsigned open = 0; /* arrays entered inside this one */\n"
                   "  int more = evc_scan_arr_first(s, &p);\n  for (;;) {\n"
                   "    while (more > 0 && evc_scan_kind(s, p) == EVC_KIND_ARRAY) {\n"
                   "      open++;\n      more = evc_scan_arr_first(s, &p);\n    }\n"
                   "    if (more > 0) {\n");
  evcc_buf_printf(b, "      p = %s_at_%s(s, p, st);\n      if (!p) return NULL;\n", S, x->ident);
  evcc_buf_puts(b, "    } else if (more < 0 || open-- == 0) {\n      return more < 0 ? NULL : p;\n    }\n"
                   "    more = evc_match_arr_next(s, &p);\n  }\n}\n\n");
}

static void emit_arr_fn(const plan_t *pl, const node_t *x) {
  evcc_buf_t *b = pl->c;
  const char *S = pl->S;
  size_t nsens = 0;
  for (size_t i = 0; i < pl->nslot; i++) nsens += slot_sensitive(pl, &pl->slots[i], x);
  u32s_t idx = {0};
  size_t nconj = conj_sets_under(pl, x, &idx);
  if (!nsens && !nconj) {
    emit_flat_arr_fn(pl, x);
    return;
  }
  if (nconj) {
    char name[300];
    snprintf(name, sizeof name, "%s_conj_%s", S, x->ident);
    evcc_buf_puts(b, "/* mask sets of the multi-field rules under this field */\n");
    emit_u32_table(b, "uint32_t", name, idx.v, idx.n);
  }
  free(idx.v);
  evcc_buf_printf(b, "static const char *%s_arr_%s(evc_scan_t *s, const char *p, %s_state_t *st) {\n", S, x->ident, S);
  evcc_buf_puts(b, "  /* One element's fields never combine with another element's (array consistency). */\n");
  arr_phases(pl, b, x, nconj, ARR_DECL, 1);
  evcc_buf_puts(b, "  int more = evc_scan_arr_first(s, &p);\n");
  arr_phases(pl, b, x, nconj, ARR_START, 1);
  evcc_buf_puts(b, "  while (more > 0) {\n");
  /* A scalar element combines with every element around it (event-ruler's array semantics). */
  evcc_buf_puts(b, "    evc_kind_t kind = evc_scan_kind(s, p);\n");
  evcc_buf_puts(b, "    if (kind != EVC_KIND_OBJECT && kind != EVC_KIND_ARRAY) {\n");
  arr_phases(pl, b, x, nconj, ARR_SCALAR_MERGED, 3);
  evcc_buf_printf(b, "      if (!%s_at_%s(s, p, st)) return NULL;\n", S, x->ident);
  arr_phases(pl, b, x, nconj, ARR_SCALAR_BEFORE, 3);
  evcc_buf_printf(b, "      p = %s_at_%s(s, p, st); /* the same scalar, for the later elements */\n", S, x->ident);
  evcc_buf_puts(b, "      if (!p) return NULL;\n");
  for (size_t i = 0, j = 0; i < pl->nslot; i++)
    if (slot_sensitive(pl, &pl->slots[i], x)) {
      if (pl->slots[i].chain) {
        evcc_buf_printf(b, "      before%zu = ", j++);
        set_array(pl, b, &pl->slots[i]);
        evcc_buf_puts(b, ";\n");
        continue;
      }
      evcc_buf_printf(b, "      memcpy(before%zu, ", j);
      set_array(pl, b, &pl->slots[i]);
      evcc_buf_printf(b, ", sizeof before%zu);\n", j++);
    }
  if (nconj) evcc_buf_printf(b, "      evc_conj_gather(cbefore, st->conj.set, %s_conj_%s, %zu);\n", S, x->ident, nconj);
  evcc_buf_puts(b, "      more = evc_match_arr_next(s, &p);\n      continue;\n    }\n");
  arr_phases(pl, b, x, nconj, ARR_ELEM_START, 2);
  evcc_buf_printf(b, "    p = %s_at_%s(s, p, st);\n    if (!p) return NULL;\n", S, x->ident);
  arr_phases(pl, b, x, nconj, ARR_ELEM_END, 2);
  evcc_buf_puts(b, "    more = evc_match_arr_next(s, &p);\n  }\n");
  arr_phases(pl, b, x, nconj, ARR_END, 1);
  evcc_buf_puts(b, "  return more < 0 ? NULL : p;\n}\n\n");
}

static void emit_at_fn(const plan_t *pl, const node_t *x) {
  evcc_buf_t *b = pl->c;
  const char *S = pl->S;
  evcc_buf_puts(b, "/* A value at ");
  evcc_buf_c_comment_text(b, x->path, x->len);
  evcc_buf_puts(b, ": an object, an array (each element is a value here), or a scalar */\n");
  evcc_buf_printf(b, "static const char *%s_at_%s(evc_scan_t *s, const char *p, %s_state_t *st) {\n", S, x->ident, S);
  evcc_buf_puts(b, "  switch (evc_scan_kind(s, p)) {\n");
  if (x->nkid) evcc_buf_printf(b, "  case EVC_KIND_OBJECT:\n    return %s_obj_%s(s, p, st);\n", S, x->ident);
  else evcc_buf_puts(b, "  case EVC_KIND_OBJECT:\n    return evc_scan_skip(s, p); /* not a leaf */\n");
  evcc_buf_printf(b, "  case EVC_KIND_ARRAY:\n    s->arrays++;\n    p = %s_arr_%s(s, p, st);\n    s->arrays--;\n"
                     "    return p;\n", S, x->ident);
  evcc_buf_puts(b, "  default:\n");
  if (x->ir_path >= 0) evcc_buf_printf(b, "    return %s_leaf_%s(s, p, st);\n", S, x->ident);
  else evcc_buf_puts(b, "    return evc_scan_skip(s, p);\n");
  evcc_buf_puts(b, "  }\n}\n\n");
}

/* ---- state, end-of-event checks, API ---- */

/* A table of the conjunction tables (at least one entry: C has no empty arrays). */
static void emit_conj_array(const plan_t *pl, const char *what, const char *comment, u32s_t *a) {
  char name[300];
  snprintf(name, sizeof name, "%s_conj_%s", pl->S, what);
  evcc_buf_printf(pl->c, "/* %s */\n", comment);
  if (!a->n) u32_push(a, 0);
  emit_u32_table(pl->c, "uint32_t", name, a->v, a->n);
  free(a->v);
}

/* The tables of the multi-field rule alternatives decided through condition bits (eventc/conj.h). */
static void emit_conj_tables(const plan_t *pl) {
  const evcc_ir_t *ir = pl->ir;
  u32s_t trig_off = {0}, trig = {0}, use_off = {0}, use = {0}, prog_off = {0};
  uint32_t *cond_of_bit = xcalloc(pl->ncbit, sizeof *cond_of_bit);
  for (uint32_t c = 0; c < ir->ncond; c++)
    if (pl->cbit[c] >= 0) cond_of_bit[pl->cbit[c]] = c;
  for (uint32_t j = 0; j < pl->ncbit; j++) {
    uint32_t c = cond_of_bit[j];
    u32_push(&trig_off, (uint32_t)trig.n);
    u32_push(&use_off, (uint32_t)use.n);
    for (size_t i = 0; i < pl->cuses[c].n; i++) {
      const use_t *u = &pl->cuses[c].v[i];
      const slot_t *sl = &pl->slots[u->slot];
      if (pl->trigger[sl->conj] == u->term) u32_push(&trig, (uint32_t)sl->conj);
      const evcc_alt_t *a = &ir->rules[sl->rule].alts[sl->alt];
      if (sl->cset >= 0) u32_push(&use, (uint32_t)sl->cset << 6 | term_rank(ir, a, u->term));
    }
  }
  free(cond_of_bit);
  u32_push(&trig_off, (uint32_t)trig.n);
  u32_push(&use_off, (uint32_t)use.n);
  size_t *slot_of = xcalloc(pl->nconj, sizeof *slot_of), nprog = 0;
  for (size_t i = 0; i < pl->nslot; i++)
    if (pl->slots[i].conj >= 0) slot_of[pl->slots[i].conj] = i;
  evcc_buf_t prog;
  evcc_buf_init(&prog);
  for (uint32_t k = 0; k < pl->nconj; k++) {
    const slot_t *sl = &pl->slots[slot_of[k]];
    const evcc_alt_t *a = &ir->rules[sl->rule].alts[sl->alt];
    u32_push(&prog_off, (uint32_t)nprog);
    evcc_buf_printf(&prog, "  %s_RULE_%s, %d, %zu,", pl->S, pl->rid[sl->rule], sl->cset + 1, a->nterm);
    nprog += 3;
    for (size_t r = 0; r < a->nterm; r++) {
      size_t t = 0;
      while (term_rank(ir, a, t) != r) t++;
      evcc_buf_printf(&prog, " %zu,", a->terms[t].ncond);
      for (size_t c = 0; c < a->terms[t].ncond; c++) evcc_buf_printf(&prog, " %d,", pl->cbit[a->terms[t].conds[c]]);
      nprog += 1 + a->terms[t].ncond;
    }
    evcc_buf_putc(&prog, ' ');
    rule_comment(pl, &prog, sl->rule);
    evcc_buf_putc(&prog, '\n');
  }
  u32_push(&prog_off, (uint32_t)nprog);
  free(slot_of);
  evcc_buf_printf(pl->c, "/* %u multi-field rule alternatives over %u condition bits (%u array-consistent) */\n",
                  pl->nconj, pl->ncbit, pl->ncset);
  emit_conj_array(pl, "trig_off", "per condition bit: where its candidates start in _trig", &trig_off);
  emit_conj_array(pl, "trig", "alternatives whose rarest term the condition satisfies", &trig);
  emit_conj_array(pl, "use_off", "per condition bit: where its precise-mode updates start in _use", &use_off);
  emit_conj_array(pl, "use", "precise mode: mask set << 6 | term", &use);
  emit_conj_array(pl, "prog_off", "per alternative: where it starts in _prog", &prog_off);
  evcc_buf_printf(pl->c, "/* per alternative: rule, mask set + 1, terms, per term: conditions, their bits */\n"
                         "static const uint32_t %s_conj_prog[%zu] = {\n", pl->S, nprog);
  evcc_buf_put(pl->c, prog.data, prog.len);
  evcc_buf_puts(pl->c, "};\n");
  evcc_buf_free(&prog);
  const char *S = pl->S;
  evcc_buf_printf(pl->c, "static const evc_conj_tab_t %s_conj_tab = {%uu, %s_conj_trig_off, %s_conj_trig, "
                         "%s_conj_use_off, %s_conj_use, %s_conj_prog_off, %s_conj_prog};\n\n",
                  S, pl->nconj, S, S, S, S, S, S);
}

static void emit_state(const plan_t *pl) {
  evcc_buf_t *b = pl->c;
  const char *S = pl->S;
  size_t words = pl->ir->nrule ? (pl->ir->nrule + 63) / 64 : 1;
  evcc_buf_printf(b, "/* What one scan of an event collects. */\ntypedef struct %s_state {\n", S);
  evcc_buf_printf(b, "  %s_result_t *out;       /* the caller's result, cleared before each scan: the rules matched */\n", S);
  if (words == 1)
    evcc_buf_puts(b, "  uint64_t bits[1];       /* the rules matched, for out */\n"
                     "  uint32_t count;         /* unread: out's count is the bits' population */\n");
  evcc_buf_puts(b, "  int dup;                /* a wanted key appeared twice in one object */\n");
  evcc_buf_puts(b, "  int lastwins;           /* second scan: only the last of duplicate keys counts */\n");
  evcc_buf_puts(b, "  int overflow;           /* a rule's set of field combinations outgrew its room */\n");
  evcc_buf_puts(b, "  int need_precise;       /* an array where array consistency matters: scan again precisely */\n");
  for (size_t i = 0; i < pl->nslot; i++) {
    const slot_t *s = &pl->slots[i];
    if (!s->has_state) continue;
    evcc_buf_printf(b, "  %s r_%s_%u", s->chain ? "evc_achain_t" : "uint64_t", pl->rid[s->rule], s->alt);
    if (s->kind == SLOT_SET && !s->chain) evcc_buf_printf(b, "[%u]", s->words);
    evcc_buf_printf(b, "; /* %s */ ", s->kind == SLOT_SET ? "reachable term masks" : "satisfied terms");
    rule_comment(pl, b, s->rule);
    evcc_buf_putc(b, '\n');
    if (s->nq) evcc_buf_printf(b, "  uint32_t q_r_%s_%u; /* present bits seen in the current array */\n", pl->rid[s->rule], s->alt);
  }
  for (size_t p = 0; p < pl->ir->npath; p++)
    if (pl->need_seen[p]) evcc_buf_printf(b, "  unsigned char seen_%s; /* a value exists there */\n", pl->pid[p]);
  if (pl->nconj)
    evcc_buf_printf(b, "  evc_conj_t conj;        /* multi-field rules through condition bits (eventc/conj.h) */\n"
                       "  uint64_t conj_cond[%u];\n  uint64_t conj_live[%u];\n", (pl->ncbit + 63) / 64,
                    (pl->nconj + 63) / 64);
  /* the part not cleared per event starts here, the kept rows first: next to the cleared words, in their cache lines */
  if (*pl->later) evcc_buf_puts(b, "  evc_later_t later;      /* from here on not cleared (but its count): rows run at the end */\n");
  if (pl->nconj) {
    evcc_buf_printf(b, "  uint32_t conj_list[%u]; /* %snot cleared per event */\n"
                       "  uint64_t conj_set[%u];\n", pl->nconj, *pl->later ? "" : "from here on: ", pl->ncset ? pl->ncset : 1);
  }
  evcc_buf_printf(b, "} %s_state_t;\n\n", S);
  if (pl->ir->nrule) {
    /* out of line past one word of rules: called from every matching branch, of which there may be
     * thousands; up to 64 rules each call folds into an OR and a store. Unused when every rule of the bus is
     * a scheduled rule (no pattern) */
    evcc_buf_printf(b, "%sEVC_MAYBE_UNUSED static %svoid %s_set(%s_state_t *st, uint32_t id) {\n",
                    words == 1 ? "" : "EVC_NOINLINE ", words == 1 ? "inline " : "", S, S);
    if (words == 1) evcc_buf_puts(b, "  st->bits[0] |= UINT64_C(1) << id;\n}\n\n");
    else evcc_buf_printf(b, "  evc_rule_set(%s, id);\n}\n\n", rule_words(pl));
  }
  evcc_buf_printf(b, "static void %s_state_init(%s_state_t *st, int precise) {\n", S, S);
  if (*pl->later) evcc_buf_printf(b, "  EVC_CLEAR(st, offsetof(%s_state_t, later));\n  st->later.n = 0;\n", S);
  else if (pl->nconj) evcc_buf_printf(b, "  EVC_CLEAR(st, offsetof(%s_state_t, conj_list));\n", S);
  else evcc_buf_puts(b, "  EVC_CLEAR(st, sizeof *st);\n");
  if (pl->nconj) {
    evcc_buf_puts(b, "  st->conj.cond = st->conj_cond;\n  st->conj.live = st->conj_live;\n"
                     "  st->conj.list = st->conj_list;\n  st->conj.set = st->conj_set;\n");
    evcc_buf_printf(b, "  st->conj.nset = %uu;\n  evc_conj_start(&st->conj, precise);\n", pl->ncset);
  } else {
    evcc_buf_puts(b, "  (void)precise;\n");
  }
  for (size_t i = 0; i < pl->nslot; i++)
    if (pl->slots[i].chain)
      evcc_buf_printf(b, "  evc_achain_init(&st->r_%s_%u); /* {no term yet} */\n", pl->rid[pl->slots[i].rule],
                      pl->slots[i].alt);
    else if (pl->slots[i].kind == SLOT_SET && pl->slots[i].has_state) {
      evcc_buf_puts(b, "  ");
      set_array(pl, b, &pl->slots[i]);
      evcc_buf_puts(b, "[0] = 1; /* {no term yet} */\n");
    }
  evcc_buf_puts(b, "}\n\n");
}

static void emit_alt_check(const plan_t *pl, evcc_buf_t *b, const slot_t *s) {
  const evcc_alt_t *a = &pl->ir->rules[s->rule].alts[s->alt];
  evcc_buf_t base;
  evcc_buf_init(&base);
  if (s->has_state) member(pl, &base, s);
  else evcc_buf_puts(&base, s->kind == SLOT_SET ? "UINT64_C(1)" : "UINT64_C(0)");
  if (s->chain) {
    evcc_buf_printf(b, "evc_achain_full(&st->r_%s_%u, UINT64_MAX >> %zu)", pl->rid[s->rule], s->alt, 64 - a->nterm);
  } else if (s->kind == SLOT_SET && s->nq) {
    uint32_t must = 0;
    evcc_buf_t tm, qm;
    evcc_buf_init(&tm);
    evcc_buf_init(&qm);
    for (size_t t = 0; t < a->nterm; t++) {
      if (!term_has(pl->ir, &a->terms[t], true)) {
        must |= UINT32_C(1) << t;
        continue;
      }
      evcc_buf_printf(&tm, "%sUINT32_C(1) << %zu", tm.len ? ", " : "", t);
      evcc_buf_printf(&qm, "%sUINT32_C(1) << %u", qm.len ? ", " : "", qbit(pl->ir, s, (uint32_t)t));
    }
    evcc_buf_puts(b, "evc_msetw_match(");
    set_array(pl, b, s);
    evcc_buf_printf(b, ", %u, 0x%xu, (const uint32_t[]){%s}, (const uint32_t[]){%s}, %u)", s->words, must, tm.data,
                    qm.data, s->nq);
    evcc_buf_free(&tm);
    evcc_buf_free(&qm);
  } else if (s->kind == SLOT_SET && s->words > 1) {
    evcc_buf_puts(b, "evc_msetw_full(");
    set_array(pl, b, s);
    evcc_buf_printf(b, ", %u)", s->words);
  } else if (s->kind == SLOT_SET) {
    evcc_buf_printf(b, "evc_mset_full(%s, %zu)", base.data, a->nterm);
  } else {
    evcc_buf_printf(b, "(%s", base.data);
    for (size_t t = 0; t < a->nterm; t++)
      if (term_has(pl->ir, &a->terms[t], true))
        evcc_buf_printf(b, " | (st->seen_%s ? UINT64_C(0) : UINT64_C(1) << %zu)", pl->pid[a->terms[t].path], t);
    evcc_buf_printf(b, ") == UINT64_MAX >> %zu", 64 - a->nterm);
  }
  evcc_buf_free(&base);
}

static void emit_finish(const plan_t *pl) {
  evcc_buf_t *b = pl->c;
  const char *S = pl->S;
  evcc_buf_printf(b, "/* Rules decided once the whole event is seen: several fields, or exists false. */\n"
                     "static void %s_finish(%s_state_t *st) {\n", S, S);
  if (*pl->later)
    evcc_buf_printf(b, "  {\n    const evc_actions_ctx_t cx = {%s, %s%s%s, NULL};\n"
                       "    evc_actions_run_later(&st->later, &cx);\n  }\n", rule_words(pl), pl->nconj ? "&st->conj, &" : "NULL, NULL",
                    pl->nconj ? S : "", pl->nconj ? "_conj_tab" : "");
  for (size_t i = 0; i < pl->nslot; i++)
    if (pl->slots[i].chain)
      evcc_buf_printf(b, "  st->overflow |= st->r_%s_%u.overflow;\n", pl->rid[pl->slots[i].rule], pl->slots[i].alt);
  for (uint32_t r = 0; r < pl->ir->nrule; r++) {
    bool any = false;
    for (size_t i = pl->first_slot[r]; i < pl->first_slot[r + 1]; i++) {
      if (pl->slots[i].kind == SLOT_EAGER || pl->slots[i].conj >= 0) continue;
      evcc_buf_puts(b, any ? "\n      || " : "  if (");
      emit_alt_check(pl, b, &pl->slots[i]);
      any = true;
    }
    if (!any) continue;
    evcc_buf_printf(b, ") {\n    %s_set(st, %s_RULE_%s); ", S, S, pl->rid[r]);
    rule_comment(pl, b, r);
    evcc_buf_puts(b, "\n  }\n");
  }
  if (pl->nconj) evcc_buf_printf(b, "  evc_conj_finish(&st->conj, &%s_conj_tab, %s);\n", S, rule_words(pl));
  if (pl->ir->nrule <= 64)
    evcc_buf_puts(b, "  st->out->bits[0] = st->bits[0];\n  st->out->count = evc_bits_set64(st->bits[0]);\n");
  evcc_buf_puts(b, "  (void)st;\n}\n\n");
}

static void emit_header(const plan_t *pl) {
  const evcc_ir_t *ir = pl->ir;
  const char *S = pl->S;
  evcc_buf_t en, pr, bus, cnt, words, names, dim;
  evcc_buf_init(&en);
  evcc_buf_init(&pr);
  evcc_buf_init(&bus);
  evcc_buf_init(&cnt);
  evcc_buf_init(&words);
  evcc_buf_init(&names);
  evcc_buf_init(&dim);
  if (ir->nrule) {
    evcc_buf_printf(&en, "enum %s_rule_id {\n", S);
    for (uint32_t r = 0; r < ir->nrule; r++) {
      evcc_buf_printf(&en, "  %s_RULE_%s = %u, ", S, pl->rid[r], r);
      rule_comment(pl, &en, r);
      evcc_buf_putc(&en, '\n');
    }
    evcc_buf_puts(&en, "};\n");
  }
  for (uint32_t r = 0; r < ir->nrule; r++) {
    evcc_buf_printf(&pr, "static inline bool %s_rule_%s_matches_json(const char *json, size_t len, evc_error_t *err) "
                         "{\n  return %s_rule_matches_json(%s_RULE_%s, json, len, err);\n}\n", S, pl->rid[r], S, S,
                    pl->rid[r]);
    evcc_buf_puts(&names, "  ");
    evcc_buf_c_string(&names, ir->rules[r].name, strlen(ir->rules[r].name));
    evcc_buf_puts(&names, ",\n");
  }
  evcc_buf_c_comment_text(&bus, pl->bus->bus_name, strlen(pl->bus->bus_name));
  evcc_buf_printf(&cnt, "%zu", ir->nrule);
  evcc_buf_printf(&words, "%zu", ir->nrule ? (ir->nrule + 63) / 64 : 1);
  evcc_buf_printf(&dim, "%zu", ir->nrule ? ir->nrule : 1);
  if (!ir->nrule) evcc_buf_puts(&names, "  NULL,\n");
  evcc_buf_puts(&cnt, "");
  evcc_tvar_t vars[] = {{"S", S}, {"BUS", bus.data}, {"COUNT", cnt.data}, {"WORDS", words.data},
                        {"RULE_ENUM", en.data ? en.data : ""}, {"RULE_PREDICATES", pr.data ? pr.data : ""},
                        {"NAMES", names.data}, {"NAMES_DIM", dim.data}};
  size_t nv = sizeof vars / sizeof vars[0];
  evcc_buf_putc(&pl->ctx->h, '\n');
  evcc_template_render(&pl->ctx->h, "match.h.in", vars, nv);
  evcc_template_render(pl->c, "match_api.c.in", vars, nv);
  evcc_buf_printf(pl->c, "bool %s_rule_matches_json(uint32_t id, const char *json, size_t len, evc_error_t *err) {\n"
                         "  %s_result_t res;\n"
                         "  return %s_match_json(json, len, &res, err) == 0 && %s_result_has(&res, id);\n}\n\n",
                  S, S, S, S);
  evcc_buf_puts(pl->c, "/* ==== end of matcher of bus ");
  evcc_buf_puts(pl->c, bus.data);
  evcc_buf_puts(pl->c, " ==== */\n\n");
  evcc_buf_free(&en);
  evcc_buf_free(&pr);
  evcc_buf_free(&bus);
  evcc_buf_free(&cnt);
  evcc_buf_free(&words);
  evcc_buf_free(&names);
  evcc_buf_free(&dim);
}

static void emit_prototypes(const plan_t *pl) {
  evcc_buf_t *b = pl->c;
  for (size_t i = 1; i < pl->nnode; i++)
    evcc_buf_printf(b, "static const char *%s_at_%s(evc_scan_t *s, const char *p, %s_state_t *st);\n", pl->S,
                    pl->nodes[i].ident, pl->S);
  evcc_buf_putc(b, '\n');
}

bool evcc_emit_matcher(evcc_emit_ctx_t *ctx, const evcc_emit_bus_t *bus) {
  plan_t pl;
  memset(&pl, 0, sizeof pl);
  pl.ctx = ctx;
  pl.bus = bus;
  pl.ir = &bus->ir;
  pl.S = bus->sym;
  pl.c = &ctx->c;
  bool later = false;
  pl.later = &later;
  bool ok = plan_build(&pl) && claim_names(&pl);
  if (ok) {
    evcc_buf_t *b = pl.c;
    evcc_buf_puts(b, "/* ==== matcher of bus ");
    evcc_buf_c_comment_text(b, bus->bus_name, strlen(bus->bus_name));
    evcc_buf_puts(b, " ==== */\n\n");
    /* the state comes first but depends on what the functions after it need: emitted once they are */
    evcc_buf_t rest;
    evcc_buf_init(&rest);
    pl.c = &rest;
    if (pl.nconj) emit_conj_tables(&pl);
    emit_prototypes(&pl);
    if (pl.nodes[0].nkid) emit_trusted_keys(&pl);
    for (size_t i = 1; i < pl.nnode; i++)
      if (pl.nodes[i].ir_path >= 0) ok &= emit_leaf(&pl, (uint32_t)pl.nodes[i].ir_path);
    for (size_t i = 0; i < pl.nnode; i++) {
      if (pl.nodes[i].nkid) emit_obj_fn(&pl, &pl.nodes[i]);
      if (i) emit_arr_fn(&pl, &pl.nodes[i]);
    }
    if (!pl.nodes[0].nkid)
      evcc_buf_printf(pl.c, "static const char *%s_obj_root(evc_scan_t *s, const char *p, %s_state_t *st) {\n"
                         "  (void)st;\n  return evc_scan_skip(s, p);\n}\n\n", pl.S, pl.S);
    for (size_t i = 1; i < pl.nnode; i++) emit_at_fn(&pl, &pl.nodes[i]);
    emit_finish(&pl);
    pl.c = &ctx->c;
    emit_state(&pl);
    evcc_buf_put(pl.c, rest.data, rest.len);
    evcc_buf_free(&rest);
    emit_header(&pl);
  }
  plan_free(&pl);
  return ok;
}
