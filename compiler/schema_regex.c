/* ECMA-262 regex subset -> Thompson NFA -> DFA over code-point intervals -> straight-line C (schema `pattern`). */
#include "schema_regex.h"

#include <eventc/validate.h>
#include <stdint.h>
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
} nfa_t;

static int nadd(nfa_t *f, nkind_t k, int out, int out2, const cls_t *c) {
  if (f->n >= MAX_NFA) {
    f->overflow = true;
    return 0;
  }
  f->s = realloc(f->s, (size_t)(f->n + 1) * sizeof *f->s);
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
    builder_t b = {{NULL, 0, false}, 0, NULL, 0};
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

void evcc_redfa_emit(const evcc_redfa_t *d, evcc_buf_t *o, const char *name) {
  evcc_buf_printf(o, "static int %s(const char *s, size_t n) {\n  const char *p = s, *e = s + n;\n  int st = 0;\n  long c = 0;\n"
                     "  (void)c;\n  (void)e;\n  (void)p;\n"
                     "  for (;;) {\n    switch (st) {\n", name);
  for (int i = 0; i < d->n; i++) {
    const dstate_t *s = &d->s[i];
    evcc_buf_printf(o, "    case %d:\n", i);
    if (s->accept_now) {
      evcc_buf_puts(o, "      return 1;\n");
      continue;
    }
    evcc_buf_printf(o, "      if (p >= e) return %d;\n      c = (unsigned char)*p < 0x80 ? *p++ : evc_utf8_next(&p, e);\n      ", s->accept_end);
    for (size_t k = 0; k < s->nt; k++) {
      const dtrans_t *t = &s->t[k];
      if (t->lo == t->hi) evcc_buf_printf(o, "if (c == %ld) st = %d;\n      else ", t->lo, t->to);
      else evcc_buf_printf(o, "if (c >= %ld && c <= %ld) st = %d;\n      else ", t->lo, t->hi, t->to);
    }
    evcc_buf_puts(o, "return 0;\n      break;\n");
  }
  evcc_buf_puts(o, "    default:\n      return 0;\n    }\n  }\n}\n\n");
}
