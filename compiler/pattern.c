/* Event pattern validation with AWS/event-ruler's reasons, in its order, and lowering into the IR. */
#include "pattern.h"

#include "buf.h"
#include "eventc/ip.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_OR_COMBINATIONS 1000

/* ---- alternatives under construction: path -> conditions, one term per path ---- */

typedef struct {
  evcc_term_t *terms;
  size_t n, cap;
} alt_t;

typedef struct {
  alt_t *v;
  size_t n, cap;
} alts_t;

typedef struct {
  evcc_ir_t *ir;     /* NULL when only checking */
  evcc_ir_t scratch; /* interning target when only checking */
  evcc_diag_t *d;
  bool failed;
  bool or_limit_reported;
} pc_t;

static void *xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p) abort();
  return p;
}

static uint32_t *dup_ids(const uint32_t *ids, size_t n) {
  uint32_t *r = xmalloc(n * sizeof *r);
  if (n) memcpy(r, ids, n * sizeof *r);
  return r;
}

static void alt_free(alt_t *a) {
  for (size_t i = 0; i < a->n; i++) free(a->terms[i].conds);
  free(a->terms);
  memset(a, 0, sizeof *a);
}

static void alts_free(alts_t *as) {
  for (size_t i = 0; i < as->n; i++) alt_free(&as->v[i]);
  free(as->v);
  memset(as, 0, sizeof *as);
}

static alt_t alt_copy(const alt_t *a) {
  alt_t r = {xmalloc((a->n ? a->n : 1) * sizeof *r.terms), a->n, a->n ? a->n : 1};
  for (size_t i = 0; i < a->n; i++) {
    r.terms[i] = a->terms[i];
    r.terms[i].conds = dup_ids(a->terms[i].conds, a->terms[i].ncond);
  }
  return r;
}

static void alts_push(alts_t *as, alt_t a) {
  if (as->n == as->cap) {
    as->cap = as->cap ? as->cap * 2 : 4;
    as->v = realloc(as->v, as->cap * sizeof *as->v);
    if (!as->v) abort();
  }
  as->v[as->n++] = a;
}

static alts_t alts_copy(const alts_t *as) {
  alts_t r = {0};
  for (size_t i = 0; i < as->n; i++) alts_push(&r, alt_copy(&as->v[i]));
  return r;
}

/* Map put: the last value written for a path wins (EventBridge's duplicate-key rule). */
static void alt_put(alt_t *a, uint32_t path, const uint32_t *conds, size_t n) {
  for (size_t i = 0; i < a->n; i++) {
    if (a->terms[i].path == path) {
      free(a->terms[i].conds);
      a->terms[i].conds = dup_ids(conds, n);
      a->terms[i].ncond = n;
      return;
    }
  }
  if (a->n == a->cap) {
    a->cap = a->cap ? a->cap * 2 : 4;
    a->terms = realloc(a->terms, a->cap * sizeof *a->terms);
    if (!a->terms) abort();
  }
  a->terms[a->n++] = (evcc_term_t){path, dup_ids(conds, n), n};
}

/* ---- errors ---- */

static void fail_loc(pc_t *c, evcc_loc_t loc, const char *fmt, va_list ap) {
  char msg[1024];
  vsnprintf(msg, sizeof msg, fmt, ap);
  evcc_error(c->d, loc, "%s", msg);
  c->failed = true;
}

/* A problem found at the start of value `at`. */
static void fail(pc_t *c, const evcc_node_t *at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void fail(pc_t *c, const evcc_node_t *at, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fail_loc(c, at->loc, fmt, ap);
  va_end(ap);
}

/*
 * A problem event-ruler's streaming parser only sees at the closing bracket of `at` (an empty
 * array, a mixed list): reported there, so the first problem in reading order is the one AWS gives.
 */
static void fail_end(pc_t *c, const evcc_node_t *at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void fail_end(pc_t *c, const evcc_node_t *at, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fail_loc(c, at->end_loc.line ? at->end_loc : at->loc, fmt, ap);
  va_end(ap);
}

static evcc_ir_t *target_ir(pc_t *c) { return c->ir ? c->ir : &c->scratch; }

/* ---- building conditions ---- */

static evcc_cond_t cond_new(evcc_cond_kind_t kind, uint32_t path, const evcc_node_t *at) {
  evcc_cond_t k;
  memset(&k, 0, sizeof k);
  k.kind = kind;
  k.path = path;
  k.loc = at->loc;
  return k;
}

static evcc_str_t str_dup(const char *s, size_t n) {
  evcc_str_t r = {xmalloc(n + 1), n};
  if (n) memcpy(r.s, s, n);
  r.s[n] = '\0';
  return r;
}

static void cond_add_str(evcc_cond_t *k, const char *s, size_t n) {
  k->strs = realloc(k->strs, (k->nstr + 1) * sizeof *k->strs);
  if (!k->strs) abort();
  k->strs[k->nstr++] = str_dup(s, n);
}

static void cond_add_num(evcc_cond_t *k, double v, const char *text, size_t n) {
  k->nums = realloc(k->nums, (k->nnum + 1) * sizeof *k->nums);
  k->texts = realloc(k->texts, (k->nnum + 1) * sizeof *k->texts);
  if (!k->nums || !k->texts) abort();
  k->nums[k->nnum] = v;
  k->texts[k->nnum++] = str_dup(text, n);
}

static void cond_discard(evcc_cond_t *k) {
  for (size_t i = 0; i < k->nstr; i++) free(k->strs[i].s);
  for (size_t i = 0; i < k->nnum; i++) free(k->texts[i].s);
  free(k->strs);
  free(k->texts);
  free(k->nums);
}

static int str_cmp(const void *a, const void *b) {
  const evcc_str_t *x = a, *y = b;
  size_t n = x->len < y->len ? x->len : y->len;
  int r = memcmp(x->s, y->s, n);
  return r ? r : (x->len > y->len) - (x->len < y->len);
}

/* Sorted and unique, so equal sets intern to one condition. */
static void cond_normalize_set(evcc_cond_t *k) {
  if (k->nstr > 1) {
    qsort(k->strs, k->nstr, sizeof *k->strs, str_cmp);
    size_t w = 1;
    for (size_t i = 1; i < k->nstr; i++) {
      if (str_cmp(&k->strs[i], &k->strs[w - 1]) == 0) free(k->strs[i].s);
      else k->strs[w++] = k->strs[i];
    }
    k->nstr = w;
  }
}

/* A pattern number as a double; §11.2: a number a double cannot hold is an error. */
static bool pattern_number(pc_t *c, const evcc_node_t *n, double *out) {
  if (evcc_node_number(n, out)) return true;
  fail(c, n, "Cannot compare number : %s", n->str);
  return false;
}

/* Jackson's getText() of the token a node starts with, for messages. */
static const char *token_text(const evcc_node_t *n) {
  switch (n->kind) {
  case EVCC_NODE_MAP: return "{";
  case EVCC_NODE_SEQ: return "[";
  default: return n->str ? n->str : "";
  }
}

/* ---- operators ---- */

/* The key after the first one of an operator object: event-ruler's two messages. */
static bool only_one_key(pc_t *c, const evcc_node_t *obj, const char *msg) {
  if (obj->count <= 1) return true;
  fail(c, obj->keys[1], "%s", msg);
  return false;
}

#define ONE_KEY "Only one key allowed in match expression"
#define TOO_MANY "Too many elements in numeric expression"

static bool check_wildcard(pc_t *c, const evcc_node_t *v) {
  for (size_t i = 0; i < v->len; i++) {
    if (v->str[i] == '*' && i + 1 < v->len && v->str[i + 1] == '*') {
      fail(c, v, "Consecutive wildcard characters at pos %zu", i + 1);
      return false;
    }
    if (v->str[i] == '\\') {
      if (i + 1 >= v->len || (v->str[i + 1] != '*' && v->str[i + 1] != '\\')) {
        fail(c, v, "Invalid escape character at pos %zu", i + 1);
        return false;
      }
      i++;
    }
  }
  return true;
}

static bool parse_cidr(pc_t *c, const evcc_node_t *v, evcc_cidr_t *out) {
  const char *s = v->str, *slash = memchr(s, '/', v->len);
  if (!slash || memchr(slash + 1, '/', v->len - (size_t)(slash + 1 - s))) {
    fail(c, v, "Malformed CIDR, one '/' required");
    return false;
  }
  const char *m = slash + 1, *end = s + v->len;
  bool neg = m < end && *m == '-';
  if (neg) m++;
  long bits = 0;
  if (m == end) {
    fail(c, v, "Malformed CIDR, mask bits must be an integer");
    return false;
  }
  for (const char *p = m; p < end; p++) {
    if (*p < '0' || *p > '9' || bits > 100000) {
      fail(c, v, "Malformed CIDR, mask bits must be an integer");
      return false;
    }
    bits = bits * 10 + (*p - '0');
  }
  if (neg && bits) {
    fail(c, v, "Malformed CIDR, mask bits must not be negative");
    return false;
  }
  memset(out, 0, sizeof *out);
  int len = evc_ip_parse(s, (size_t)(slash - s), out->addr);
  if (!len) {
    fail(c, v, "Nonstandard IP address: %.*s", (int)(slash - s), s);
    return false;
  }
  out->v6 = len == 16;
  if (bits > len * 8) { /* §11.6: /32 and /128 are accepted */
    fail(c, v, "Malformed CIDR, %s mask bits must be <= %d", out->v6 ? "IPv6" : "IPv4", len * 8);
    return false;
  }
  out->bits = (unsigned)bits;
  for (int i = 0; i < len; i++) { /* host bits are ignored */
    int keep = (int)bits - i * 8;
    if (keep <= 0) out->addr[i] = 0;
    else if (keep < 8) out->addr[i] &= (uint8_t)(0xFF << (8 - keep));
  }
  return true;
}

/* {"prefix": "x"} or {"prefix": {"equals-ignore-case": "x"}}, same for suffix. */
static bool op_affix(pc_t *c, const evcc_node_t *obj, const char *name, evcc_cond_kind_t plain,
                     evcc_cond_kind_t nocase, evcc_cond_t *k) {
  const evcc_node_t *v = obj->items[0];
  if (v->kind == EVCC_NODE_MAP && v->count > 0) {
    if (strcmp(v->keys[0]->str, "equals-ignore-case") != 0) {
      fail(c, v->keys[0], "Unsupported %s pattern: %s", name, v->keys[0]->str);
      return false;
    }
    const evcc_node_t *s = v->items[0];
    if (s->kind != EVCC_NODE_STRING) {
      fail(c, s, "equals-ignore-case match pattern must be a string");
      return false;
    }
    if (!only_one_key(c, v, ONE_KEY) || !only_one_key(c, obj, ONE_KEY)) return false;
    k->kind = nocase;
    cond_add_str(k, s->str, s->len);
    return true;
  }
  if (v->kind != EVCC_NODE_STRING) {
    fail(c, v, "%s match pattern must be a string", name);
    return false;
  }
  if (!only_one_key(c, obj, ONE_KEY)) return false;
  k->kind = plain;
  cond_add_str(k, v->str, v->len);
  return true;
}

/* The strings of anything-but {prefix|suffix|wildcard|equals-ignore-case: one or a list}. */
static bool ab_inner_strings(pc_t *c, const char *op, const evcc_node_t *v, evcc_cond_t *k) {
  bool is_affix = strcmp(op, "prefix") == 0 || strcmp(op, "suffix") == 0;
  bool is_nocase = strcmp(op, "equals-ignore-case") == 0;
  bool is_wild = strcmp(op, "wildcard") == 0;
  const evcc_node_t *const *items = &v;
  size_t n = 1;
  if (v->kind == EVCC_NODE_SEQ) {
    items = (const evcc_node_t *const *)v->items;
    n = v->count;
    if (n == 0) {
      fail_end(c, v, "Empty arrays are not allowed");
      return false;
    }
  } else if (is_nocase && v->kind != EVCC_NODE_STRING && v->kind != EVCC_NODE_NUMBER) {
    fail(c, v, "Value of anything-but must be an array or single string/number value.");
    return false;
  } else if (is_affix && v->kind == EVCC_NODE_MAP) {
    fail(c, v, "Value of anything-but must be an array or single string/number value.");
    return false;
  }
  for (size_t i = 0; i < n; i++) {
    const evcc_node_t *s = items[i];
    if (s->kind != EVCC_NODE_STRING) {
      if (is_affix) fail(c, s, "prefix/suffix match pattern must be a string");
      else if (is_wild) fail(c, s, "wildcard match pattern must be a string");
      else fail(c, s, "Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.");
      return false;
    }
    if (is_affix && s->len == 0) {
      fail(c, s, "Null prefix/suffix not allowed");
      return false;
    }
    if (is_wild && !check_wildcard(c, s)) return false;
    if (is_nocase) cond_add_str(k, s->str, s->len);
    else cond_add_str(k, s->str, s->len);
  }
  return true;
}

static bool op_anything_but_object(pc_t *c, const evcc_node_t *obj, const evcc_node_t *inner, evcc_cond_t *k) {
  if (inner->count == 0) {
    fail(c, inner, "Anything-But expression name not found");
    return false;
  }
  const char *op = inner->keys[0]->str;
  if (strcmp(op, "prefix") == 0) k->kind = EVCC_COND_NOT_PREFIX;
  else if (strcmp(op, "suffix") == 0) k->kind = EVCC_COND_NOT_SUFFIX;
  else if (strcmp(op, "equals-ignore-case") == 0) k->kind = EVCC_COND_NOT_NOCASE;
  else if (strcmp(op, "wildcard") == 0) k->kind = EVCC_COND_NOT_WILDCARD;
  else {
    fail(c, inner->keys[0], "Unsupported anything-but pattern: %s", op);
    return false;
  }
  if (!ab_inner_strings(c, op, inner->items[0], k)) return false;
  if (!only_one_key(c, inner, TOO_MANY) || !only_one_key(c, obj, TOO_MANY)) return false;
  cond_normalize_set(k);
  return true;
}

/* anything-but with a value or a list of values. */
static bool op_anything_but_values(pc_t *c, const evcc_node_t *v, evcc_cond_t *k) {
  bool list = v->kind == EVCC_NODE_SEQ;
  size_t n = list ? v->count : 1;
  bool has_num = false, has_str = false;
  for (size_t i = 0; i < n; i++) {
    const evcc_node_t *e = list ? v->items[i] : v;
    if (e->kind == EVCC_NODE_STRING) {
      has_str = true;
      cond_add_str(k, e->str, e->len);
    } else if (e->kind == EVCC_NODE_NUMBER) {
      double d;
      if (!pattern_number(c, e, &d)) return false;
      has_num = true;
      cond_add_num(k, d, e->str, e->len);
    } else {
      fail(c, e, "Inside anything but list, start|null|boolean is not supported.");
      return false;
    }
  }
  if (has_num == has_str) {
    fail_end(c, v, "Inside anything but list, either all values are number or string, mixed type is not supported");
    return false;
  }
  k->kind = has_num ? EVCC_COND_NOT_NUMBERS : EVCC_COND_NOT_STRINGS;
  cond_normalize_set(k);
  return true;
}

static bool op_anything_but(pc_t *c, const evcc_node_t *obj, evcc_cond_t *k) {
  const evcc_node_t *v = obj->items[0];
  if (v->kind == EVCC_NODE_MAP) return op_anything_but_object(c, obj, v, k);
  if (v->kind != EVCC_NODE_SEQ && v->kind != EVCC_NODE_STRING && v->kind != EVCC_NODE_NUMBER) {
    fail(c, v, "Value of anything-but must be an array or single string/number value.");
    return false;
  }
  if (!op_anything_but_values(c, v, k)) return false;
  return only_one_key(c, obj, TOO_MANY);
}

/* The bound after ">" / ">=": [op, lo] or [op, lo, "<"|"<=", hi]. */
static bool numeric_range_top(pc_t *c, const evcc_node_t *arr, evcc_numeric_range_t *r) {
  const evcc_node_t *op = arr->items[2];
  if (op->kind != EVCC_NODE_STRING) {
    fail(c, op, "Bad value in numeric range: %s", token_text(op));
    return false;
  }
  if (strcmp(op->str, "<") != 0 && strcmp(op->str, "<=") != 0) {
    fail(c, op, "Bad numeric range operator: %s", op->str);
    return false;
  }
  if (arr->count < 4 || arr->items[3]->kind != EVCC_NODE_NUMBER) {
    fail(c, arr->count < 4 ? arr : arr->items[3], "Value of %s must be numeric", op->str);
    return false;
  }
  if (!pattern_number(c, arr->items[3], &r->hi)) return false;
  if (arr->count > 4) {
    fail(c, arr->items[4], "Too many terms in numeric range expression");
    return false;
  }
  r->has_hi = true;
  r->hi_incl = op->str[1] == '=';
  if (!(r->lo < r->hi)) {
    fail_end(c, arr, "Bottom must be less than top");
    return false;
  }
  return true;
}

static bool op_numeric(pc_t *c, const evcc_node_t *obj, evcc_cond_t *k) {
  const evcc_node_t *arr = obj->items[0];
  if (arr->kind != EVCC_NODE_SEQ) {
    fail(c, arr, "Value of numeric must be an array.");
    return false;
  }
  if (arr->count == 0 || arr->items[0]->kind != EVCC_NODE_STRING) {
    fail(c, arr->count ? arr->items[0] : arr, "Invalid member in numeric match: %s",
         arr->count ? token_text(arr->items[0]) : "]");
    return false;
  }
  const char *op = arr->items[0]->str;
  bool is_eq = strcmp(op, "=") == 0, is_lo = op[0] == '>' && (!op[1] || (op[1] == '=' && !op[2]));
  bool is_hi = op[0] == '<' && (!op[1] || (op[1] == '=' && !op[2]));
  if (!is_eq && !is_lo && !is_hi) {
    fail(c, arr->items[0], "Unrecognized numeric range operator: %s", op);
    return false;
  }
  if (arr->count < 2 || arr->items[1]->kind != EVCC_NODE_NUMBER) {
    fail(c, arr->count < 2 ? arr : arr->items[1], "Value of %s must be numeric", is_eq ? "equals" : op);
    return false;
  }
  double v;
  if (!pattern_number(c, arr->items[1], &v)) return false;
  evcc_numeric_range_t r = {0};
  if (is_lo) {
    r.has_lo = true;
    r.lo = v;
    r.lo_incl = op[1] == '=';
    if (arr->count > 2 && !numeric_range_top(c, arr, &r)) return false;
  } else {
    if (arr->count > 2) {
      fail(c, arr->items[2], TOO_MANY);
      return false;
    }
    r.has_hi = true;
    r.hi = v;
    r.hi_incl = is_eq || op[1] == '=';
    if (is_eq) r.has_lo = r.lo_incl = true, r.lo = v;
  }
  if (!only_one_key(c, obj, TOO_MANY)) return false;
  k->kind = EVCC_COND_NUMERIC;
  k->range = r;
  return true;
}

static bool op_string_arg(pc_t *c, const evcc_node_t *obj, const char *what) {
  if (obj->items[0]->kind == EVCC_NODE_STRING) return true;
  fail(c, obj->items[0], "%s match pattern must be a string", what);
  return false;
}

/* One operator object of a pattern array: {"prefix": "x"}, {"numeric": [...]}, ... */
static bool op_expr(pc_t *c, const evcc_node_t *obj, evcc_cond_t *k) {
  if (obj->count == 0) {
    fail(c, obj, "Match expression name not found");
    return false;
  }
  const char *name = obj->keys[0]->str;
  const evcc_node_t *v = obj->items[0];
  if (strcmp(name, "prefix") == 0) return op_affix(c, obj, "prefix", EVCC_COND_PREFIX, EVCC_COND_PREFIX_NOCASE, k);
  if (strcmp(name, "suffix") == 0) return op_affix(c, obj, "suffix", EVCC_COND_SUFFIX, EVCC_COND_SUFFIX_NOCASE, k);
  if (strcmp(name, "numeric") == 0) return op_numeric(c, obj, k);
  if (strcmp(name, "anything-but") == 0) return op_anything_but(c, obj, k);
  if (strcmp(name, "exists") == 0) {
    if (v->kind != EVCC_NODE_BOOL) {
      fail(c, v, "exists match pattern must be either true or false.");
      return false;
    }
    k->kind = v->boolean ? EVCC_COND_EXISTS : EVCC_COND_NOT_EXISTS;
    return only_one_key(c, obj, ONE_KEY);
  }
  if (strcmp(name, "cidr") == 0) {
    if (!op_string_arg(c, obj, "prefix") || !parse_cidr(c, v, &k->cidr)) return false;
    k->kind = EVCC_COND_CIDR;
    return only_one_key(c, obj, ONE_KEY);
  }
  if (strcmp(name, "equals-ignore-case") == 0) {
    if (!op_string_arg(c, obj, "equals-ignore-case")) return false;
    k->kind = EVCC_COND_EQUALS_NOCASE;
    cond_add_str(k, v->str, v->len);
    return only_one_key(c, obj, ONE_KEY);
  }
  if (strcmp(name, "wildcard") == 0) {
    if (!op_string_arg(c, obj, "wildcard") || !check_wildcard(c, v)) return false;
    k->kind = EVCC_COND_WILDCARD;
    cond_add_str(k, v->str, v->len);
    return only_one_key(c, obj, ONE_KEY);
  }
  if (strcmp(name, "exactly") == 0) {
    if (!op_string_arg(c, obj, "exact")) return false;
    k->kind = EVCC_COND_EXACT_STRING;
    cond_add_str(k, v->str, v->len);
    return only_one_key(c, obj, ONE_KEY);
  }
  fail(c, obj->keys[0], "Unrecognized match type %s", name);
  return false;
}

/* A plain pattern value: string (an IP literal becomes a host range, as event-ruler does), number, literal. */
static bool plain_value(pc_t *c, const evcc_node_t *e, evcc_cond_t *k) {
  switch (e->kind) {
  case EVCC_NODE_STRING: {
    uint8_t addr[16];
    int len = evc_ip_parse(e->str, e->len, addr);
    if (len) {
      k->kind = EVCC_COND_CIDR;
      k->cidr.v6 = len == 16;
      memcpy(k->cidr.addr, addr, (size_t)len);
      k->cidr.bits = (unsigned)len * 8;
    } else {
      k->kind = EVCC_COND_EXACT_STRING;
      cond_add_str(k, e->str, e->len);
    }
    return true;
  }
  case EVCC_NODE_NUMBER: {
    double d;
    if (!pattern_number(c, e, &d)) return false;
    k->kind = EVCC_COND_EXACT_NUMBER;
    cond_add_num(k, d, e->str, e->len);
    return true;
  }
  case EVCC_NODE_BOOL: k->kind = e->boolean ? EVCC_COND_TRUE : EVCC_COND_FALSE; return true;
  case EVCC_NODE_NULL: k->kind = EVCC_COND_NULL; return true;
  default: fail(c, e, "Match value must be String, number, true, false, or null"); return false;
  }
}

/* ---- structure ---- */

static void walk_object(pc_t *c, alts_t *rules, evcc_buf_t *path, const evcc_node_t *obj, bool in_or);

static void write_leaf(pc_t *c, alts_t *rules, const char *path, size_t plen, const evcc_node_t *arr) {
  uint32_t pid = evcc_ir_path(target_ir(c), path, plen);
  uint32_t *ids = xmalloc(arr->count * sizeof *ids);
  size_t n = 0;
  bool ok = true;
  for (size_t i = 0; i < arr->count; i++) {
    const evcc_node_t *e = arr->items[i];
    evcc_cond_t k = cond_new(EVCC_COND_EXACT_STRING, pid, e);
    bool good = e->kind == EVCC_NODE_MAP ? op_expr(c, e, &k) : plain_value(c, e, &k);
    if (!good) {
      cond_discard(&k);
      ok = false;
      break; /* event-ruler stops at the first bad value of an array */
    }
    ids[n++] = evcc_ir_cond(target_ir(c), &k);
  }
  if (ok && arr->count == 0) {
    fail_end(c, arr, "Empty arrays are not allowed");
    ok = false;
  }
  if (ok) {
    if (rules->n == 0) alts_push(rules, (alt_t){0});
    for (size_t i = 0; i < rules->n; i++) alt_put(&rules->v[i], pid, ids, n);
  }
  free(ids);
}

static const char *const reserved_in_or[] = {
    "exactly", "equals-ignore-case", "prefix", "suffix", "anything-but", "exists", "wildcard", "numeric",
    "cidr", "=", "<", "<=", ">", ">=", "regex", "not-wildcard", "not-equals-ignore-case", "date-after",
    "date-on-or-after", "date-before", "date-on-or-before", "in-date-range", "ip-address-in-range",
    "ip-address-not-in-range"};

static bool is_reserved_in_or(const char *name) {
  for (size_t i = 0; i < sizeof reserved_in_or / sizeof reserved_in_or[0]; i++)
    if (strcmp(name, reserved_in_or[i]) == 0) return true;
  return false;
}

static void walk_or(pc_t *c, alts_t *rules, evcc_buf_t *path, const evcc_node_t *arr) {
  if (arr->kind != EVCC_NODE_SEQ) {
    fail(c, arr, "It must be an Array followed with $or.");
    return;
  }
  alts_t current = *rules;
  memset(rules, 0, sizeof *rules);
  for (size_t i = 0; i < arr->count; i++) {
    const evcc_node_t *branch = arr->items[i];
    if (branch->kind != EVCC_NODE_MAP) {
      fail(c, branch, "Only JSON object is allowed in array of $or relationship.");
      break;
    }
    alts_t fork = alts_copy(&current);
    if (fork.n == 0) alts_push(&fork, (alt_t){0});
    walk_object(c, &fork, path, branch, true);
    for (size_t k = 0; k < fork.n; k++) alts_push(rules, fork.v[k]);
    free(fork.v);
    if (rules->n > MAX_OR_COMBINATIONS && !c->or_limit_reported) {
      fail(c, arr, "The use of $or results in more than %d rule combinations", MAX_OR_COMBINATIONS);
      c->or_limit_reported = true;
    }
    if (c->or_limit_reported) break;
  }
  if (arr->count < 2 && !c->failed) fail_end(c, arr, "There must have at least 2 Objects in $or relationship.");
  alts_free(&current);
}

static void walk_object(pc_t *c, alts_t *rules, evcc_buf_t *path, const evcc_node_t *obj, bool in_or) {
  if (obj->count == 0) {
    fail_end(c, obj, "Empty objects are not allowed");
    return;
  }
  size_t base = path->len;
  for (size_t i = 0; i < obj->count && !c->or_limit_reported; i++) {
    const evcc_node_t *key = obj->keys[i], *v = obj->items[i];
    if (strcmp(key->str, "$or") == 0) {
      walk_or(c, rules, path, v);
      continue;
    }
    if (in_or && is_reserved_in_or(key->str)) {
      fail(c, key, "%s is Ruler reserved fieldName which cannot be used inside $or.", key->str);
      continue;
    }
    if (base) evcc_buf_putc(path, '.');
    evcc_buf_put(path, key->str, key->len);
    if (v->kind == EVCC_NODE_MAP) walk_object(c, rules, path, v, in_or);
    else if (v->kind == EVCC_NODE_SEQ) write_leaf(c, rules, path->data, path->len, v);
    else fail(c, v, "\"%s\" must be an object or an array", key->str);
    path->len = base;
    if (path->data) path->data[base] = '\0';
  }
}

static int term_cmp(const void *a, const void *b) {
  const evcc_term_t *x = a, *y = b;
  return (x->path > y->path) - (x->path < y->path);
}

/* Runs the walk; on success leaves the alternatives in `out`. */
static bool lower(pc_t *c, const evcc_node_t *pattern, alts_t *out) {
  memset(out, 0, sizeof *out);
  if (pattern->kind != EVCC_NODE_MAP) {
    fail(c, pattern, "Filter is not an object");
    return false;
  }
  evcc_buf_t path;
  evcc_buf_init(&path);
  walk_object(c, out, &path, pattern, false);
  evcc_buf_free(&path);
  if (c->failed) {
    alts_free(out);
    return false;
  }
  for (size_t i = 0; i < out->n; i++) qsort(out->v[i].terms, out->v[i].n, sizeof(evcc_term_t), term_cmp);
  return true;
}

int32_t evcc_pattern_add(evcc_ir_t *ir, const evcc_node_t *pattern, const char *name, evcc_loc_t rule_loc,
                         void *user, evcc_diag_t *d) {
  pc_t c = {.ir = ir, .d = d};
  alts_t alts;
  if (!lower(&c, pattern, &alts)) return -1;
  evcc_alt_t *out = xmalloc(alts.n * sizeof *out);
  for (size_t i = 0; i < alts.n; i++) out[i] = (evcc_alt_t){alts.v[i].terms, alts.v[i].n};
  size_t n = alts.n;
  free(alts.v);
  return (int32_t)evcc_ir_add_rule(ir, name, rule_loc, pattern->loc, out, n, user);
}

bool evcc_pattern_check(const evcc_node_t *pattern, evcc_diag_t *d) {
  pc_t c = {.d = d};
  evcc_ir_init(&c.scratch);
  alts_t alts;
  bool ok = lower(&c, pattern, &alts);
  if (ok) alts_free(&alts);
  evcc_ir_free(&c.scratch);
  return ok;
}
