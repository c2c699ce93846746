/* The rule IR: interning of paths and conditions (hashed, so 10,000 rules stay linear) and dumping. */
#include "ir.h"

#include "buf.h"

#include <stdlib.h>
#include <string.h>

/* Open-addressing tables; a slot holds id + 1, 0 = empty. */
typedef struct evcc_ir_index {
  uint32_t *path_slots, *cond_slots;
  size_t path_cap, cond_cap;
} ir_index_t;

static void *xrealloc(void *p, size_t n) {
  void *r = realloc(p, n ? n : 1);
  if (!r) abort();
  return r;
}

static uint64_t fnv(uint64_t h, const void *p, size_t n) {
  const unsigned char *s = p;
  for (size_t i = 0; i < n; i++) h = (h ^ s[i]) * 1099511628211ull;
  return h;
}

#define FNV_SEED 14695981039346656037ull

void evcc_ir_init(evcc_ir_t *ir) {
  memset(ir, 0, sizeof *ir);
  ir->index = calloc(1, sizeof *ir->index);
  if (!ir->index) abort();
}

static void free_strs(evcc_str_t *v, size_t n) {
  for (size_t i = 0; i < n; i++) free(v[i].s);
  free(v);
}

void evcc_ir_free(evcc_ir_t *ir) {
  free_strs(ir->paths, ir->npath);
  for (size_t i = 0; i < ir->ncond; i++) {
    free_strs(ir->conds[i].strs, ir->conds[i].nstr);
    free_strs(ir->conds[i].texts, ir->conds[i].nnum);
    free(ir->conds[i].nums);
  }
  free(ir->conds);
  for (size_t i = 0; i < ir->nrule; i++) {
    evcc_ir_rule_t *r = &ir->rules[i];
    for (size_t a = 0; a < r->nalt; a++) {
      for (size_t t = 0; t < r->alts[a].nterm; t++) free(r->alts[a].terms[t].conds);
      free(r->alts[a].terms);
    }
    free(r->alts);
    free(r->name);
  }
  free(ir->rules);
  if (ir->index) {
    free(ir->index->path_slots);
    free(ir->index->cond_slots);
    free(ir->index);
  }
  memset(ir, 0, sizeof *ir);
}

/* ---- paths ---- */

static uint64_t path_hash(const char *s, size_t n) { return fnv(FNV_SEED, s, n); }

static void path_rehash(evcc_ir_t *ir) {
  ir_index_t *x = ir->index;
  size_t cap = x->path_cap ? x->path_cap * 2 : 64;
  uint32_t *slots = calloc(cap, sizeof *slots);
  if (!slots) abort();
  for (uint32_t id = 0; id < ir->npath; id++) {
    size_t i = path_hash(ir->paths[id].s, ir->paths[id].len) & (cap - 1);
    while (slots[i]) i = (i + 1) & (cap - 1);
    slots[i] = id + 1;
  }
  free(x->path_slots);
  x->path_slots = slots;
  x->path_cap = cap;
}

uint32_t evcc_ir_path(evcc_ir_t *ir, const char *path, size_t len) {
  ir_index_t *x = ir->index;
  if ((ir->npath + 1) * 2 > x->path_cap) path_rehash(ir);
  size_t i = path_hash(path, len) & (x->path_cap - 1);
  for (; x->path_slots[i]; i = (i + 1) & (x->path_cap - 1)) {
    evcc_str_t *p = &ir->paths[x->path_slots[i] - 1];
    if (p->len == len && memcmp(p->s, path, len) == 0) return x->path_slots[i] - 1;
  }
  if (ir->npath == ir->cap_paths) {
    ir->cap_paths = ir->cap_paths ? ir->cap_paths * 2 : 16;
    ir->paths = xrealloc(ir->paths, ir->cap_paths * sizeof *ir->paths);
  }
  char *s = xrealloc(NULL, len + 1);
  memcpy(s, path, len);
  s[len] = '\0';
  ir->paths[ir->npath] = (evcc_str_t){s, len};
  x->path_slots[i] = (uint32_t)ir->npath + 1;
  return (uint32_t)ir->npath++;
}

/* ---- conditions ---- */

static uint64_t cond_hash(const evcc_cond_t *c) {
  uint64_t h = fnv(FNV_SEED, &c->kind, sizeof c->kind);
  h = fnv(h, &c->path, sizeof c->path);
  for (size_t i = 0; i < c->nstr; i++) h = fnv(fnv(h, c->strs[i].s, c->strs[i].len), "\0", 1);
  for (size_t i = 0; i < c->nnum; i++) h = fnv(fnv(h, c->texts[i].s, c->texts[i].len), "\0", 1);
  if (c->kind == EVCC_COND_NUMERIC) h = fnv(h, &c->range, sizeof c->range);
  if (c->kind == EVCC_COND_CIDR) h = fnv(h, &c->cidr, sizeof c->cidr);
  return h;
}

static bool strs_equal(const evcc_str_t *a, const evcc_str_t *b, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (a[i].len != b[i].len || memcmp(a[i].s, b[i].s, a[i].len) != 0) return false;
  return true;
}

static bool cond_equal(const evcc_cond_t *a, const evcc_cond_t *b) {
  if (a->kind != b->kind || a->path != b->path || a->nstr != b->nstr || a->nnum != b->nnum) return false;
  if (!strs_equal(a->strs, b->strs, a->nstr) || !strs_equal(a->texts, b->texts, a->nnum)) return false;
  if (a->kind == EVCC_COND_NUMERIC && memcmp(&a->range, &b->range, sizeof a->range) != 0) return false;
  if (a->kind == EVCC_COND_CIDR && memcmp(&a->cidr, &b->cidr, sizeof a->cidr) != 0) return false;
  return true;
}

static void cond_rehash(evcc_ir_t *ir) {
  ir_index_t *x = ir->index;
  size_t cap = x->cond_cap ? x->cond_cap * 2 : 64;
  uint32_t *slots = calloc(cap, sizeof *slots);
  if (!slots) abort();
  for (uint32_t id = 0; id < ir->ncond; id++) {
    size_t i = cond_hash(&ir->conds[id]) & (cap - 1);
    while (slots[i]) i = (i + 1) & (cap - 1);
    slots[i] = id + 1;
  }
  free(x->cond_slots);
  x->cond_slots = slots;
  x->cond_cap = cap;
}

static void cond_release(evcc_cond_t *c) {
  free_strs(c->strs, c->nstr);
  free_strs(c->texts, c->nnum);
  free(c->nums);
}

uint32_t evcc_ir_cond(evcc_ir_t *ir, evcc_cond_t *c) {
  ir_index_t *x = ir->index;
  if ((ir->ncond + 1) * 2 > x->cond_cap) cond_rehash(ir);
  /* Zero what the kind does not use, so hashing and comparing see only meaningful bytes. */
  if (c->kind != EVCC_COND_NUMERIC) memset(&c->range, 0, sizeof c->range);
  if (c->kind != EVCC_COND_CIDR) memset(&c->cidr, 0, sizeof c->cidr);
  size_t i = cond_hash(c) & (x->cond_cap - 1);
  for (; x->cond_slots[i]; i = (i + 1) & (x->cond_cap - 1)) {
    if (cond_equal(&ir->conds[x->cond_slots[i] - 1], c)) {
      cond_release(c);
      return x->cond_slots[i] - 1;
    }
  }
  if (ir->ncond == ir->cap_conds) {
    ir->cap_conds = ir->cap_conds ? ir->cap_conds * 2 : 16;
    ir->conds = xrealloc(ir->conds, ir->cap_conds * sizeof *ir->conds);
  }
  ir->conds[ir->ncond] = *c;
  x->cond_slots[i] = (uint32_t)ir->ncond + 1;
  return (uint32_t)ir->ncond++;
}

uint32_t evcc_ir_add_rule(evcc_ir_t *ir, const char *name, evcc_loc_t loc, evcc_loc_t pattern_loc,
                          evcc_alt_t *alts, size_t nalt, void *user) {
  if (ir->nrule == ir->cap_rules) {
    ir->cap_rules = ir->cap_rules ? ir->cap_rules * 2 : 16;
    ir->rules = xrealloc(ir->rules, ir->cap_rules * sizeof *ir->rules);
  }
  size_t n = strlen(name);
  char *copy = xrealloc(NULL, n + 1);
  memcpy(copy, name, n + 1);
  ir->rules[ir->nrule] = (evcc_ir_rule_t){copy, loc, pattern_loc, alts, nalt, user};
  return (uint32_t)ir->nrule++;
}

/* ---- dump ---- */

const char *evcc_cond_kind_name(evcc_cond_kind_t k) {
  static const char *const names[] = {
      "exact-string", "exact-number", "true",        "false",       "null",        "prefix",
      "prefix-nocase", "suffix",      "suffix-nocase", "equals-ignore-case", "wildcard",
      "anything-but", "anything-but-number", "anything-but-prefix", "anything-but-suffix",
      "anything-but-nocase", "anything-but-wildcard", "numeric", "cidr", "exists", "not-exists"};
  return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "?";
}

static void dump_cond(const evcc_cond_t *c, evcc_buf_t *out) {
  evcc_buf_puts(out, evcc_cond_kind_name(c->kind));
  for (size_t i = 0; i < c->nstr; i++) {
    evcc_buf_putc(out, ' ');
    evcc_buf_json_string(out, c->strs[i].s, c->strs[i].len);
  }
  for (size_t i = 0; i < c->nnum; i++) evcc_buf_printf(out, " %s", c->texts[i].s);
  if (c->kind == EVCC_COND_NUMERIC) {
    const evcc_numeric_range_t *r = &c->range;
    if (r->has_lo) evcc_buf_printf(out, " %s %.17g", r->lo_incl ? ">=" : ">", r->lo);
    if (r->has_hi) evcc_buf_printf(out, " %s %.17g", r->hi_incl ? "<=" : "<", r->hi);
  }
  if (c->kind == EVCC_COND_CIDR) {
    if (c->cidr.v6) {
      for (int i = 0; i < 16; i += 2) evcc_buf_printf(out, "%s%x", i ? ":" : " ", (c->cidr.addr[i] << 8) | c->cidr.addr[i + 1]);
    } else {
      evcc_buf_printf(out, " %u.%u.%u.%u", c->cidr.addr[0], c->cidr.addr[1], c->cidr.addr[2], c->cidr.addr[3]);
    }
    evcc_buf_printf(out, "/%u", c->cidr.bits);
  }
}

void evcc_ir_dump(const evcc_ir_t *ir, evcc_buf_t *out) {
  for (size_t i = 0; i < ir->ncond; i++) {
    evcc_buf_printf(out, "c%zu %s: ", i, ir->paths[ir->conds[i].path].s);
    dump_cond(&ir->conds[i], out);
    evcc_buf_putc(out, '\n');
  }
  for (size_t r = 0; r < ir->nrule; r++) {
    const evcc_ir_rule_t *rule = &ir->rules[r];
    evcc_buf_printf(out, "rule %s\n", rule->name);
    for (size_t a = 0; a < rule->nalt; a++) {
      evcc_buf_puts(out, "  alt");
      for (size_t t = 0; t < rule->alts[a].nterm; t++) {
        const evcc_term_t *term = &rule->alts[a].terms[t];
        evcc_buf_printf(out, " %s(", ir->paths[term->path].s);
        for (size_t k = 0; k < term->ncond; k++) evcc_buf_printf(out, "%sc%u", k ? "|" : "", term->conds[k]);
        evcc_buf_putc(out, ')');
      }
      evcc_buf_putc(out, '\n');
    }
  }
}
