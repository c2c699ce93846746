/* The one table of generated C identifiers: exact claims, namespace claims, renames, reserved words. */
#include "symtab.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  char *ident;
  char *what;
  evcc_loc_t loc;
  bool prefix; /* a namespace: every identifier starting with `ident` */
} entry_t;

struct evcc_symtab {
  entry_t *v;        /* every claim, in claim order */
  size_t n, cap;
  size_t *slots;     /* open addressing over exact claims: index + 1, 0 = empty */
  size_t nslot;
  size_t *prefixes;  /* indexes of namespace claims */
  size_t nprefix;
};

static void *xrealloc(void *p, size_t n) {
  p = realloc(p, n ? n : 1);
  if (!p) abort();
  return p;
}

static char *xstrdup(const char *s) {
  size_t n = strlen(s) + 1;
  return memcpy(xrealloc(NULL, n), s, n);
}

static uint64_t hash(const char *s) {
  uint64_t h = 1469598103934665603u; /* FNV-1a */
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211u;
  return h;
}

evcc_symtab_t *evcc_symtab_new(void) {
  evcc_symtab_t *t = xrealloc(NULL, sizeof *t);
  memset(t, 0, sizeof *t);
  return t;
}

void evcc_symtab_free(evcc_symtab_t *t) {
  if (!t) return;
  for (size_t i = 0; i < t->n; i++) {
    free(t->v[i].ident);
    free(t->v[i].what);
  }
  free(t->v);
  free(t->slots);
  free(t->prefixes);
  free(t);
}

static bool same_owner(const entry_t *e, const evcc_sym_owner_t *o) {
  const char *f = o->loc.file ? o->loc.file : "";
  const char *ef = e->loc.file ? e->loc.file : "";
  return !strcmp(e->what, o->what) && !strcmp(ef, f) && e->loc.line == o->loc.line && e->loc.col == o->loc.col;
}

static entry_t *find_exact(const evcc_symtab_t *t, const char *ident) {
  if (!t->nslot) return NULL;
  for (size_t i = hash(ident) & (t->nslot - 1);; i = (i + 1) & (t->nslot - 1)) {
    if (!t->slots[i]) return NULL;
    if (!strcmp(t->v[t->slots[i] - 1].ident, ident)) return &t->v[t->slots[i] - 1];
  }
}

/* The claim of another owner that `ident` (a name, or a namespace when `prefix`) runs into. */
static const entry_t *conflict(const evcc_symtab_t *t, const char *ident, bool prefix, const evcc_sym_owner_t *o) {
  size_t len = strlen(ident);
  for (size_t i = 0; i < t->nprefix; i++) {
    const entry_t *e = &t->v[t->prefixes[i]];
    size_t el = strlen(e->ident);
    bool overlap = !strncmp(e->ident, ident, el < len ? el : len) && (prefix || el <= len);
    if (overlap && !same_owner(e, o)) return e;
  }
  if (!prefix) {
    const entry_t *e = find_exact(t, ident);
    return e && !same_owner(e, o) ? e : NULL;
  }
  for (size_t i = 0; i < t->n; i++)
    if (!t->v[i].prefix && !strncmp(t->v[i].ident, ident, len) && !same_owner(&t->v[i], o)) return &t->v[i];
  return NULL;
}

bool evcc_sym_taken(const evcc_symtab_t *t, const char *ident, const evcc_sym_owner_t *o) {
  return conflict(t, ident, false, o) != NULL;
}

static void grow_slots(evcc_symtab_t *t) {
  size_t n = t->nslot ? t->nslot * 2 : 256;
  free(t->slots);
  t->slots = xrealloc(NULL, n * sizeof *t->slots);
  memset(t->slots, 0, n * sizeof *t->slots);
  t->nslot = n;
  for (size_t k = 0; k < t->n; k++) {
    if (t->v[k].prefix) continue;
    size_t i = hash(t->v[k].ident) & (n - 1);
    while (t->slots[i]) i = (i + 1) & (n - 1);
    t->slots[i] = k + 1;
  }
}

static void add(evcc_symtab_t *t, const char *ident, bool prefix, const evcc_sym_owner_t *o) {
  if (!prefix && find_exact(t, ident)) return; /* the same owner again */
  if (t->n == t->cap) {
    t->cap = t->cap ? t->cap * 2 : 64;
    t->v = xrealloc(t->v, t->cap * sizeof *t->v);
  }
  entry_t *e = &t->v[t->n++];
  e->ident = xstrdup(ident);
  e->what = xstrdup(o->what);
  e->loc = o->loc;
  e->prefix = prefix;
  if (prefix) {
    t->prefixes = xrealloc(t->prefixes, (t->nprefix + 1) * sizeof *t->prefixes);
    t->prefixes[t->nprefix++] = t->n - 1;
    return;
  }
  if (t->n * 2 > t->nslot) grow_slots(t);
  else {
    size_t i = hash(ident) & (t->nslot - 1);
    while (t->slots[i]) i = (i + 1) & (t->nslot - 1);
    t->slots[i] = t->n;
  }
}

static bool claim(evcc_symtab_t *t, const char *ident, bool prefix, const evcc_sym_owner_t *o, evcc_diag_t *d) {
  const entry_t *e = conflict(t, ident, prefix, o);
  if (!e) {
    add(t, ident, prefix, o);
    return true;
  }
  if (e->prefix)
    evcc_error(d, o->loc, "%s needs the C identifier%s %s%s, which is in the names %s* that %s generates", o->what,
               prefix ? "s" : "", ident, prefix ? "*" : "", e->ident, e->what);
  else
    evcc_error(d, o->loc, "%s needs the C identifier%s %s%s, which %s already uses", o->what, prefix ? "s" : "",
               ident, prefix ? "*" : "", e->what);
  evcc_note(d, e->loc, "%s is here", e->what);
  return false;
}

bool evcc_sym_claim(evcc_symtab_t *t, const char *ident, const evcc_sym_owner_t *o, evcc_diag_t *d) {
  return claim(t, ident, false, o, d);
}

bool evcc_sym_claim_prefix(evcc_symtab_t *t, const char *prefix, const evcc_sym_owner_t *o, evcc_diag_t *d) {
  return claim(t, prefix, true, o, d);
}

const char *evcc_sym_unique(evcc_symtab_t *t, const char *base, const evcc_sym_owner_t *o) {
  size_t cap = strlen(base) + 24;
  char *name = xrealloc(NULL, cap);
  snprintf(name, cap, "%s", base);
  for (unsigned k = 2; find_exact(t, name) || conflict(t, name, false, o) || evcc_sym_reserved(name); k++)
    snprintf(name, cap, "%s_%u", base, k);
  add(t, name, false, o);
  const char *claimed = find_exact(t, name)->ident;
  free(name);
  return claimed;
}

/* C11/C23 and C++ keywords, sorted (bsearch). */
static const char *const keywords[] = {
    "_Alignas", "_Alignof", "_Atomic", "_BitInt", "_Bool", "_Complex", "_Decimal128", "_Decimal32", "_Decimal64",
    "_Generic", "_Imaginary", "_Noreturn", "_Static_assert", "_Thread_local", "alignas", "alignof", "and", "and_eq",
    "asm", "auto", "bitand", "bitor", "bool", "break", "case", "catch", "char", "char16_t", "char32_t", "char8_t",
    "class", "co_await", "co_return", "co_yield", "compl", "concept", "const", "const_cast", "consteval",
    "constexpr", "constinit", "continue", "decltype", "default", "delete", "do", "double", "dynamic_cast", "else",
    "enum", "explicit", "export", "extern", "false", "float", "for", "friend", "goto", "if", "inline", "int", "long",
    "mutable", "namespace", "new", "noexcept", "not", "not_eq", "nullptr", "operator", "or", "or_eq", "private",
    "protected", "public", "register", "reinterpret_cast", "requires", "restrict", "return", "short", "signed",
    "sizeof", "static", "static_assert", "static_cast", "struct", "switch", "template", "this", "thread_local",
    "throw", "true", "try", "typedef", "typeid", "typename", "typeof", "typeof_unqual", "union", "unsigned", "using",
    "virtual", "void", "volatile", "wchar_t", "while", "xor", "xor_eq"};

static int cmp_str(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

bool evcc_sym_reserved(const char *ident) {
  if (ident[0] == '_' && ((ident[1] >= 'A' && ident[1] <= 'Z') || ident[1] == '_')) return true;
  if (strstr(ident, "__")) return true;
  return bsearch(&ident, keywords, sizeof keywords / sizeof *keywords, sizeof *keywords, cmp_str) != NULL;
}

void evcc_sym_segment(evcc_buf_t *b, const char *s, size_t n, const char *empty) {
  size_t start = b->len;
  bool pending = false; /* an '_' to write before the next character */
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!ok) {
      pending = b->len > start;
      continue;
    }
    if (pending) evcc_buf_putc(b, '_');
    pending = false;
    evcc_buf_putc(b, c);
  }
  if (b->len == start) evcc_buf_puts(b, empty);
}
