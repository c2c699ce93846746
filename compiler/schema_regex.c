/* ECMA-262 regex subset -> Thompson NFA -> DFA over code-point intervals -> table-driven C (schema `pattern`). */
#include "schema_regex.h"

#include <eventc/validate.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CP 0x10FFFFL
#define MAX_NFA 20000
#define MAX_DFA 4000

typedef struct range {
  long lo, hi;
} range_t;

typedef struct cls {
  range_t *r;
  size_t n;
} cls_t;

/* ---- AST ---- */
typedef enum { A_CLASS, A_CAT, A_ALT, A_REP, A_BOL, A_EOL, A_EMPTY } akind_t;

typedef struct ast {
  akind_t kind;
  cls_t cls;
  struct ast *a, *b;
  int min, max; /* A_REP; max -1 = unbounded */
} ast_t;

typedef struct parser {
  const char *s, *p;
  const char *err;
  ast_t **all;
  size_t nall;
} parser_t;

static ast_t *node(parser_t *ps, akind_t k) {
  ast_t *a = calloc(1, sizeof *a);
  ps->all = realloc(ps->all, (ps->nall + 1) * sizeof *ps->all);
  ps->all[ps->nall++] = a;
  a->kind = k;
  return a;
}

static void add_range(cls_t *c, long lo, long hi) {
  c->r = realloc(c->r, (c->n + 1) * sizeof *c->r);
  c->r[c->n++] = (range_t){lo, hi};
}

static int cmp_range(const void *x, const void *y) {
  const range_t *a = x, *b = y;
  return a->lo < b->lo ? -1 : a->lo > b->lo;
}

static void normalize(cls_t *c) {
  if (!c->n) return;
  qsort(c->r, c->n, sizeof *c->r, cmp_range);
  size_t k = 0;
  for (size_t i = 1; i < c->n; i++) {
    if (c->r[i].lo <= c->r[k].hi + 1) {
      if (c->r[i].hi > c->r[k].hi) c->r[k].hi = c->r[i].hi;
    } else {
      c->r[++k] = c->r[i];
    }
  }
  c->n = k + 1;
}

static void negate(cls_t *c) {
  normalize(c);
  cls_t o = {NULL, 0};
  long next = 0;
  for (size_t i = 0; i < c->n; i++) {
    if (c->r[i].lo > next) add_range(&o, next, c->r[i].lo - 1);
    next = c->r[i].hi + 1;
  }
  if (next <= MAX_CP) add_range(&o, next, MAX_CP);
  free(c->r);
  *c = o;
}

static void add_class_escape(cls_t *c, char e) {
  cls_t t = {NULL, 0};
  char l = (char)(e | 0x20);
  if (l == 'd') add_range(&t, '0', '9');
  if (l == 'w') add_range(&t, '0', '9'), add_range(&t, 'A', 'Z'), add_range(&t, '_', '_'), add_range(&t, 'a', 'z');
  if (l == 's') {
    static const long ws[][2] = {{9, 13}, {32, 32}, {0xA0, 0xA0}, {0x1680, 0x1680}, {0x2000, 0x200A},
                                 {0x2028, 0x2029}, {0x202F, 0x202F}, {0x205F, 0x205F}, {0x3000, 0x3000}, {0xFEFF, 0xFEFF}};
    for (size_t i = 0; i < sizeof ws / sizeof *ws; i++) add_range(&t, ws[i][0], ws[i][1]);
  }
  if (e != l) negate(&t);
  for (size_t i = 0; i < t.n; i++) add_range(c, t.r[i].lo, t.r[i].hi);
  free(t.r);
}

static long hexval(parser_t *ps, int n) {
  long v = 0;
  for (int i = 0; i < n; i++) {
    char c = *ps->p;
    int d = c >= '0' && c <= '9' ? c - '0' : (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10 : -1;
    if (d < 0) {
      ps->err = "bad hexadecimal escape";
      return 0;
    }
    v = v * 16 + d;
    ps->p++;
  }
  return v;
}

static long next_cp(parser_t *ps) {
  const unsigned char *u = (const unsigned char *)ps->p;
  long cp = u[0];
  int n = cp < 0x80 ? 1 : cp < 0xE0 ? 2 : cp < 0xF0 ? 3 : 4;
  if (n > 1) cp &= (0x3F >> (n - 1));
  for (int i = 1; i < n && u[i]; i++) cp = (cp << 6) | (u[i] & 0x3F);
  ps->p += n;
  return cp;
}

/* A single-character escape after '\\' (class escapes handled by the caller); -1 on error. */
static long char_escape(parser_t *ps, bool in_class) {
  char c = *ps->p++;
  switch (c) {
  case 't': return '\t';
  case 'n': return '\n';
  case 'r': return '\r';
  case 'v': return '\v';
  case 'f': return '\f';
  case '0': return 0;
  case 'x': return hexval(ps, 2);
  case 'u': {
    long u = hexval(ps, 4);
    if (u >= 0xD800 && u < 0xDC00 && ps->p[0] == '\\' && ps->p[1] == 'u') {
      const char *save = ps->p;
      ps->p += 2;
      long lo = hexval(ps, 4);
      if (lo >= 0xDC00 && lo < 0xE000) return 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
      ps->p = save;
      ps->err = NULL;
    }
    return u;
  }
  case 'c':
    if ((*ps->p | 0x20) >= 'a' && (*ps->p | 0x20) <= 'z') return *ps->p++ & 31;
    ps->err = "bad \\c escape";
    return -1;
  case 'b':
    if (in_class) return '\b';
    ps->err = "word boundaries (\\b) are not supported";
    return -1;
  default:
    if (c && strchr("^$\\.*+?()[]{}|/-", c)) return c;
    ps->err = c == 'p' || c == 'P' ? "Unicode property escapes (\\p) are not supported"
              : (c >= '1' && c <= '9') || c == 'k' ? "back-references are not supported"
                                                   : "unsupported escape";
    return -1;
  }
}

static ast_t *parse_class(parser_t *ps) {
  ast_t *a = node(ps, A_CLASS);
  bool neg = *ps->p == '^';
  if (neg) ps->p++;
  while (*ps->p && *ps->p != ']' && !ps->err) {
    long lo;
    if (*ps->p == '\\' && ps->p[1] && strchr("dDwWsS", ps->p[1])) {
      add_class_escape(&a->cls, ps->p[1]);
      ps->p += 2;
      continue;
    }
    if (*ps->p == '\\') ps->p++, lo = char_escape(ps, true);
    else lo = next_cp(ps);
    long hi = lo;
    if (ps->p[0] == '-' && ps->p[1] && ps->p[1] != ']') {
      ps->p++;
      if (*ps->p == '\\' && ps->p[1] && strchr("dDwWsS", ps->p[1])) {
        ps->err = "class escape as a range end";
        break;
      }
      if (*ps->p == '\\') ps->p++, hi = char_escape(ps, true);
      else hi = next_cp(ps);
      if (hi < lo) ps->err = "range out of order in character class";
    }
    add_range(&a->cls, lo, hi);
  }
  if (*ps->p != ']') ps->err = ps->err ? ps->err : "unterminated character class";
  else ps->p++;
  if (neg) negate(&a->cls);
  normalize(&a->cls);
  return a;
}

static ast_t *parse_alt(parser_t *ps);

static ast_t *parse_atom(parser_t *ps) {
  char c = *ps->p;
  ast_t *a;
  if (c == '(') {
    ps->p++;
    if (*ps->p == '?') {
      if (ps->p[1] != ':') {
        ps->err = "lookaround and named groups are not supported";
        return NULL;
      }
      ps->p += 2;
    }
    a = parse_alt(ps);
    if (*ps->p != ')') ps->err = ps->err ? ps->err : "missing ')'";
    else ps->p++;
    return a;
  }
  if (c == '[') {
    ps->p++;
    return parse_class(ps);
  }
  if (c == '^' || c == '$') {
    ps->p++;
    return node(ps, c == '^' ? A_BOL : A_EOL);
  }
  a = node(ps, A_CLASS);
  if (c == '.') {
    ps->p++;
    add_range(&a->cls, '\n', '\n'), add_range(&a->cls, '\r', '\r'), add_range(&a->cls, 0x2028, 0x2029);
    negate(&a->cls);
  } else if (c == '\\' && ps->p[1] && strchr("dDwWsS", ps->p[1])) {
    add_class_escape(&a->cls, ps->p[1]);
    ps->p += 2;
    normalize(&a->cls);
  } else if (c == '\\') {
    ps->p++;
    long x = char_escape(ps, false);
    add_range(&a->cls, x, x);
  } else if (c && strchr("*+?{", c)) {
    ps->err = "nothing to repeat";
  } else {
    long x = next_cp(ps);
    add_range(&a->cls, x, x);
  }
  return a;
}

static bool parse_count(parser_t *ps, int *min, int *max) {
  const char *save = ps->p;
  char *end;
  long lo = strtol(ps->p + 1, &end, 10), hi = lo;
  if (end == ps->p + 1) return false;
  if (*end == ',') {
    const char *h = end + 1;
    hi = *h == '}' ? -1 : strtol(h, &end, 10);
    if (hi >= 0 && end == h) return ps->p = save, false;
    if (hi < 0) end = (char *)h;
  }
  if (*end != '}') return ps->p = save, false;
  if (lo > 1000 || hi > 1000 || (hi >= 0 && hi < lo)) {
    ps->err = hi >= 0 && hi < lo ? "numbers out of order in {} quantifier" : "repetition count over 1000";
    return false;
  }
  *min = (int)lo, *max = (int)hi;
  ps->p = end + 1;
  return true;
}

static ast_t *parse_repeat(parser_t *ps) {
  ast_t *a = parse_atom(ps);
  for (;;) {
    int min, max;
    char c = *ps->p;
    if (c == '*') min = 0, max = -1, ps->p++;
    else if (c == '+') min = 1, max = -1, ps->p++;
    else if (c == '?') min = 0, max = 1, ps->p++;
    else if (c == '{' && parse_count(ps, &min, &max)) {}
    else return a;
    if (*ps->p == '?') ps->p++; /* lazy: same language */
    ast_t *r = node(ps, A_REP);
    r->a = a, r->min = min, r->max = max;
    a = r;
  }
}

static ast_t *parse_cat(parser_t *ps) {
  ast_t *a = node(ps, A_EMPTY);
  while (*ps->p && *ps->p != '|' && *ps->p != ')' && !ps->err) {
    ast_t *c = node(ps, A_CAT);
    c->a = a, c->b = parse_repeat(ps);
    a = c;
  }
  return a;
}

static ast_t *parse_alt(parser_t *ps) {
  ast_t *a = parse_cat(ps);
  while (*ps->p == '|' && !ps->err) {
    ps->p++;
    ast_t *o = node(ps, A_ALT);
    o->a = a, o->b = parse_cat(ps);
    a = o;
  }
  return a;
}

/* ---- NFA ---- */
typedef enum { N_EPS, N_CLASS, N_BOL, N_EOL, N_MATCH } nkind_t;

typedef struct nstate {
  nkind_t kind;
  int out, out2;
  const cls_t *cls;
} nstate_t;

typedef struct nfa {
  nstate_t *s;
  int n;
  bool overflow;
  int cap;
} nfa_t;

static int nadd(nfa_t *f, nkind_t k, int out, int out2, const cls_t *c) {
  if (f->n >= MAX_NFA) {
    f->overflow = true;
    return 0;
  }
  if (f->n == f->cap) { /* doubling: growing by one state copied O(n^2) bytes, seconds near MAX_NFA */
    f->cap = f->cap ? f->cap * 2 : 64;
    f->s = realloc(f->s, (size_t)f->cap * sizeof *f->s);
    if (!f->s) abort();
  }
  f->s[f->n] = (nstate_t){k, out, out2, c};
  return f->n++;
}

static int gen(nfa_t *f, const ast_t *a, int next);

static int gen_star(nfa_t *f, const ast_t *a, int next) {
  int loop = nadd(f, N_EPS, -1, next, NULL);
  int body = gen(f, a, loop); /* may move f->s */
  f->s[loop].out = body;
  return loop;
}

static int gen_rep(nfa_t *f, const ast_t *a, int next) {
  int tail = next;
  if (a->max < 0) {
    tail = gen_star(f, a->a, next);
  } else {
    for (int i = a->min; i < a->max && !f->overflow; i++) { /* (x(x)?)? ... */
      int x = gen(f, a->a, tail);
      tail = nadd(f, N_EPS, x, next, NULL);
    }
  }
  for (int i = 0; i < a->min && !f->overflow; i++) tail = gen(f, a->a, tail);
  return tail;
}

static int gen(nfa_t *f, const ast_t *a, int next) {
  if (f->overflow) return 0;
  switch (a->kind) {
  case A_CLASS: return nadd(f, N_CLASS, next, -1, &a->cls);
  case A_CAT: return gen(f, a->a, gen(f, a->b, next));
  case A_ALT: {
    int x = gen(f, a->a, next);
    return nadd(f, N_EPS, x, gen(f, a->b, next), NULL);
  }
  case A_REP: return gen_rep(f, a, next);
  case A_BOL: return nadd(f, N_BOL, next, -1, NULL);
  case A_EOL: return nadd(f, N_EOL, next, -1, NULL);
  default: return next;
  }
}

/* ---- DFA ---- */
typedef struct dtrans {
  long lo, hi;
  int to;
} dtrans_t;

typedef struct dstate {
  uint64_t *set;
  bool accept_now, accept_end;
  dtrans_t *t;
  size_t nt;
} dstate_t;

struct evcc_redfa {
  dstate_t *s;
  int n;
};

typedef struct builder {
  nfa_t nfa;
  int words;
  long *seg; /* segment starts */
  size_t nseg;
} builder_t;

static void closure(const builder_t *b, uint64_t *set, int st, bool at_start, bool at_end) {
  if (st < 0 || (set[st >> 6] >> (st & 63) & 1)) return;
  set[st >> 6] |= (uint64_t)1 << (st & 63);
  const nstate_t *s = &b->nfa.s[st];
  if (s->kind == N_EPS) closure(b, set, s->out, at_start, at_end), closure(b, set, s->out2, at_start, at_end);
  if ((s->kind == N_BOL && at_start) || (s->kind == N_EOL && at_end)) closure(b, set, s->out, at_start, at_end);
}

static bool has(const uint64_t *set, int st) { return set[st >> 6] >> (st & 63) & 1; }

static bool in_class(const cls_t *c, long x) {
  for (size_t i = 0; i < c->n; i++)
    if (x >= c->r[i].lo && x <= c->r[i].hi) return true;
  return false;
}

static int find_or_add(evcc_redfa_t *d, const builder_t *b, uint64_t *set, int match) {
  for (int i = 0; i < d->n; i++)
    if (!memcmp(d->s[i].set, set, (size_t)b->words * 8)) {
      free(set);
      return i;
    }
  d->s = realloc(d->s, (size_t)(d->n + 1) * sizeof *d->s);
  dstate_t *s = &d->s[d->n];
  memset(s, 0, sizeof *s);
  s->set = set;
  s->accept_now = has(set, match);
  uint64_t *end = calloc((size_t)b->words, 8);
  for (int i = 0; i < b->nfa.n; i++)
    if (has(set, i)) closure(b, end, i, false, true);
  s->accept_end = has(end, match);
  free(end);
  return d->n++;
}

static int cmp_long(const void *x, const void *y) {
  long a = *(const long *)x, b = *(const long *)y;
  return a < b ? -1 : a > b;
}

static void segments(builder_t *b) {
  size_t cap = 2;
  b->seg = malloc(cap * sizeof *b->seg);
  b->seg[b->nseg++] = 0;
  for (int i = 0; i < b->nfa.n; i++) {
    const cls_t *c = b->nfa.s[i].cls;
    for (size_t j = 0; c && j < c->n; j++) {
      if (b->nseg + 2 > cap) cap *= 2, b->seg = realloc(b->seg, cap * sizeof *b->seg);
      b->seg[b->nseg++] = c->r[j].lo;
      if (c->r[j].hi < MAX_CP) b->seg[b->nseg++] = c->r[j].hi + 1;
    }
  }
  qsort(b->seg, b->nseg, sizeof *b->seg, cmp_long);
  size_t k = 0;
  for (size_t i = 1; i < b->nseg; i++)
    if (b->seg[i] != b->seg[k]) b->seg[++k] = b->seg[i];
  b->nseg = k + 1;
}

static void add_trans(dstate_t *s, long lo, long hi, int to) {
  if (s->nt && s->t[s->nt - 1].to == to && s->t[s->nt - 1].hi + 1 == lo) {
    s->t[s->nt - 1].hi = hi;
    return;
  }
  s->t = realloc(s->t, (s->nt + 1) * sizeof *s->t);
  s->t[s->nt++] = (dtrans_t){lo, hi, to};
}

/* Subset construction; false when the DFA would exceed MAX_DFA states. */
static bool determinize(builder_t *b, evcc_redfa_t *d, int start, int match) {
  uint64_t *init = calloc((size_t)b->words, 8);
  closure(b, init, start, true, false);
  find_or_add(d, b, init, match);
  for (int i = 0; i < d->n; i++) {
    if (d->s[i].accept_now) continue; /* a match was found: no need to read on */
    for (size_t k = 0; k < b->nseg; k++) {
      long lo = b->seg[k], hi = k + 1 < b->nseg ? b->seg[k + 1] - 1 : MAX_CP;
      uint64_t *next = calloc((size_t)b->words, 8);
      bool any = false;
      for (int st = 0; st < b->nfa.n; st++)
        if (has(d->s[i].set, st) && b->nfa.s[st].kind == N_CLASS && in_class(b->nfa.s[st].cls, lo)) {
          closure(b, next, b->nfa.s[st].out, false, false);
          any = true;
        }
      if (!any) {
        free(next);
        continue;
      }
      int to = find_or_add(d, b, next, match);
      if (d->n > MAX_DFA) return false;
      add_trans(&d->s[i], lo, hi, to);
    }
  }
  return true;
}

void evcc_redfa_free(evcc_redfa_t *d) {
  if (!d) return;
  for (int i = 0; i < d->n; i++) free(d->s[i].set), free(d->s[i].t);
  free(d->s);
  free(d);
}

evcc_redfa_t *evcc_regex_compile(const char *src, evcc_loc_t loc, evcc_diag_t *diag) {
  parser_t ps = {src, src, NULL, NULL, 0};
  ast_t *a = parse_alt(&ps);
  if (!ps.err && *ps.p) ps.err = "unmatched ')'";
  evcc_redfa_t *d = NULL;
  if (ps.err) {
    evcc_error(diag, loc, "pattern /%s/: %s (eventc supports the ECMA-262 subset documented in README)", src, ps.err);
  } else {
    builder_t b = {{NULL, 0, false, 0}, 0, NULL, 0};
    int match = nadd(&b.nfa, N_MATCH, -1, -1, NULL);
    int body = gen(&b.nfa, a, match);
    static range_t all_cps[] = {{0, MAX_CP}};
    static const cls_t any = {all_cps, 1};
    int loop = nadd(&b.nfa, N_EPS, body, -1, NULL); /* unanchored search: any prefix */
    int skip = nadd(&b.nfa, N_CLASS, loop, -1, &any);
    b.nfa.s[loop].out2 = skip;
    b.words = (b.nfa.n + 63) / 64;
    segments(&b);
    d = calloc(1, sizeof *d);
    if (b.nfa.overflow || !determinize(&b, d, loop, match)) {
      evcc_error(diag, loc, "pattern /%s/ is too large to compile to a DFA", src);
      evcc_redfa_free(d);
      d = NULL;
    }
    free(b.nfa.s);
    free(b.seg);
  }
  for (size_t i = 0; i < ps.nall; i++) free(ps.all[i]->cls.r), free(ps.all[i]);
  free(ps.all);
  return d;
}

bool evcc_redfa_match(const evcc_redfa_t *d, const char *s, size_t n) {
  const char *p = s, *end = s + n;
  int st = 0;
  for (;;) {
    if (d->s[st].accept_now) return true;
    if (p >= end) return d->s[st].accept_end;
    long c = evc_utf8_next(&p, end); /* the generated matchers' decoder, malformed input included */
    int to = -1;
    for (size_t i = 0; i < d->s[st].nt && to < 0; i++)
      if (c >= d->s[st].t[i].lo && c <= d->s[st].t[i].hi) to = d->s[st].t[i].to;
    if (to < 0) return false;
    st = to;
  }
}

/* ---- random strings the DFA matches (eventc sample) ---- */

/* Steps from each state to the nearest accepting one (INT_MAX: none reachable). */
static int *accept_distance(const evcc_redfa_t *d) {
  int *dist = malloc((size_t)d->n * sizeof *dist);
  if (!dist) abort();
  for (int i = 0; i < d->n; i++) dist[i] = d->s[i].accept_now || d->s[i].accept_end ? 0 : INT_MAX;
  for (bool changed = true; changed;) {
    changed = false;
    for (int i = 0; i < d->n; i++)
      for (size_t t = 0; t < d->s[i].nt; t++) {
        int via = dist[d->s[i].t[t].to];
        if (via != INT_MAX && via + 1 < dist[i]) dist[i] = via + 1, changed = true;
      }
  }
  return dist;
}

/* A code point of [lo, hi]: printable ASCII when the range has some, never a surrogate; -1 if none. */
static long pick_code_point(long lo, long hi, unsigned long long r) {
  long plo = lo > 0x21 ? lo : 0x21, phi = hi < 0x7e ? hi : 0x7e;
  if (plo <= phi) return plo + (long)(r % (unsigned long long)(phi - plo + 1));
  if (lo >= 0xD800 && hi <= 0xDFFF) return -1;
  return lo >= 0xD800 && lo <= 0xDFFF ? 0xE000 : lo;
}

static void put_utf8(evcc_buf_t *b, long c) {
  char u[4];
  size_t n;
  if (c < 0x80) u[0] = (char)c, n = 1;
  else if (c < 0x800) u[0] = (char)(0xC0 | c >> 6), u[1] = (char)(0x80 | (c & 0x3F)), n = 2;
  else if (c < 0x10000)
    u[0] = (char)(0xE0 | c >> 12), u[1] = (char)(0x80 | (c >> 6 & 0x3F)), u[2] = (char)(0x80 | (c & 0x3F)), n = 3;
  else
    u[0] = (char)(0xF0 | c >> 18), u[1] = (char)(0x80 | (c >> 12 & 0x3F)), u[2] = (char)(0x80 | (c >> 6 & 0x3F)),
    u[3] = (char)(0x80 | (c & 0x3F)), n = 4;
  evcc_buf_put(b, u, n);
}

/* The next transition of a walk: any that can still reach a match, the nearest one once `hurry`. */
static const dtrans_t *pick_transition(const dstate_t *s, const int *dist, bool hurry, unsigned long long r) {
  const dtrans_t *best = NULL;
  size_t viable = 0;
  for (size_t t = 0; t < s->nt; t++) {
    const dtrans_t *tr = &s->t[t];
    if (dist[tr->to] == INT_MAX || pick_code_point(tr->lo, tr->hi, 0) < 0) continue;
    if (hurry ? !best || dist[tr->to] < dist[best->to] : r % ++viable == 0) best = tr;
  }
  return best;
}

/* One random walk from the start state; true when it ended in a match of min_len..max_len code points. */
static bool sample_walk(const evcc_redfa_t *d, const int *dist, unsigned long long (*next_random)(void *), void *rng,
                        size_t min_len, size_t max_len, evcc_buf_t *out) {
  size_t span = max_len - min_len < 24 ? max_len - min_len : 24;
  size_t target = min_len + (size_t)(next_random(rng) % (span + 1)), len = 0;
  for (int st = 0; dist[st] != INT_MAX && len <= max_len;) {
    const dstate_t *s = &d->s[st];
    if (s->accept_now) { /* matched: whatever follows keeps the match */
      for (; len < target; len++) evcc_buf_putc(out, (char)('a' + next_random(rng) % 26));
      return true;
    }
    if (s->accept_end && len >= target) return true;
    const dtrans_t *tr = pick_transition(s, dist, len >= target, next_random(rng));
    if (!tr || len == max_len) return false;
    put_utf8(out, pick_code_point(tr->lo, tr->hi, next_random(rng)));
    len++;
    st = tr->to;
  }
  return false;
}

bool evcc_redfa_sample(const evcc_redfa_t *d, unsigned long long (*next_random)(void *rng), void *rng,
                       size_t min_len, size_t max_len, evcc_buf_t *out) {
  if (min_len > max_len) return false;
  int *dist = accept_distance(d);
  bool ok = false;
  for (int attempt = 0; attempt < 64 && !ok; attempt++) {
    size_t mark = out->len;
    ok = sample_walk(d, dist, next_random, rng, min_len, max_len, out);
    if (!ok && out->data) out->len = mark, out->data[mark] = '\0';
  }
  free(dist);
  return ok;
}

/* ---- emitted matcher: byte classes and one transition table ---- */

#define MAX_LOOPS 8  /* states read by the tight loop: one bit each in `stay` */
#define MAX_FIXED 32 /* longest fixed start compared at once */

typedef struct table {
  int nrow, nloop; /* rows: the states that read on; the last nloop of them loop on some ASCII bytes */
  int *row;        /* DFA state -> row, or T_MATCH / T_FAIL */
  int *state;      /* row -> DFA state */
  int ncls;        /* classes; class 0 holds the bytes 0x80-0xFF, which start a decode */
  int byte[128];   /* ASCII byte -> class */
  long *hicp;      /* non-ASCII code points from hicp[i] up (to hicp[i + 1]) have class hicls[i] */
  int *hicls;
  size_t nhi;
  int *cols; /* ncls columns of nrow targets: a row, or T_MATCH / T_FAIL / T_DECODE */
  uint64_t *hash;
  char fixed[MAX_FIXED]; /* the bytes every match starts with, and the row after them */
  size_t nfixed;
  int after_fixed;
} table_t;

/* Targets past the rows, so that one comparison tells them from a row. */
#define T_MATCH(tb) ((tb)->nrow)
#define T_FAIL(tb) ((tb)->nrow + 1)
#define T_DECODE(tb) ((tb)->nrow + 2)

/* States from which some input still matches; from the others the answer is no whatever follows. */
static bool *live_states(const evcc_redfa_t *d) {
  size_t n = (size_t)d->n, *first = calloc(n + 1, sizeof *first), *fill = malloc((n + 1) * sizeof *fill);
  for (size_t i = 0; i < n; i++)
    for (size_t k = 0; k < d->s[i].nt; k++) first[d->s[i].t[k].to + 1]++;
  for (size_t i = 0; i < n; i++) first[i + 1] += first[i];
  memcpy(fill, first, (n + 1) * sizeof *fill);
  int *from = malloc((first[n] + 1) * sizeof *from), *queue = malloc((n + 1) * sizeof *queue);
  for (size_t i = 0; i < n; i++)
    for (size_t k = 0; k < d->s[i].nt; k++) from[fill[d->s[i].t[k].to]++] = (int)i;
  bool *live = calloc(n + 1, sizeof *live);
  size_t nq = 0;
  for (size_t i = 0; i < n; i++)
    if (d->s[i].accept_now || d->s[i].accept_end) live[i] = true, queue[nq++] = (int)i;
  while (nq) {
    int x = queue[--nq];
    for (size_t k = first[x]; k < first[x + 1]; k++)
      if (!live[from[k]]) live[from[k]] = true, queue[nq++] = from[k];
  }
  free(first), free(fill), free(from), free(queue);
  return live;
}

static int target(const table_t *tb, const dstate_t *s, long cp) {
  for (size_t i = 0; i < s->nt; i++)
    if (cp >= s->t[i].lo && cp <= s->t[i].hi) return tb->row[s->t[i].to];
  return T_FAIL(tb);
}

/* The class whose column is `col` (added if new): inputs no state tells apart share one class. */
static int class_of(table_t *tb, const int *col) {
  uint64_t h = 1469598103934665603ULL;
  for (int r = 0; r < tb->nrow; r++) h = (h ^ (uint64_t)(unsigned)col[r]) * 1099511628211ULL;
  for (int c = 0; c < tb->ncls; c++)
    if (tb->hash[c] == h && !memcmp(tb->cols + (size_t)c * (size_t)tb->nrow, col, (size_t)tb->nrow * sizeof *col))
      return c;
  tb->cols = realloc(tb->cols, (size_t)(tb->ncls + 1) * (size_t)tb->nrow * sizeof *tb->cols);
  tb->hash = realloc(tb->hash, (size_t)(tb->ncls + 1) * sizeof *tb->hash);
  memcpy(tb->cols + (size_t)tb->ncls * (size_t)tb->nrow, col, (size_t)tb->nrow * sizeof *col);
  tb->hash[tb->ncls] = h;
  return tb->ncls++;
}

static int next_of(const table_t *tb, int row, int cls) {
  return tb->cols[(size_t)cls * (size_t)tb->nrow + (size_t)row];
}

static bool loops_ascii(const dstate_t *s, int self) {
  for (size_t k = 0; k < s->nt; k++)
    if (s->t[k].to == self && s->t[k].lo < 0x80) return true;
  return false;
}

/* Rows in DFA order, those with an ASCII self-loop last; the dead and the matching states become targets. */
static void number_rows(table_t *tb, const evcc_redfa_t *d) {
  bool *live = live_states(d);
  tb->row = malloc((size_t)d->n * sizeof *tb->row);
  tb->state = malloc(((size_t)d->n + 1) * sizeof *tb->state);
  bool *loop = calloc((size_t)d->n + 1, sizeof *loop);
  for (int i = 0; i < d->n; i++)
    if (live[i] && !d->s[i].accept_now && tb->nloop < MAX_LOOPS && loops_ascii(&d->s[i], i))
      loop[i] = true, tb->nloop++;
  for (int pass = 0; pass < 2; pass++)
    for (int i = 0; i < d->n; i++)
      if (live[i] && !d->s[i].accept_now && loop[i] == (pass == 1)) tb->state[tb->nrow] = i, tb->row[i] = tb->nrow++;
  for (int i = 0; i < d->n; i++)
    if (!live[i])
      tb->row[i] = T_FAIL(tb);
    else if (d->s[i].accept_now)
      tb->row[i] = T_MATCH(tb);
  free(live), free(loop);
}

/* Classes of ASCII bytes, of multi-byte lead bytes and of the non-ASCII code point segments. */
static void build_classes(table_t *tb, const evcc_redfa_t *d) {
  int *col = malloc(((size_t)tb->nrow + 1) * sizeof *col);
  for (int r = 0; r < tb->nrow; r++) col[r] = T_DECODE(tb);
  class_of(tb, col); /* class 0: the byte tables leave bytes 0x80-0xFF to zero-initialisation */
  for (int b = 0; b < 0x80; b++) {
    for (int r = 0; r < tb->nrow; r++) col[r] = target(tb, &d->s[tb->state[r]], b);
    tb->byte[b] = class_of(tb, col);
  }
  size_t nb = 0, cap = 8;
  long *cut = malloc(cap * sizeof *cut); /* where some row's transitions start or end */
  cut[nb++] = 0x80, cut[nb++] = MAX_CP + 1; /* past MAX_CP nothing matches */
  for (int r = 0; r < tb->nrow; r++) {
    const dstate_t *s = &d->s[tb->state[r]];
    for (size_t k = 0; k < s->nt; k++) {
      long edge[2] = {s->t[k].lo, s->t[k].hi + 1};
      for (int j = 0; j < 2; j++) {
        if (edge[j] <= 0x80 || edge[j] > MAX_CP) continue;
        if (nb == cap) cap *= 2, cut = realloc(cut, cap * sizeof *cut);
        cut[nb++] = edge[j];
      }
    }
  }
  qsort(cut, nb, sizeof *cut, cmp_long);
  tb->hicp = malloc(nb * sizeof *tb->hicp);
  tb->hicls = malloc(nb * sizeof *tb->hicls);
  for (size_t i = 0; i < nb; i++) {
    if (i && cut[i] == cut[i - 1]) continue;
    for (int r = 0; r < tb->nrow; r++)
      col[r] = cut[i] > MAX_CP ? T_FAIL(tb) : target(tb, &d->s[tb->state[r]], cut[i]);
    int c = class_of(tb, col);
    if (tb->nhi && tb->hicls[tb->nhi - 1] == c) continue;
    tb->hicp[tb->nhi] = cut[i], tb->hicls[tb->nhi++] = c;
  }
  free(cut), free(col);
}

/* The ASCII bytes every match starts with (each read by a state that fails on any other ASCII byte). */
static void find_fixed(table_t *tb) {
  bool *seen = calloc((size_t)tb->nrow, sizeof *seen);
  int r = tb->row[0];
  while (tb->nfixed < MAX_FIXED && !seen[r]) {
    seen[r] = true;
    int only = -1;
    for (int b = 0; b < 0x80 && only > -2; b++)
      if (next_of(tb, r, tb->byte[b]) != T_FAIL(tb)) only = only < 0 ? b : -2;
    if (only < 0 || next_of(tb, r, tb->byte[only]) >= tb->nrow) break;
    tb->fixed[tb->nfixed++] = (char)only;
    r = next_of(tb, r, tb->byte[only]);
  }
  tb->after_fixed = r;
  free(seen);
}

static void table_free(table_t *tb) {
  free(tb->row), free(tb->state), free(tb->hicp), free(tb->hicls), free(tb->cols), free(tb->hash);
}

/* A 256-entry byte table, its ASCII half 16 to a line (the rest is 0). */
static void emit_bytes(evcc_buf_t *o, const char *decl, const int *v) {
  evcc_buf_printf(o, "  %s[256] = {\n", decl);
  for (int i = 0; i < 128; i++) evcc_buf_printf(o, "%s%d,%s", i % 16 ? " " : "      ", v[i], i % 16 == 15 ? "\n" : "");
  evcc_buf_puts(o, "  };\n");
}

void evcc_redfa_emit(const evcc_redfa_t *d, evcc_buf_t *o, const char *name) {
  table_t tb;
  memset(&tb, 0, sizeof tb);
  number_rows(&tb, d);
  evcc_buf_printf(o, "static int %s(const char *s, size_t n) {\n", name);
  if (tb.row[0] >= tb.nrow) { /* decided before reading anything */
    evcc_buf_printf(o, "  (void)s;\n  (void)n;\n  return %d;\n}\n\n", tb.row[0] == T_MATCH(&tb));
    table_free(&tb);
    return;
  }
  build_classes(&tb, d);
  find_fixed(&tb);
  int k = tb.nrow, first_loop = tb.nrow - tb.nloop, v[128];
  const char *cell = k + 2 < 256 ? "uint8_t" : "uint16_t", *cls = tb.ncls <= 256 ? "unsigned char" : "unsigned short";
  char decl[64];

  evcc_buf_puts(o, "  /* byte -> class: bytes no state tells apart share one; 0: bytes 0x80-0xFF, to decode */\n");
  snprintf(decl, sizeof decl, "static const %s cls", cls);
  emit_bytes(o, decl, tb.byte);
  if (tb.nhi > 1) {
    evcc_buf_printf(o,
                    "  /* a non-ASCII code point c has class hicls[i] for the last hicp[i] <= c */\n"
                    "  static const long hicp[%lu] = {",
                    (unsigned long)tb.nhi);
    for (size_t i = 0; i < tb.nhi; i++) evcc_buf_printf(o, "%s0x%lX", i ? ", " : "", tb.hicp[i]);
    evcc_buf_printf(o, "};\n  static const %s hicls[%lu] = {", cls, (unsigned long)tb.nhi);
    for (size_t i = 0; i < tb.nhi; i++) evcc_buf_printf(o, "%s%d", i ? ", " : "", tb.hicls[i]);
    evcc_buf_puts(o, "};\n");
  }
  evcc_buf_printf(
      o,
      "  /* next[state][class]: a state, or %d = match, %d = no match, %d = decode a multi-byte character */\n"
      "  static const %s next[%d][%d] = {\n",
      k, k + 1, k + 2, cell, k, tb.ncls);
  for (int r = 0; r < k; r++) {
    evcc_buf_puts(o, "      {");
    for (int c = 0; c < tb.ncls; c++) evcc_buf_printf(o, "%s%d", c ? ", " : "", next_of(&tb, r, c));
    evcc_buf_printf(o, "}, /* %d */\n", r);
  }
  evcc_buf_printf(o, "  };\n  static const unsigned char fin[%d] = {", k);
  for (int r = 0; r < k; r++) evcc_buf_printf(o, "%s%d", r ? ", " : "", d->s[tb.state[r]].accept_end);
  evcc_buf_puts(o, "}; /* 1: a match when the string ends in that state */\n");
  if (tb.nloop) {
    evcc_buf_printf(o, "  /* bit (state - %d): the bytes a state with a self-loop reads without leaving it */\n",
                    first_loop);
    for (int i = 0; i < 128; i++) {
      v[i] = 0;
      for (int r = first_loop; r < k; r++)
        if (next_of(&tb, r, tb.byte[i]) == r) v[i] |= 1 << (r - first_loop);
    }
    emit_bytes(o, "static const unsigned char stay", v);
  }
  evcc_buf_printf(o, "  const char *p = s, *e = s + n;\n  unsigned st = %d, t;\n", tb.row[0]);
  if (tb.nfixed) {
    evcc_buf_printf(o, "  if (n >= %lu && memcmp(s, ", (unsigned long)tb.nfixed);
    evcc_buf_c_string(o, tb.fixed, tb.nfixed);
    evcc_buf_printf(o, ", %lu) == 0) p += %lu, st = %d; /* how every match starts: read at once */\n",
                    (unsigned long)tb.nfixed, (unsigned long)tb.nfixed, tb.after_fixed);
  }
  evcc_buf_puts(o, "  while (p < e) {\n    t = next[st][cls[(unsigned char)*p]];\n    ");
  if (first_loop) evcc_buf_printf(o, "if (t < %d) {\n      st = t, p++;\n    } else ", first_loop);
  if (tb.nloop)
    evcc_buf_printf(o,
                    "if (t < %d) { /* a state with a self-loop: read on while it stays, four bytes a step */\n"
                    "      unsigned m = 1u << (t - %d);\n      st = t, p++;\n"
                    "      while (e - p >= 4 && (stay[(unsigned char)p[0]] & stay[(unsigned char)p[1]] &\n"
                    "                            stay[(unsigned char)p[2]] & stay[(unsigned char)p[3]] & m) != 0)\n"
                    "        p += 4;\n"
                    "      while (p < e && (stay[(unsigned char)*p] & m) != 0) p++;\n    } else ",
                    k, first_loop);
  evcc_buf_printf(o,
                  "if (t == %d) { /* a multi-byte character, decoded through q so that p can stay in a register */\n"
                  "      const char *q = p;\n      long c = evc_utf8_next(&q, e);\n      p = q;\n",
                  k + 2);
  if (tb.nhi > 1)
    evcc_buf_printf(o,
                    "      if (c < 0x80) {\n        t = next[st][cls[c]];\n      } else {\n"
                    "        size_t lo = 0, hi = %lu;\n        while (hi - lo > 1) {\n"
                    "          size_t mid = (lo + hi) / 2;\n          if (c >= hicp[mid]) lo = mid;\n"
                    "          else hi = mid;\n        }\n        t = next[st][hicls[lo]];\n      }\n",
                    (unsigned long)tb.nhi);
  else
    evcc_buf_printf(o, "      t = next[st][c < 0x80 ? cls[c] : %d];\n", tb.hicls[0]);
  evcc_buf_printf(o,
                  "      if (t >= %d) return t == %d;\n      st = t;\n    } else {\n      return t == %d;\n    }\n  }\n"
                  "  return fin[st];\n}\n\n",
                  k, k, k);
  table_free(&tb);
}
